import { test as base, _electron, type ElectronApplication, type Page } from '@playwright/test'
import type { MenuItemConstructorOptions } from 'electron'
import { appMenuTemplate } from '../../src-main/electron/app-menu'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Backend } from '../../src-main/backend/create-backend'
import { attachBrowserBackend } from './browser-backend'
import { detectElectron, type E2eMode } from './mode'

/** The real Voisin exports committed with the repository (provenance in its README). */
export const fixturesDir = resolve(__dirname, '../../test-data/voisin')
export const screenshotsDir = resolve(__dirname, '../../test-results/screenshots')

export interface OpenQueueOptions {
  folders?: boolean
}

/** Why the stand-in dialog refuses a queued answer: the page asked for the other kind of dialog. */
export function dialogKindMismatch(queuedFolders: boolean, askedFolders: boolean): string | null {
  if (queuedFolders === askedFolders) return null
  return queuedFolders
    ? 'The test queued folders but the page opened a file dialog (it cannot choose folders).'
    : 'The test queued files but the page opened a folder dialog.'
}

export interface VoisinApp {
  page: Page
  mode: E2eMode
  /** the library folder of this test (a fresh temp folder) */
  dataDir: string
  /**
   * The next "Open…" dialog answers with these paths. With `folders`, they are folders and the page must
   * ask for a folder dialog (a file dialog cannot choose them): the dialog refuses otherwise.
   */
  queueOpenFiles(paths: string[], options?: OpenQueueOptions): Promise<void>
  /** the next "Save…" dialog answers with this path */
  queueSaveFile(path: string): Promise<void>
  /** calls the backend through the page's own `window.api`, for setup steps */
  call<T = unknown>(domain: string, action: string, request?: unknown): Promise<T>
  /** a setup step: imports files as the page does (open dialog → tokens → `dataset.import`) */
  importFiles(paths: string[]): Promise<void>
  /** clicks an item of the application menu by its labels (`'&File', 'Open Files…'`) */
  menu(...labels: string[]): Promise<void>
  /** the library file the app uses (for the CLI on the same library) */
  databasePath: string
  /**
   * `<name>.png`: what is on screen; with `full`, also `<name>-full.png`: the whole page, scrolled
   * content included (the app scrolls inside its content area, not the document)
   */
  screenshot(name: string, options?: { full?: boolean }): Promise<void>
}

/** Clicks the item at `labels` in a menu template (the menu's own click, as a person would). */
function clickMenuItem(template: MenuItemConstructorOptions[], labels: string[]): void {
  let items = template
  let item: MenuItemConstructorOptions | undefined
  for (const label of labels) {
    item = items.find((candidate) => candidate.label === label)
    if (!item) throw new Error(`No menu item "${label}" (of ${labels.join(' → ')})`)
    items = (item.submenu ?? []) as MenuItemConstructorOptions[]
  }
  ;(item!.click as () => void)()
}

