/**
 * Appends the columns of a parallel parse's ranges (`parse-parallel.ts`) to the per-home
 * accumulators in file order and completes the file records: the state `parseExportFile` leaves
 * after reading the whole file itself (same rows, order, file records, naive-timestamp decision).
 */
import { AppError } from '../../shared/result'
import { HomeAccumulator, type SourceFile } from './accumulator'
import {
  addRangeHomeChecks,
  addRangeIgnoredColumns,
  addRangeOffsets,
  homeFileWarnings,
  refuseAllImplausible,
  refuseMixedOffsets,
} from './file-checks'
import { decideNaiveZone, resolveNaiveTimestamps, type NaiveMode } from './naive-timestamps'
import { emptyParseTally, type ParseTally } from './parse-options'
import type { RangePart } from './parse-range-protocol'
import { emptyHomeChecks, type HomeChecks, type PlausibleSpan } from './row-checks'
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
  options: { naive: NaiveMode; clock: ZoneClock; plausible: PlausibleSpan },
): SourceFile[] {
  const { tally, homeChecks } = fileTally(ranges)
  if (tally.naiveRows > 0 && tally.exactRows > 0) {
    throw new AppError(
      'invalid-input',
      `${file.name}: mixes timestamps with and without a zone designator (${tally.naiveRows} naive, ${tally.exactRows} with an offset).`,
    )
  }
  const zone = options.clock.zone
  refuseMixedOffsets(file.name, zone, tally.offsets, tally.exactRows)
  // homes in the order the file meets them, each sized once for all its ranges (no growth copies)
  const rows = new Map<string, number>()
  for (const part of ranges.flatMap((r) => r.parts))
    rows.set(part.home, (rows.get(part.home) ?? 0) + part.rows)
  for (const [home, kept] of rows) {
    refuseAllImplausible(file.name, home, homeChecks.get(home)!, kept, options.plausible)
  }
  const targets = new Map<string, { accumulator: HomeAccumulator; segmentStart: number; file: SourceFile }>()
  for (const home of rows.keys()) {
    let accumulator = homes.get(home)
    if (!accumulator) {
      accumulator = new HomeAccumulator(home)
      homes.set(home, accumulator)
    }
    const layout = ranges.flatMap((r) => r.parts).find((p) => p.home === home)!.layout
    const record: SourceFile = { ...file, layout, rows: 0, naive: null, warnings: [] }
    accumulator.files.push(record)
    targets.set(home, { accumulator, segmentStart: accumulator.length, file: record })
  }
  for (const [home, target] of targets) target.accumulator.reserve(rows.get(home)!)
  // a column one range found text in is left out of the whole file, as the sequential parse leaves it
  const ignored = new Set(tally.ignoredColumns.map((column) => column.name))
  for (const part of ranges.flatMap((r) => r.parts)) {
    const target = targets.get(part.home)!
    appendPart(target.accumulator, ignored.size > 0 ? withoutColumns(part, ignored) : part)
    target.file.rows += part.rows
  }
  const list = [...targets.values()]
  const naiveAs = tally.naiveRows > 0 ? decideNaiveZone(options.naive, tally.evidence) : null
  if (naiveAs) resolveNaiveTimestamps(list, tally.evidence, options)
  for (const target of list) {
    const record = target.file
    record.naive = naiveAs
    const checks = homeChecks.get(target.accumulator.home)!
    record.warnings = homeFileWarnings(
      file.name,
      zone,
      checks,
      tally.ignoredColumns,
      naiveAs,
      options.plausible,
    )
    target.accumulator.segments.push({
      start: target.segmentStart,
      end: target.accumulator.length,
      file: record,
    })
  }
  return list.map((t) => t.file)
}

/** The ranges' tallies as one for the file: counts summed, first lines renumbered from the file's first line. */
function fileTally(ranges: { tally: ParseTally }[]): {
  tally: ParseTally
  homeChecks: Map<string, HomeChecks>
} {
  const tally = emptyParseTally()
  const homeChecks = new Map<string, HomeChecks>()
  let linesBefore = 0
  for (const { tally: t } of ranges) {
    tally.naiveRows += t.naiveRows
    tally.exactRows += t.exactRows
    tally.evidence.nextDay += t.evidence.nextDay
    tally.evidence.sameDay += t.evidence.sameDay
    addRangeOffsets(tally.offsets, t.offsets, linesBefore)
    addRangeIgnoredColumns(tally.ignoredColumns, t.ignoredColumns, linesBefore)
    for (const { home, checks } of t.homeChecks) {
      if (!homeChecks.has(home)) homeChecks.set(home, emptyHomeChecks())
      addRangeHomeChecks(homeChecks.get(home)!, checks, linesBefore)
    }
    linesBefore += t.lines
  }
  return { tally, homeChecks }
}

/** The part without the columns `names`. */
function withoutColumns(part: RangePart, names: Set<string>): RangePart {
  const keep = part.columnNames.map((name) => !names.has(name))
  return {
    ...part,
    columnNames: part.columnNames.filter((_, k) => keep[k]),
    columns: part.columns.filter((_, k) => keep[k]),
  }
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
