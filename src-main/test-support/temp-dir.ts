import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

/** A fresh temporary folder and a function that removes it. */
export function makeTempDir(prefix = 'vf-test-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** The shared fixture folder (`../shared/fixtures/voisin` next to the repository). */
export const voisinFixtures = resolve(__dirname, '../../../shared/fixtures/voisin')

/** The worker entry as source, run through tsx by the Node spawner. */
export const sourceWorkerEntry = resolve(__dirname, '../jobs/worker-entry.ts')
