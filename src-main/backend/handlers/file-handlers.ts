import { basename } from 'node:path'
import { AppError } from '../../shared/result'
import type { BackendContext, DialogPort, Handlers } from '../context'

/** The dialogs and dropped files: every path the person chose becomes a grant; only its token leaves. */
export function fileHandlers(
  context: BackendContext,
): Pick<Handlers, 'dialog:openFiles' | 'dialog:saveFile' | 'file:grantDropped'> {
  const dialogs = (): DialogPort => {
    if (!context.dialogs) {
      throw new AppError('unavailable', 'No file dialog is available here; pass file paths instead.')
    }
    return context.dialogs
  }
  return {
    'dialog:openFiles': async (request) => ({
      files: (await dialogs().openFiles(request)).map((path) => context.files.grant(path, 'read')),
    }),
    'dialog:saveFile': async ({ defaultName, ...options }) => {
      // A suggested name only: a folder in it could steer the dialog to a file the person never meant.
      const name = basename((defaultName ?? '').replace(/\\/g, '/'))
      const suggested = name === '.' || name === '..' || name === '' ? {} : { defaultName: name }
      const path = await dialogs().saveFile({ ...options, ...suggested })
      return { file: path === null ? null : context.files.grant(path, 'write') }
    },
    // Read-only: the preload resolved these from File objects the person dropped (see channels.ts).
    'file:grantDropped': async ({ paths }) => ({
      files: paths.map((path) => context.files.grant(path, 'read')),
    }),
  }
}
