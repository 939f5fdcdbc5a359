import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { productName } from '../../package.json'

/**
 * The platform's per-user application-data folder for Voisin Forecast. It is the folder
 * Electron's `app.getPath('userData')` returns, so the CLI and the app share one library.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), productName)
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', productName)
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), productName)
}

/** The worker entry next to the running code: the .ts source under tsx, the bundle once built. */
export function workerEntryBeside(moduleFile: string, moduleDir: string): string {
  return moduleFile.endsWith('.ts')
    ? resolve(moduleDir, '../jobs/worker-entry.ts')
    : resolve(moduleDir, 'worker.js')
}
