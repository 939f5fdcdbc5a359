import type { Page } from '@playwright/test'
import { resolve } from 'node:path'
import { createBackend, type Backend } from '../../src-main/backend/create-backend'
import { buildApi } from '../../src-main/shared/api-builder'
import { callChannels, eventChannels } from '../../src-main/shared/contract'

/**
 * Browser mode: the real backend (SQLite file in `dataDir`, real services, real worker processes
 * from the production build) runs in the test process; only the IPC transport is replaced.
 * The page gets the same `window.api` object the Electron preload builds (same builder source).
 */
export async function attachBrowserBackend(
  page: Page,
  dataDir: string,
  nextOpenFiles: () => string[],
): Promise<Backend> {
  const backend = await createBackend({
    dataDir,
    workerEntry: resolve(__dirname, '../../out/main/worker.js'),
    // Stand-in for the OS file dialog, which a headless browser cannot show.
    dialogs: { openFiles: async () => nextOpenFiles() },
  })
  await page.exposeFunction('__vfInvoke', (channel: string, request: unknown) =>
    backend.call(channel as never, request),
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
    globalThis.api = buildApi(${JSON.stringify(callChannels)}, ${JSON.stringify(eventChannels)},
      (channel, request) => globalThis.__vfInvoke(channel, request),
      (channel, listener) => {
        const set = listeners.get(channel) ?? new Set(); set.add(listener); listeners.set(channel, set);
        return () => set.delete(listener);
      });
  })()`
  await page.addInitScript(script)
  return backend
}
