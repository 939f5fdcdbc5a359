import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { e2eMode } from './mode'

export default function globalSetup(): void {
  const mode = e2eMode()
  const line =
    mode === 'electron'
      ? '[e2e] mode: electron (the built app launched with _electron.launch)'
      : '[e2e] mode: browser (production renderer in Debian Chromium + the real backend; no Electron binary here)'
  console.log(line)
  const built = ['worker.js', 'create-backend.js'].map((f) => resolve(__dirname, '../../out/main', f))
  if (!built.every((file) => existsSync(file))) {
    throw new Error('The app is not built: run `npm run test:e2e` (it builds first).')
  }
}
