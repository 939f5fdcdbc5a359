import type { Page } from '@playwright/test'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import type { DialogPort } from '../../src-main/backend/context'
import type { Backend } from '../../src-main/backend/create-backend'
import { buildApi } from '../../src-main/shared/api-builder'
import { eventChannels, isRendererCall, rendererCalls } from '../../src-main/shared/channels'
import { fail } from '../../src-main/shared/result'

const builtMain = resolve(__dirname, '../../out/main')

/**
 * The backend as the Electron main process loads it: the production bundle's `create-backend.js`
 * (electron.vite.config.ts names it), run by plain Node. Not the TypeScript sources: Playwright's
 * loader runs those, and on Node 20 it hands a dynamically imported .ts module (the TF.js engine,
 * loaded on first use by training/model-factory.ts) to Node as CommonJS with its `import`
 * statements left in, which fails with "Cannot use import statement outside a module", a failure
 * the app never has (its bundle turns that import into a `require` of a chunk).
 */
function loadBuiltBackend(): typeof import('../../src-main/backend/create-backend') {
  return createRequire(__filename)(resolve(builtMain, 'create-backend.js'))
}

/**
 * Browser mode: the real backend (SQLite file in `dataDir`, real services, real worker processes,
 * all from the production build) runs in the test process; only the IPC transport is replaced.
 * The page gets the same `window.api` object the Electron preload builds (same builder source,
 * same renderer calls), and the transport refuses every other call as Electron's IPC does (it has
 * no handler for them), so a spec that passes proves the renderer needs nothing else.
 */
export async function attachBrowserBackend(
  page: Page,
  dataDir: string,
  dialogs: DialogPort,
): Promise<Backend> {
  const backend = await loadBuiltBackend().createBackend({
    dataDir,
    workerEntry: resolve(builtMain, 'worker.js'),
    // Stand-in for the OS file dialogs, which a headless browser cannot show.
    dialogs,
    // as the app: datasets added by another connection (the CLI on the same library) are announced
    watchLibrary: true,
  })
  await page.exposeFunction('__vfInvoke', (channel: string, request: unknown) =>
    isRendererCall(channel)
      ? backend.call(channel, request)
      : fail('invalid-request', `Refused: ${channel} is not a call the app window may make.`),
  )
  backend.onEvent((channel, payload) => {
    page
      .evaluate(
        ([c, p]) =>
          (globalThis as unknown as { __vfEmit?: (c: string, p: unknown) => void }).__vfEmit?.(c, p),
        [channel, payload] as const,
      )
      .catch(() => undefined) // the page may be closing
  })
  const script = `(() => {
    const buildApi = ${buildApi.toString()};
    const listeners = new Map();
    globalThis.__vfEmit = (channel, payload) => { for (const l of listeners.get(channel) ?? []) l(payload) };
    globalThis.api = buildApi(${JSON.stringify(rendererCalls)}, ${JSON.stringify(eventChannels)},
      (channel, request) => globalThis.__vfInvoke(channel, request),
      (channel, listener) => {
        const set = listeners.get(channel) ?? new Set(); set.add(listener); listeners.set(channel, set);
        return () => set.delete(listener);
      });
  })()`
  await page.addInitScript(script)
  return backend
}
