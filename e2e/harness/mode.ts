import { resolve } from 'node:path'
import { findElectronBinary } from '../../scripts/electron-binary'

/** The Electron executable when the binary was installed (npm install on a normal connection). */
export function detectElectron(): string | undefined {
  if (process.env.VF_E2E_MODE === 'browser') return undefined
  return findElectronBinary(resolve(__dirname, '../../node_modules/electron'))
}

export type E2eMode = 'electron' | 'browser'

export function e2eMode(): E2eMode {
  return detectElectron() ? 'electron' : 'browser'
}