/** A running Voisin Forecast per test: the Electron app, or the renderer in Chromium with the real backend. */
export const test = base.extend<{ app: VoisinApp }>({
  app: async ({ playwright, launchOptions, baseURL }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vf-e2e-'))
    const electronPath = detectElectron()
    let page: Page
    let close: () => Promise<void>
    let queueOpenFiles: VoisinApp['queueOpenFiles']
    let queueSaveFile: (path: string) => Promise<void>
    let menu: (...labels: string[]) => Promise<void>
    if (electronPath) {
      const electronApp: ElectronApplication = await _electron.launch({
        executablePath: electronPath,
        args: [resolve(__dirname, '../../out/main/index.js')],
        env: { ...process.env, VOISIN_FORECAST_USER_DATA: dataDir },
      })
      page = await electronApp.firstWindow()
      queueOpenFiles = async (paths, options = {}) => {
        await electronApp.evaluate(
          ({ dialog }, [filePaths, folders]) => {
            dialog.showOpenDialog = (async (...args: unknown[]) => {
              const request = args.at(-1) as { properties?: string[] }
              const asked = request.properties?.includes('openDirectory') ?? false
              if (asked !== folders) throw new Error(`dialog kind: queued folders=${folders}, asked ${asked}`)
              return { canceled: false, filePaths }
            }) as never
          },
          [paths, Boolean(options.folders)] as const,
        )
      }
      queueSaveFile = async (path) => {
        await electronApp.evaluate(({ dialog }, filePath) => {
          dialog.showSaveDialog = (async () => ({ canceled: false, filePath })) as never
        }, path)
      }
      menu = async (...labels) => {
        await electronApp.evaluate(({ Menu }, path) => {
          let items = Menu.getApplicationMenu()?.items ?? []
          let found: Electron.MenuItem | undefined
          for (const label of path) {
            found = items.find((item) => item.label === label)
            items = found?.submenu?.items ?? []
          }
          found?.click()
        }, labels)
      }
      close = () => electronApp.close()
    } else {
      const browser = await playwright.chromium.launch(launchOptions)
      const context = await browser.newContext({ baseURL })
      page = await context.newPage()
      const openQueue: { paths: string[]; folders: boolean }[] = []
      const saveQueue: string[] = []
      const backend: Backend = await attachBrowserBackend(page, dataDir, {
        openFiles: async (request) => {
          const next = openQueue.shift()
          if (!next) return []
          const mismatch = dialogKindMismatch(next.folders, Boolean(request.folders))
          if (mismatch) throw new Error(mismatch)
          return next.paths
        },
        saveFile: async () => saveQueue.shift() ?? null,
      })
      queueOpenFiles = async (paths, options = {}) =>
        void openQueue.push({ paths, folders: Boolean(options.folders) })
      queueSaveFile = async (path) => void saveQueue.push(path)
      // no Electron menu here: the same template, its commands sent as the Electron shell sends them
      menu = async (...labels) => {
        const settings = await backend.call('app:settings', {})
        if (!settings.ok) throw new Error(settings.error.message)
        const template = appMenuTemplate({
          platform: process.platform,
          appName: 'Voisin Forecast',
          recent: settings.data.recentImports,
          theme: settings.data.theme,
          send: (command) => backend.context.emit('app:command', command),
          clearRecent: () => void backend.call('app:clearRecent', {}),
        })
        clickMenuItem(template, labels)
      }
      await page.goto('/')
      close = async () => {
        await browser.close()
        await backend.close()
      }
    }
    const app: VoisinApp = {
      page,
      mode: electronPath ? 'electron' : 'browser',
      dataDir,
      queueOpenFiles,
      queueSaveFile,
      menu,
      databasePath: join(dataDir, 'library.sqlite'),
      importFiles: async (paths) => {
        await queueOpenFiles(paths)
        const { files } = await app.call<{ files: { token: string }[] }>('dialog', 'openFiles', {})
        await app.call('dataset', 'import', { files: files.map((f) => f.token) })
      },
      call: async (domain, action, request = {}) => {
        const result = await page.evaluate(
          ([d, a, r]) =>
            (
              globalThis as unknown as {
                api: Record<string, Record<string, (r: unknown) => Promise<unknown>>>
              }
            ).api[d][a](r),
          [domain, action, request] as const,
        )
        const typed = result as { ok: boolean; data?: unknown; error?: { message: string } }
        if (!typed.ok) throw new Error(typed.error?.message)
        return typed.data as never
      },
      screenshot: async (name, options = {}) => {
        mkdirSync(screenshotsDir, { recursive: true })
        await page.screenshot({ path: join(screenshotsDir, `${name}.png`) })
        if (!options.full) return
        const unbounded = await page.addStyleTag({
          content:
            'html, body, #app, .shell { height: auto !important; } .content { overflow: visible !important; }',
        })
        await page.screenshot({ path: join(screenshotsDir, `${name}-full.png`), fullPage: true })
        await unbounded.evaluate((node) => node.remove())
      },
    }
    await use(app)
    await close()
    rmSync(dataDir, { recursive: true, force: true })
  },
})

export { expect } from '@playwright/test'
