import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import type { MenuCommand } from '../shared/contract'
import { appMenuTemplate } from './app-menu'

type Item = MenuItemConstructorOptions
const submenu = (item: Item | undefined) => (item?.submenu ?? []) as Item[]
const find = (items: Item[], label: string) => items.find((i) => i.label === label)

function menu(platform: NodeJS.Platform = 'linux') {
  const sent: MenuCommand[] = []
  const clearRecent = vi.fn()
  const template = appMenuTemplate({
    platform,
    appName: 'Voisin Forecast',
    recent: [{ id: 'r1', name: 'CDB008_2022_03_15min.csv + 2 more', paths: ['/d/a.csv'], openedAt: '' }],
    theme: 'dark',
    send: (command) => sent.push(command),
    clearRecent,
  })
  const click = (item: Item | undefined) => (item?.click as () => void)()
  return { template, sent, clearRecent, click }
}

describe('the application menu', () => {
  it('opens files (Ctrl/Cmd+O), the sample and recent imports, and exports, by sending commands to the page', () => {
    const { template, sent, clearRecent, click } = menu()
    const file = submenu(find(template, '&File'))
    const open = find(file, 'Open Files…')
    expect(open).toMatchObject({ accelerator: 'CmdOrCtrl+O', registerAccelerator: false })
    click(open)
    click(find(file, 'Open the Sample Household'))
    const recent = submenu(find(file, 'Open Recent'))
    expect(recent.map((i) => i.label ?? i.type)).toEqual([
      'CDB008_2022_03_15min.csv + 2 more',
      'separator',
      'Clear Menu',
    ])
    click(recent[0])
    click(find(file, 'Export Data as CSV…'))
    expect(sent).toEqual([
      { command: 'open-files' },
      { command: 'open-sample' },
      { command: 'open-recent', recentId: 'r1' },
      { command: 'export-data' },
    ])
    click(recent[2])
    expect(clearRecent).toHaveBeenCalled()
    expect(file.at(-1)).toEqual({ role: 'quit' })
  })

  it('switches areas with Ctrl/Cmd+1…4 and chooses the theme, the current one checked', () => {
    const { template, sent, click } = menu()
    const view = submenu(find(template, '&View'))
    const areas = view.slice(0, 4)
    expect(areas.map((i) => [i.label, i.accelerator, i.registerAccelerator])).toEqual([
      ['Datasets', 'CmdOrCtrl+1', false],
      ['Training', 'CmdOrCtrl+2', false],
      ['Models', 'CmdOrCtrl+3', false],
      ['Communities', 'CmdOrCtrl+4', false],
    ])
    click(areas[2])
    const themes = submenu(find(view, 'Theme'))
    expect(themes.map((i) => [i.label, i.checked])).toEqual([
      ['As the System', false],
      ['Light', false],
      ['Dark', true],
    ])
    click(themes[1])
    expect(sent).toEqual([
      { command: 'area', area: 'models' },
      { command: 'theme', theme: 'light' },
    ])
  })

  it('has the app menu on macOS (with Quit there), Edit, Window and Help everywhere, and no developer tools', () => {
    const mac = menu('darwin').template
    expect(mac[0]).toMatchObject({ role: 'appMenu' })
    expect(submenu(find(mac, '&File')).some((i) => i.role === 'quit')).toBe(false)
    for (const template of [mac, menu('win32').template]) {
      expect(template.some((i) => i.role === 'editMenu')).toBe(true)
      expect(template.some((i) => i.role === 'windowMenu')).toBe(true)
      expect(JSON.stringify(template)).not.toMatch(/toggleDevTools|forceReload|"reload"/)
    }
  })
})
