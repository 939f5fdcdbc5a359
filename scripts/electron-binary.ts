import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The Electron executable `npm install` put in `electronDir` (node_modules/electron), found the way
 * electron-vite finds it: `ELECTRON_EXEC_PATH` when set, else `dist/` + the name in `path.txt`.
 * Undefined when the binary is not there (installed with ELECTRON_SKIP_BINARY_DOWNLOAD, or the
 * download failed), where `require('electron')` would throw.
 */
export function findElectronBinary(
  electronDir: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const pathFile = join(electronDir, 'path.txt')
  const executable =
    env.ELECTRON_EXEC_PATH ||
    (existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : undefined)
  return executable && existsSync(executable) ? executable : undefined
}

/** The one line `npm start` prints instead of electron-vite's "Error: Electron uninstall" stack. */
export const missingElectronMessage =
  'npm start: the Electron binary is not installed (node_modules/electron/dist is missing). ' +
  'See "npm start needs the Electron binary" in README.md, or run `npm run demo`, which needs no window.'
