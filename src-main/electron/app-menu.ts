/**
 * The application menu: the desktop habits people reach for (File → Open, Open Recent, Export;
 * View → the areas and the theme; Edit for text fields; Window; Help). Each of our items sends a
 * `MenuCommand` to the renderer (the `app:command` event), which carries it out as the matching
 * click would. Shortcuts the page handles itself (Ctrl/Cmd+O, Ctrl/Cmd+1…4) are shown here but not
 * registered (`registerAccelerator: false`), so a key press is handled once, in the page, in
 * Electron and in a browser alike. A plain function of its inputs, tested under Node.
 */
import type { MenuItemConstructorOptions } from 'electron'
import type { MenuCommand, RecentImport, Theme } from '../shared/contract'

export interface AppMenuOptions {
  platform: NodeJS.Platform
  appName: string
  recent: RecentImport[]
  theme: Theme
  send(command: MenuCommand): void
  /** clears the recent imports (main side: the renderer need not be open) */
  clearRecent(): void
}

const AREAS = [
  { area: 'datasets', label: 'Datasets' },
  { area: 'training', label: 'Training' },
  { area: 'models', label: 'Models' },
  { area: 'communities', label: 'Communities' },
] as const

export function appMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const { send } = options
  const mac = options.platform === 'darwin'
  const pageKey = (accelerator: string) => ({ accelerator, registerAccelerator: false })
  const recent: MenuItemConstructorOptions[] =
    options.recent.length === 0
      ? [{ label: 'No recent imports', enabled: false }]
      : [
          ...options.recent.map((r): MenuItemConstructorOptions => ({
            label: r.name,
            toolTip: r.paths.join('\n'),
            click: () => send({ command: 'open-recent', recentId: r.id }),
          })),
          { type: 'separator' },
          { label: 'Clear Menu', click: () => options.clearRecent() },
        ]
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'Open Files…', ...pageKey('CmdOrCtrl+O'), click: () => send({ command: 'open-files' }) },
      { label: 'Open the Sample Household', click: () => send({ command: 'open-sample' }) },
      { label: 'Open Recent', submenu: recent },
      { type: 'separator' },
      { label: 'Export Data as CSV…', click: () => send({ command: 'export-data' }) },
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  }
  const themes: { theme: Theme; label: string }[] = [
    { theme: 'system', label: 'As the System' },
    { theme: 'light', label: 'Light' },
    { theme: 'dark', label: 'Dark' },
  ]
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...AREAS.map(({ area, label }, i): MenuItemConstructorOptions => ({
        label,
        ...pageKey(`CmdOrCtrl+${i + 1}`),
        click: () => send({ command: 'area', area }),
      })),
      { type: 'separator' },
      {
        label: 'Theme',
        submenu: themes.map(({ theme, label }): MenuItemConstructorOptions => ({
          label,
          type: 'radio',
          checked: options.theme === theme,
          click: () => send({ command: 'theme', theme }),
        })),
      },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  }
  return [
    ...(mac ? [{ label: options.appName, role: 'appMenu' } as const] : []),
    file,
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ role: 'about' }] },
  ]
}
