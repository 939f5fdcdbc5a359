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
  if (!existsSync(resolve(__dirname, '../../out/main/worker.js'))) {
    throw new Error('The app is not built: run `npm run test:e2e` (it builds first).')
  }
}
