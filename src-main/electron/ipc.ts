import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import type { Backend } from '../backend/create-backend'
import { windowCalls } from '../shared/channels'
import { fail } from '../shared/result'

/**
 * Registers one `ipcMain.handle` per call the app window may make (the renderer's calls and the
 * preload's own, shared/channels.ts) and forwards backend events to the window. Every other
 * backend call (the CLI's, which take paths) has no handler, so the window cannot reach it.
 * Payloads are validated by `backend.call`; calls from any frame other than our own page are refused.
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  backend: Backend,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
  getWebContents: () => WebContents | undefined,
): () => void {
  for (const channel of windowCalls) {
    ipcMain.handle(channel, (event, request: unknown) => {
      if (!isTrustedSender(event))
        return fail('invalid-request', 'Refused: the call did not come from the app window.')
      return backend.call(channel, request)
    })
  }
  const unsubscribe = backend.onEvent((channel, payload) => {
    const contents = getWebContents()
    if (contents && !contents.isDestroyed()) contents.send(channel, payload)
  })
  return () => {
    unsubscribe()
    for (const channel of windowCalls) ipcMain.removeHandler(channel)
  }
}
