/**
 * Reads what `storeDatasets` wrote: dataset rows, day counts, and the readings decoded from
 * their per-day blobs back into typed arrays.
 */
import type { Queryable } from '../../db/library'
import { AppError } from '../../shared/result'

export interface DatasetRow {
  id: number
  home: string
  name: string
  zone: string
  interval_seconds: number
  start_ms: number
  end_ms: number
  rows: number
  readings: number
  duplicates: number
  columns: string
  stats: string
  warnings: string
  recipe: string | null
  kept_days: string | null
  removed_days: string | null
  cleaned_at: string | null
  created_at: string
  /** 'home', or 'community-total' for a community's total (schema v5) */
  kind: string
  source_community_id: number | null
  derivation: string | null
}

export interface StoredDay {
  day: string
  startMs: number
  endMs: number
  expected: number
  present: number
  empty: number
  zero: number
}

export async function loadDatasetRow(q: Queryable, datasetId: number): Promise<DatasetRow> {
  // a dataset deleted in this session (kept for its undo) is gone for everything else
  const row = await q.get<DatasetRow>('SELECT * FROM datasets WHERE id = ? AND deleted_at IS NULL', [
    datasetId,
  ])
  if (!row) throw new AppError('not-found', `No dataset ${datasetId} in the library.`)
  return row
}

export async function loadDays(q: Queryable, datasetId: number): Promise<StoredDay[]> {
  return q.all<StoredDay>(
    `SELECT day, start_ms AS startMs, end_ms AS endMs, expected, present, empty, zero
     FROM dataset_days WHERE dataset_id = ? ORDER BY day`,
    [datasetId],
  )
}

/** A typed view of a BLOB, copied first when SQLite's buffer is not 4-byte aligned. */
function view<T extends Float32Array | Int32Array>(
  Kind: { new (buffer: ArrayBuffer, offset: number, length: number): T; BYTES_PER_ELEMENT: number },
  blob: Buffer,
): T {
  const aligned = blob.byteOffset % Kind.BYTES_PER_ELEMENT === 0 ? blob : Buffer.from(blob)
  return new Kind(
    aligned.buffer as ArrayBuffer,
    aligned.byteOffset,
    aligned.byteLength / Kind.BYTES_PER_ELEMENT,
  )
}

/** Readings of some columns, in time order. */
export interface ReadingsWindow {
  /** [n] UTC epoch ms */
  instants: Float64Array
  /** one Float32Array [n] of watts per requested column (NaN = empty) */
  values: Float32Array[]
}

/**
 * Decodes the readings of `columns` for the local days overlapping [fromMs, toMs) (all days
 * when omitted), optionally only the listed days; readings outside the window are dropped.
 */
export async function loadReadings(
  q: Queryable,
  datasetId: number,
  allColumns: string[],
  columns: string[],
  window: { fromMs?: number; toMs?: number; days?: Set<string> } = {},
): Promise<ReadingsWindow> {
  const indexes = columns.map((name) => {
    const index = allColumns.indexOf(name)
    if (index === -1) throw new AppError('invalid-request', `Dataset ${datasetId} has no column "${name}".`)
    return index
  })
  const fromMs = window.fromMs ?? -Infinity
  const toMs = window.toMs ?? Infinity
  const rows = await q.all<{ day: string; start_ms: number; count: number; offsets: Buffer; vals: Buffer }>(
    `SELECT r.day, r.start_ms, r.count, r.offsets, r.vals FROM dataset_readings r
     JOIN dataset_days d ON d.dataset_id = r.dataset_id AND d.day = r.day
     WHERE r.dataset_id = ? AND d.end_ms > ? AND d.start_ms < ? ORDER BY r.day`,
    [datasetId, Number.isFinite(fromMs) ? fromMs : -8.64e15, Number.isFinite(toMs) ? toMs : 8.64e15],
  )
  const chosen = window.days ? rows.filter((r) => window.days!.has(r.day)) : rows
  const total = chosen.reduce((sum, r) => sum + r.count, 0)
  const instants = new Float64Array(total)
  const values = columns.map(() => new Float32Array(total))
  let at = 0
  for (const row of chosen) {
    const offsets = view(Int32Array, row.offsets)
    const stored = view(Float32Array, row.vals)
    const n = row.count
    for (let i = 0; i < n; i++) {
      const t = row.start_ms + offsets[i]
      if (t < fromMs || t >= toMs) continue
      instants[at] = t
      for (let c = 0; c < indexes.length; c++) values[c][at] = stored[indexes[c] * n + i]
      at++
    }
  }
  return { instants: instants.subarray(0, at), values: values.map((v) => v.subarray(0, at)) }
}
