/** Messages between `parse-parallel.ts` and its parse threads (`parse-thread.ts`). */
import type { ErrorCode } from '../../shared/result'
import type { NaiveMode } from './naive-timestamps'
import type { ParseTally } from './parse-options'
import type { PlausibleSpan } from './row-checks'

/** What a thread parses: whole lines `[start, end)` (bytes) of `path`. */
export interface RangeJob {
  path: string
  start: number
  end: number
  /** the header line's bytes when the range does not begin with it */
  header: Uint8Array | null
  zone: string
  naive: NaiveMode
  /** the whole file's plausible span (one "now" for every thread) */
  plausible: PlausibleSpan
}

/** One home's readings in a range, in file order (the arrays are transferred, not copied). */
export interface RangePart {
  home: string
  rows: number
  layout: string
  /** [rows] UTC epoch ms, or naive wall-clock ms (resolved over the whole file by the caller) */
  instants: Float64Array
  /** [rows] 1 = all-zero row */
  zero: Uint8Array
  /** p_cons, p_prod, p_tot, then the channels in the order met */
  columnNames: string[]
  /** [rows] W per column, NaN = empty */
  columns: Float32Array[]
}

export type RangeMessage =
  /** bytes of the range read and rows parsed so far (progress) */
  | { type: 'bytes'; read: number; rows: number }
  | { type: 'done'; parts: RangePart[]; tally: ParseTally }
  /** `line`/`problem` are set for a refusal at a line of the range (line 1 = its first line) */
  | { type: 'failed'; code: ErrorCode; message: string; line: number | null; problem: string | null }
