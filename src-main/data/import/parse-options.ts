/** What a parse of one export file is told and what a range parse reports (`parse-export.ts`). */
import { AppError } from '../../shared/result'
import type { IgnoredColumn } from './file-checks'
import type { NaiveEvidence, NaiveMode } from './naive-timestamps'
import { emptyOffsetChecks, type HomeChecks, type OffsetChecks, type PlausibleSpan } from './row-checks'
import type { ZoneClock } from '../zone'

/** Whole lines `[start, end)` (bytes) of a file, parsed apart from the rest: one thread's share. */
export interface ParseRange {
  start: number
  end: number
  /** the header line's bytes (no line terminator) when the range does not begin with it */
  header: Uint8Array | null
}

/** What a range parse leaves for the caller to decide once every range of the file is read. */
export interface ParseTally {
  naiveRows: number
  exactRows: number
  evidence: NaiveEvidence
  /** lines read in the range (the header included when the range begins with it) */
  lines: number
  /** what the row checks found (lines counted from the range's first) */
  offsets: OffsetChecks
  ignoredColumns: IgnoredColumn[]
  homeChecks: { home: string; checks: HomeChecks }[]
}

export function emptyParseTally(): ParseTally {
  return {
    naiveRows: 0,
    exactRows: 0,
    evidence: { nextDay: 0, sameDay: 0 },
    lines: 0,
    offsets: emptyOffsetChecks(),
    ignoredColumns: [],
    homeChecks: [],
  }
}

/**
 * A refusal at a line of a range. `line` counts from the range's first line, so the caller, who
 * knows how many lines come before the range, can put the file's line number in front of `problem`.
 */
export class RangeLineError extends AppError {
  constructor(
    readonly line: number,
    readonly problem: string,
    name: string,
  ) {
    super('invalid-input', `${name}, line ${line}: ${problem}`)
  }
}

export interface ParseOptions {
  clock: ZoneClock
  naive: NaiveMode
  /** rows outside it are skipped with a warning (default: `plausibleSpan()` of now) */
  plausible?: PlausibleSpan
  /**
   * Parse only these lines and report into `tally` instead of finishing the file: no hash, naive
   * instants left as wall-clock ms, none of the whole-file checks (empty file, mixed timestamps or
   * offsets, warnings: the caller does those over the whole file).
   */
  range?: { lines: ParseRange; tally: ParseTally }
  /**
   * called after each chunk with the bytes read so far in this file; `rowsElsewhere` is the rows
   * parsed but not yet in the accumulators (a parallel parse's threads)
   */
  onBytes?: (bytesRead: number, rowsElsewhere?: number) => void
  /** called between chunks; throws to abort (cancel) */
  checkpoint?: () => Promise<void>
  /**
   * false: every line through the JavaScript parser, none through the WebAssembly row scanner (the
   * reference the tests compare the scanner with); the stored result is the same
   */
  rowScanner?: boolean
}
