import { test as base, _electron, type ElectronApplication, type Page } from '@playwright/test'
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
  screenshot(name: string): Promise<void>
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
      screenshot: async (name) => {
        mkdirSync(screenshotsDir, { recursive: true })
        await page.screenshot({ path: join(screenshotsDir, `${name}.png`), fullPage: true })
      },
    }
    await use(app)
    await close()
    rmSync(dataDir, { recursive: true, force: true })
  },
})

export { expect } from '@playwright/test'
