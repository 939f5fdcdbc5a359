/**
 * Finding what an import already holds, by the SHA-256 of its source files: re-importing a file
 * (a second click, or a re-run after the first import was killed just after it committed) must not
 * make a second copy of the same readings.
 *
 * A file counts as the same when it has the same SHA-256 and was read the same way: the same zone
 * for the local days and the same reading of naive timestamps (an import with another `--tz` or
 * `--naive` gives other days and instants, so it is another dataset). A group file holds several
 * homes under one hash, so each household of an import is judged on its own, against the datasets
 * of the same household:
 * - the library has a dataset of that home made from exactly the same files: that dataset is
 *   returned instead of a new one (`alreadyImported`);
 * - some of its files are in a dataset of that home made from other files (a month imported alone,
 *   then again with the next month): the whole import is refused, naming each such file and its
 *   dataset, since a new dataset would silently hold the same readings twice;
 * - otherwise the household's dataset is new.
 * Asking for a copy (`allowDuplicate`) skips the check.
 */
import type { Queryable } from '../../db/library'
import { AppError } from '../../shared/result'
import type { PreparedDataset } from '../import/read-exports'

interface StoredFile {
  datasetId: number
  datasetName: string
  /** sha256, zone and naive reading: what makes the same readings */
  key: string
}

const fileKey = (sha256: string, zone: string, naive: string | null) => `${sha256} ${zone} ${naive ?? ''}`

/**
 * For each prepared dataset, the id of the dataset that already holds exactly its files, or null
 * for a new one. Run it in the transaction that stores the new ones, so two imports of the same
 * file at once cannot both find nothing.
 * @throws AppError `conflict` when some files of a household are in a dataset made from other files
 */
export async function findAlreadyImported(
  q: Queryable,
  prepared: PreparedDataset[],
): Promise<(number | null)[]> {
  const conflicts: string[] = []
  const found: (number | null)[] = []
  for (const dataset of prepared) {
    const keys = new Set(dataset.files.map((f) => fileKey(f.sha256, dataset.zone, f.naive)))
    const hashes = [...new Set(dataset.files.map((f) => f.sha256))]
    // every file of this home's datasets that hold any of these hashes
    const rows = await q.all<{
      datasetId: number
      datasetName: string
      sha256: string
      zone: string
      naive: string | null
    }>(
      `SELECT f.dataset_id AS datasetId, d.name AS datasetName, f.sha256, d.zone, f.naive
       FROM dataset_files f JOIN datasets d ON d.id = f.dataset_id
       WHERE d.home = ? AND d.deleted_at IS NULL AND f.dataset_id IN (
         SELECT dataset_id FROM dataset_files WHERE sha256 IN (${hashes.map(() => '?').join(', ')}))
       ORDER BY f.dataset_id, f.id`,
      [dataset.home, ...hashes],
    )
    const stored = rows.map((f): StoredFile => ({ ...f, key: fileKey(f.sha256, f.zone, f.naive) }))
    const byDataset = new Map<number, Set<string>>()
    for (const file of stored)
      byDataset.set(file.datasetId, (byDataset.get(file.datasetId) ?? new Set()).add(file.key))
    const same = [...byDataset.entries()].find(([, held]) => sameSet(held, keys))
    found.push(same ? same[0] : null)
    if (same) continue
    for (const file of dataset.files) {
      const holder = stored.find((s) => s.key === fileKey(file.sha256, dataset.zone, file.naive))
      if (holder) conflicts.push(`${file.name} is in dataset ${holder.datasetId} (${holder.datasetName})`)
    }
  }
  if (conflicts.length > 0) {
    throw new AppError(
      'conflict',
      `Some files are already in the library: ${[...new Set(conflicts)].join('; ')}. ` +
        'Import only the files that are not, or import a copy (import --copy) to make a new dataset of them all.',
    )
  }
  return found
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x))
}
