import { productName } from '../../../package.json'
import { clearRecentImports, readSettings, updateSettings } from '../../settings/app-settings'
import type { AppSettings } from '../../shared/contract'
import type { BackendContext, Handlers } from '../context'

export function appHandlers(
  context: BackendContext,
): Pick<Handlers, 'app:info' | 'app:settings' | 'app:updateSettings' | 'app:clearRecent'> {
  const announce = (settings: AppSettings) => {
    context.emit('app:settingsChanged', settings)
    return settings
  }
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
    'app:updateSettings': async (patch) => announce(await updateSettings(context.library, patch)),
    'app:clearRecent': async () => announce(await clearRecentImports(context.library)),
  }
}
