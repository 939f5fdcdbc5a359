import { readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Library } from '../db/library'
import { assignByPrefix } from '../community/community-store'
import { readExports } from '../data/import/read-exports'
import { storeDatasets } from '../data/store/store-datasets'

/** The community subset committed for tests (`test-data/voisin/community`, see its PROVENANCE.md). */
export const communityFixtures = resolve(__dirname, '../../test-data/voisin/community')

/** The CSV files of one community of the subset (`CDB` or `ECHL`), sorted. */
export function communityFiles(name: 'CDB' | 'ECHL'): string[] {
  const dir = join(communityFixtures, name)
  return readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => join(dir, f))
}

/** Imports files into `library` as the import job does (one transaction, homes put in their communities). */
export async function importIntoLibrary(library: Library, paths: string[]): Promise<number[]> {
  const prepared = await readExports(paths, { parallel: { threads: 1 } })
  const stored = await storeDatasets(library, prepared, { afterStore: assignByPrefix })
  return stored.map((d) => d.datasetId)
}
