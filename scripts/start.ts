/**
 * `npm start`: `electron-vite preview` (build, then run the app) once the Electron binary is there,
 * downloading it on first use; otherwise one line saying why, instead of electron-vite's stack trace.
 */
import { spawn } from 'node:child_process'
import { dirname, resolve } from 'node:path'
import { ensureElectronBinary } from './electron-binary'

const binary = ensureElectronBinary(dirname(require.resolve('electron/package.json')))
if ('missing' in binary) {
  console.error(binary.missing)
  process.exit(1)
}
const electronVite = resolve(dirname(require.resolve('electron-vite/package.json')), 'bin/electron-vite.js')
const app = spawn(process.execPath, [electronVite, 'preview', ...process.argv.slice(2)], { stdio: 'inherit' })
app.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
