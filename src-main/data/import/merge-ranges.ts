/**
 * Appends the columns of a parallel parse's ranges (`parse-parallel.ts`) to the per-home
 * accumulators in file order and completes the file records: the state `parseExportFile` leaves
 * after reading the whole file itself (same rows, order, file records, naive-timestamp decision).
 */
import { AppError } from '../../shared/result'
import { HomeAccumulator, type SourceFile } from './accumulator'
import { resolveNaiveTimestamps, type NaiveMode } from './naive-timestamps'
import type { ParseTally } from './parse-export'
import type { RangePart } from './parse-range-protocol'
import type { ZoneClock } from '../zone'

export interface ParsedFile {
  path: string
  name: string
  bytes: number
  sha256: string
}

/** Merges `ranges` (in file order) into `homes`; returns one source-file record per home. */
export function mergeRanges(
  file: ParsedFile,
  homes: Map<string, HomeAccumulator>,
  ranges: { parts: RangePart[]; tally: ParseTally }[],
  options: { naive: NaiveMode; clock: ZoneClock },
): SourceFile[] {
  const tally: ParseTally = { naiveRows: 0, exactRows: 0, evidence: { nextDay: 0, sameDay: 0 }, lines: 0 }
  for (const { tally: t } of ranges) {
    tally.naiveRows += t.naiveRows
    tally.exactRows += t.exactRows
    tally.evidence.nextDay += t.evidence.nextDay
    tally.evidence.sameDay += t.evidence.sameDay
  }
  if (tally.naiveRows > 0 && tally.exactRows > 0) {
    throw new AppError(
      'invalid-input',
      `${file.name}: mixes timestamps with and without a zone designator (${tally.naiveRows} naive, ${tally.exactRows} with an offset).`,
    )
  }
  // homes in the order the file meets them, each sized once for all its ranges (no growth copies)
  const targets = new Map<string, { accumulator: HomeAccumulator; segmentStart: number; file: SourceFile }>()
  const rows = new Map<string, number>()
  for (const part of ranges.flatMap((r) => r.parts)) {
    rows.set(part.home, (rows.get(part.home) ?? 0) + part.rows)
    if (targets.has(part.home)) continue
    let accumulator = homes.get(part.home)
    if (!accumulator) {
      accumulator = new HomeAccumulator(part.home)
      homes.set(part.home, accumulator)
    }
    const record: SourceFile = { ...file, layout: part.layout, rows: 0, naive: null }
    accumulator.files.push(record)
    targets.set(part.home, { accumulator, segmentStart: accumulator.length, file: record })
  }
  for (const [home, target] of targets) target.accumulator.reserve(rows.get(home)!)
  for (const part of ranges.flatMap((r) => r.parts)) {
    const target = targets.get(part.home)!
    appendPart(target.accumulator, part)
    target.file.rows += part.rows
  }
  const list = [...targets.values()]
  const naiveAs = tally.naiveRows > 0 ? resolveNaiveTimestamps(list, tally.evidence, options) : null
  for (const target of list) {
    target.file.naive = naiveAs
    target.accumulator.segments.push({
      start: target.segmentStart,
      end: target.accumulator.length,
      file: target.file,
    })
  }
  return list.map((t) => t.file)
}

/**
 * Appends one range's rows of a home; columns the range lacks get NaN, new ones are back-filled. The first
 * rows of a home new to the import are taken over rather than copied: the first range's columns come with
 * room for the whole file (parse-export.ts sizes them so), and the later ranges are appended in that room.
 */
function appendPart(accumulator: HomeAccumulator, part: RangePart): void {
  const n = part.instants.length
  // new columns first, while the accumulator may still be empty (a column created later is back-filled)
  for (const name of part.columnNames) accumulator.column(name)
  if (
    accumulator.length === 0 &&
    accumulator.columnNames().every((name) => part.columnNames.includes(name))
  ) {
    accumulator.instants.adopt(part.instants)
    accumulator.zero.adopt(part.zero)
    part.columnNames.forEach((name, k) => accumulator.column(name).adopt(part.columns[k]))
    return
  }
  accumulator.instants.append(part.instants)
  accumulator.zero.append(part.zero)
  for (const name of accumulator.columnNames()) {
    const at = part.columnNames.indexOf(name)
    if (at === -1) accumulator.column(name).fill(NaN, n)
    else accumulator.column(name).append(part.columns[at])
  }
}
