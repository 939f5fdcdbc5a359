import { productName } from '../../../package.json'
import type { BackendContext, Handlers } from '../context'

export function appHandlers(context: BackendContext): Pick<Handlers, 'app:info'> {
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
  }
}
