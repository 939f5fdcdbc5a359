/**
 * Writes prepared datasets to the library in ONE transaction: a failure or a cancel at any
 * point rolls everything back, so the library never holds half an import.
 */
import type { Library, Queryable, SqlValue } from '../../db/library'
import type { DayCounts } from '../analysis/analyse-readings'
import type { PreparedDataset } from '../import/read-exports'
import { buildColumnSummaries, summaryLevels } from '../inspect/summary'
import { findAlreadyImported } from './already-imported'

const DAY_BATCH = 200
/** days of readings per INSERT (6 parameters each; SQLite allows 32 766) */
const READINGS_BATCH = 200

export interface StoreOptions {
  checkpoint?: () => Promise<void>
  onProgress?: (fraction: number, message: string) => void
  /** more writes of the same import, in its transaction (for example: put the homes in their communities) */
  afterStore?: (tx: Queryable, datasetIds: number[]) => Promise<void>
  /** store a new dataset even where the library holds one made from the same files (see already-imported.ts) */
  allowDuplicate?: boolean
}

/** A dataset of an import: newly stored, or the one the library already had for the same files. */
export interface StoredDataset {
  datasetId: number
  alreadyImported: boolean
}

/** Little-endian bytes of a typed array, as stored in BLOB columns. */
export function blobOf(array: Float32Array | Int32Array | Float64Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength)
}

