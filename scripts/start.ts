/**
 * `npm start`: `electron-vite preview` (build, then run the app) when the Electron binary is
 * installed; otherwise one line saying so, instead of electron-vite's stack trace.
 */
import { spawn } from 'node:child_process'
import { dirname, resolve } from 'node:path'
import { findElectronBinary, missingElectronMessage } from './electron-binary'

const electronDir = dirname(require.resolve('electron/package.json'))
if (!findElectronBinary(electronDir)) {
  console.error(missingElectronMessage)
  process.exit(1)
}
const electronVite = resolve(dirname(require.resolve('electron-vite/package.json')), 'bin/electron-vite.js')
const app = spawn(process.execPath, [electronVite, 'preview', ...process.argv.slice(2)], { stdio: 'inherit' })
app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
