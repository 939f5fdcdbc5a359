import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The Electron executable in `electronDir` (node_modules/electron), found the way electron-vite
 * finds it: `ELECTRON_EXEC_PATH` when set, else `dist/` + the name in `path.txt`. Undefined when
 * the binary is not there. Never `require('electron')`: since Electron 42 that starts a download.
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

/** What running Electron's installer gave: whether it succeeded, and its last words if not. */
export interface InstallerRun {
  ok: boolean
  error?: string
}

/**
 * Electron's own installer (`install.js`, the `install-electron` command): downloads the binary of the
 * installed version from Electron's release host into `dist/` and writes `path.txt`.
 */
export function runElectronInstaller(electronDir: string): InstallerRun {
  const run = spawnSync(process.execPath, [join(electronDir, 'install.js')], { encoding: 'utf8' })
  if (run.status === 0) return { ok: true }
  // the installer prints a stack; its first line says why (e.g. "getaddrinfo ENOTFOUND github.com")
  const firstLine = `${run.stderr ?? ''}${run.error?.message ?? ''}`.split('\n').find((line) => line.trim())
  return { ok: false, error: firstLine?.trim() ?? `exit code ${run.status}` }
}

/** The binary, or why there is none, as one line for the user. */
export type ElectronBinary = { path: string } | { missing: string }

/**
 * The Electron binary, downloaded first if needed. Electron 42+ no longer downloads it during
 * `npm install` (its postinstall script was removed), and electron-vite reads `path.txt` without
 * starting Electron's lazy download, so `npm start` runs the installer itself on first use.
 * `ELECTRON_SKIP_BINARY_DOWNLOAD=1` (offline machines, CI) skips the attempt.
 */
export function ensureElectronBinary(
  electronDir: string,
  env: NodeJS.ProcessEnv = process.env,
  install: (dir: string) => InstallerRun = runElectronInstaller,
  announce: (line: string) => void = (line) => console.error(line),
): ElectronBinary {
  const found = findElectronBinary(electronDir, env)
  if (found) return { path: found }
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1' || env.ELECTRON_SKIP_BINARY_DOWNLOAD === 'true')
    return { missing: missingElectronMessage('ELECTRON_SKIP_BINARY_DOWNLOAD is set') }
  announce('npm start: downloading the Electron binary (first run only)…')
  const run = install(electronDir)
  const installed = run.ok ? findElectronBinary(electronDir, env) : undefined
  if (installed) return { path: installed }
  return {
    missing: missingElectronMessage(
      `the download failed: ${run.error ?? 'no binary after the installer ran'}`,
    ),
  }
}

/** The one line `npm start` prints instead of electron-vite's "Error: Electron uninstall" stack. */
export function missingElectronMessage(reason: string): string {
  return (
    `npm start: the Electron binary is missing (${reason}). ` +
    'See "npm start needs the Electron binary" in README.md, or run `npm run demo`, which needs no window.'
  )
}
