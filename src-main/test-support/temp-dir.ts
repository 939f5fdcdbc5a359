import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

/** A fresh temporary folder and a function that removes it. */
export function makeTempDir(prefix = 'vf-test-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** The real Voisin exports committed with the repository (`test-data/voisin`, provenance in its README). */
export const voisinFixtures = resolve(__dirname, '../../test-data/voisin')

/** The worker entry as source, run through tsx by the Node spawner. */
export const sourceWorkerEntry = resolve(__dirname, '../jobs/worker-entry.ts')
