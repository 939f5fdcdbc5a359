import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** The Electron executable when the binary was installed (npm install on a normal connection). */
export function detectElectron(): string | undefined {
  if (process.env.VF_E2E_MODE === 'browser') return undefined
  const dir = resolve(__dirname, '../../node_modules/electron')
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return undefined
  const executable = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(executable) ? executable : undefined
}

export type E2eMode = 'electron' | 'browser'

export function e2eMode(): E2eMode {
  return detectElectron() ? 'electron' : 'browser'
}