/** `INSERT INTO table (columns) VALUES (?, …), …` for rowCount rows: one statement for many rows. */
function multiRowInsert(table: string, columns: string[], rowCount: number): string {
  const row = `(${columns.map(() => '?').join(', ')})`
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${new Array<string>(rowCount).fill(row).join(', ')}`
}

const DAY_COLUMNS = ['dataset_id', 'day', 'start_ms', 'end_ms', 'expected', 'present', 'empty', 'zero']
const READING_COLUMNS = ['dataset_id', 'day', 'start_ms', 'count', 'offsets', 'vals']

async function insertDays(tx: Queryable, datasetId: number, days: DayCounts[]): Promise<void> {
  for (let at = 0; at < days.length; at += DAY_BATCH) {
    const batch = days.slice(at, at + DAY_BATCH)
    const params = batch.flatMap((d) => [
      datasetId,
      d.day,
      d.startMs,
      d.endMs,
      d.expected,
      d.present,
      d.empty,
      d.zero,
    ])
    await tx.run(multiRowInsert('dataset_days', DAY_COLUMNS, batch.length), params)
  }
}

/**
 * Queues one row per local day with readings (offsets since local midnight, column-major values)
 * without waiting, READINGS_BATCH days per statement: the sqlite3 binding hands each statement's
 * steps back to this thread, so a few long statements let SQLite write on its own thread while
 * this one builds the summaries, where one statement per day would wait for this thread each time.
 */
async function queueReadings(
  tx: Queryable,
  datasetId: number,
  dataset: PreparedDataset,
): Promise<Promise<unknown>[]> {
  const { instants, columns } = dataset.readings
  const width = columns.length
  const days = dataset.analysis.days.filter((day) => day.end > day.first)
  const pending: Promise<unknown>[] = []
  // each batch is queued as soon as it is built: SQLite starts writing while the next one is built
  for (let at = 0; at < days.length; at += READINGS_BATCH) {
    const batch = days.slice(at, at + READINGS_BATCH).map((day) => {
      const n = day.end - day.first
      const offsets = new Int32Array(n)
      for (let i = 0; i < n; i++) offsets[i] = instants[day.first + i] - day.startMs
      const values = new Float32Array(n * width)
      for (let c = 0; c < width; c++) values.set(columns[c].subarray(day.first, day.end), c * n)
      return [datasetId, day.day, day.startMs, n, blobOf(offsets), blobOf(values)]
    })
    pending.push(tx.run(multiRowInsert('dataset_readings', READING_COLUMNS, batch.length), batch.flat()))
    await new Promise((resume) => setImmediate(resume))
  }
  return pending
}

/**
 * The chart summaries of every column, as rows to insert. It returns to the event loop first: the
 * queued INSERTs only start once their prepared statements have called back.
 */
async function summaryRows(datasetId: number, dataset: PreparedDataset): Promise<SqlValue[][]> {
  const { instants, columns, columnNames } = dataset.readings
  const days = dataset.analysis.days
  const startMs = days[0].startMs
  const endMs = days[days.length - 1].endMs
  const levels = summaryLevels(dataset.analysis.intervalSeconds)
  await new Promise((resume) => setImmediate(resume))
  return buildColumnSummaries(instants, columns, startMs, endMs, levels).flatMap((column, c) =>
    column.map((level) => [
      datasetId,
      columnNames[c],
      level.bucketSeconds,
      startMs,
      level.buckets,
      blobOf(level.data),
    ]),
  )
}

/**
 * Writes everything of a prepared dataset but its `datasets` row: source files, day counts, readings
 * and chart summaries. Every queued write is settled before it returns, so a ROLLBACK never races an INSERT.
 */
export async function writeDatasetContent(
  tx: Queryable,
  datasetId: number,
  dataset: PreparedDataset,
): Promise<void> {
  for (const file of dataset.files) {
    await tx.run(
      'INSERT INTO dataset_files (dataset_id, path, name, bytes, sha256, layout, rows, naive) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [datasetId, file.path, file.name, file.bytes, file.sha256, file.layout, file.rows, file.naive],
    )
  }
  await insertDays(tx, datasetId, dataset.analysis.days)
  const pending = await queueReadings(tx, datasetId, dataset)
  // built while SQLite writes the readings
  for (const row of await summaryRows(datasetId, dataset)) {
    pending.push(
      tx.run(
        'INSERT INTO dataset_summaries (dataset_id, column_name, bucket_seconds, start_ms, buckets, data) VALUES (?, ?, ?, ?, ?, ?)',
        row,
      ),
    )
  }
  // settle every queued write before a cancel check, so ROLLBACK never races an INSERT
  const results = await Promise.allSettled(pending)
  const failure = results.find((r) => r.status === 'rejected')
  if (failure) throw (failure as PromiseRejectedResult).reason
}

/**
 * Stores every prepared dataset in one transaction and returns their ids, in order. A dataset the
 * library already holds (same home, same source files) is returned instead of stored again, unless
 * `allowDuplicate`; an import that would hold some files twice is refused (already-imported.ts).
 */
export async function storeDatasets(
  library: Library,
  prepared: PreparedDataset[],
  options: StoreOptions = {},
): Promise<StoredDataset[]> {
  return library.transaction(async (tx) => {
    const existing = options.allowDuplicate
      ? prepared.map(() => null)
      : await findAlreadyImported(tx, prepared)
    const ids: StoredDataset[] = []
    for (const [index, dataset] of prepared.entries()) {
      const already = existing[index]
      if (already !== null) {
        ids.push({ datasetId: already, alreadyImported: true })
        continue
      }
      options.onProgress?.(0.9 + (0.1 * index) / prepared.length, `Saving ${dataset.home}`)
      await options.checkpoint?.()
      const { readings, analysis } = dataset
      const first = readings.instants[0]
      const last = readings.instants[readings.instants.length - 1]
      const names = [...new Set(dataset.files.filter((f) => f.rows > 0).map((f) => f.name))]
      const name = names.length === 1 ? names[0] : `${dataset.home} (${names.length} files)`
      const { lastID: datasetId } = await tx.run(
        `INSERT INTO datasets (home, name, zone, interval_seconds, start_ms, end_ms, rows, readings, duplicates, columns, stats, warnings)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          dataset.home,
          name,
          dataset.zone,
          analysis.intervalSeconds,
          first,
          last,
          readings.rows,
          readings.instants.length,
          readings.duplicates,
          JSON.stringify(readings.columnNames),
          JSON.stringify(analysis.stats),
          JSON.stringify(analysis.warnings),
        ],
      )
      await writeDatasetContent(tx, datasetId, dataset)
      await options.checkpoint?.()
      ids.push({ datasetId, alreadyImported: false })
    }
    await options.afterStore?.(
      tx,
      ids.map((d) => d.datasetId),
    )
    return ids
  })
}
