import { productName } from '../../../package.json'
import { AppError } from '../../shared/result'
import type { BackendContext, Handlers } from '../context'

export function appHandlers(context: BackendContext): Pick<Handlers, 'app:info' | 'dialog:openFiles'> {
  return {
    'app:info': async () => ({
      name: productName,
      version: context.appVersion,
      databasePath: context.databasePath,
      schemaVersion: await context.library.schemaVersion(),
      dataDir: context.dataDir,
      platform: `${process.platform}-${process.arch}`,
      node: process.versions.node,
    }),
    'dialog:openFiles': async (request) => {
      if (!context.dialogs) {
        throw new AppError('unavailable', 'No file dialog is available here; pass file paths instead.')
      }
      return { paths: await context.dialogs.openFiles(request) }
    },
  }
}
