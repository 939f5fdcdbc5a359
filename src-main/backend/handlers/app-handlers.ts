import { productName } from '../../../package.json'
import { clearRecentImports, readSettings, updateSettings } from '../../settings/app-settings'
import type { BackendContext, Handlers } from '../context'

export function appHandlers(
  context: BackendContext,
): Pick<Handlers, 'app:info' | 'app:settings' | 'app:updateSettings' | 'app:clearRecent'> {
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
    'app:settings': () => readSettings(context.library),
    'app:updateSettings': (patch) => updateSettings(context.library, patch),
    'app:clearRecent': () => clearRecentImports(context.library),
  }
}
