import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import type { Backend } from '../backend/create-backend'
import { callChannels } from '../shared/contract'
import { fail } from '../shared/result'

/**
 * Registers one `ipcMain.handle` per contract call and forwards backend events to the window.
 * Payloads are validated by `backend.call`; calls from any frame other than our own page are refused.
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  backend: Backend,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
  getWebContents: () => WebContents | undefined,
): () => void {
  for (const channel of callChannels) {
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
    for (const channel of callChannels) ipcMain.removeHandler(channel)
  }
}
