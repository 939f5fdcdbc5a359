/**
 * What the row checks (row-checks.ts) and ignored columns come to once a whole file is read: the
 * refusals that need the whole file (UTC offsets that mix clocks, a home whose every timestamp is
 * implausible) and each home's warnings. Shared by the sequential parse and the merge of a parallel
 * one, whose ranges' findings are first put together in file order (`addRange…`).
 */
import { AppError } from '../../shared/result'
import type { ImportWarning } from './accumulator'
import type { HomeChecks, OffsetChecks, PlausibleSpan, RowCount } from './row-checks'
import { civilFromDays } from './timestamps'

/** A column left out of a file because it holds text, with the first such cell. */
export interface IgnoredColumn {
  name: string
  line: number
  text: string
}

/** `+02:00` of an offset in minutes. */
export function formatOffset(minutes: number): string {
  const abs = Math.abs(minutes)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}

const lastPlausibleDay = (span: PlausibleSpan) => civilFromDays(Math.floor((span.toMs - 1) / 86_400_000))

/**
 * Refuses a file whose exact timestamps carry several UTC offsets of which some do not follow the zone's
 * clock (a file written in one fixed offset is fine, and so is one that follows the zone's changes).
 */
export function refuseMixedOffsets(
  name: string,
  zone: string,
  offsets: OffsetChecks,
  exactRows: number,
): void {
  if (offsets.otherLine === 0 || offsets.mismatchRows === 0) return
  const o = offsets
  // a line with another offset than the first one that does not follow the zone
  const [otherLine, otherOffset] =
    o.mismatchOffset !== o.firstOffset ? [o.firstLine, o.firstOffset] : [o.otherLine, o.otherOffset]
  throw new AppError(
    'invalid-input',
    `${name}, line ${o.mismatchLine}: mixed UTC offsets: ${formatOffset(o.mismatchOffset)} here, ` +
      `${formatOffset(otherOffset)} at line ${otherLine}, while ${zone} is at ${formatOffset(o.mismatchZoneOffset)} ` +
      `at this instant (${o.mismatchRows} of ${exactRows} rows do not follow ${zone}); ` +
      `re-export the file, or import it with the zone its offsets follow.`,
  )
}

/** Refuses a home of a file whose rows were all skipped as implausible (nothing would be left of it). */
export function refuseAllImplausible(
  name: string,
  home: string,
  checks: HomeChecks,
  rowsKept: number,
  span: PlausibleSpan,
): void {
  const skipped = checks.implausible
  if (skipped.rows === 0 || rowsKept > 0) return
  throw new AppError(
    'invalid-input',
    `${name}, line ${skipped.line}: every timestamp of ${home} is outside 2000-01-01 – ${lastPlausibleDay(span)} ` +
      `("${skipped.detail}"): the meter's clock or the export is wrong.`,
  )
}

/** The warnings of one home's rows of a file, after the file's naive timestamps were read as `naiveAs`. */
export function homeFileWarnings(
  name: string,
  zone: string,
  checks: HomeChecks,
  ignoredColumns: IgnoredColumn[],
  naiveAs: 'utc' | 'local' | null,
  span: PlausibleSpan,
): ImportWarning[] {
  const warnings: ImportWarning[] = []
  const skipped = checks.implausible
  if (skipped.rows > 0) {
    warnings.push({
      code: 'implausible-timestamps',
      message:
        `${name}: ${skipped.rows} rows with a timestamp outside 2000-01-01 – ${lastPlausibleDay(span)} were skipped ` +
        `(the first at line ${skipped.line}: "${skipped.detail}").`,
      count: skipped.rows,
    })
  }
  const day: RowCount =
    naiveAs === 'utc' ? checks.dayUtc : naiveAs === 'local' ? checks.dayLocal : checks.dayExact
  if (day.rows > 0) {
    warnings.push({
      code: 'day-mismatch',
      message:
        `${name}: ${day.rows} rows whose day column is not the local date of ts in ${zone} ` +
        `(the first at line ${day.line}: ${day.detail}).`,
      count: day.rows,
    })
  }
  for (const column of ignoredColumns) {
    warnings.push({
      code: 'column-ignored',
      message: `${name}: column "${column.name}" ignored: it holds text ("${column.text}" at line ${column.line}), not numbers.`,
      count: 1,
    })
  }
  return warnings
}

/** Adds a later range's count (lines numbered from the range's first) to the file's. */
function addRangeCount(into: RowCount, from: RowCount, linesBefore: number): void {
  into.rows += from.rows
  if (into.line === 0 && from.line !== 0) {
    into.line = linesBefore + from.line
    into.detail = from.detail
  }
}

/** Adds a later range's findings for a home to the file's (ranges in file order). */
export function addRangeHomeChecks(into: HomeChecks, from: HomeChecks, linesBefore: number): void {
  addRangeCount(into.implausible, from.implausible, linesBefore)
  addRangeCount(into.dayExact, from.dayExact, linesBefore)
  addRangeCount(into.dayLocal, from.dayLocal, linesBefore)
  addRangeCount(into.dayUtc, from.dayUtc, linesBefore)
}

/** Adds a later range's offsets to the file's (ranges in file order). */
export function addRangeOffsets(into: OffsetChecks, from: OffsetChecks, linesBefore: number): void {
  if (from.firstLine !== 0) {
    if (into.firstLine === 0) {
      into.firstOffset = from.firstOffset
      into.firstLine = linesBefore + from.firstLine
      if (from.otherLine !== 0) {
        into.otherOffset = from.otherOffset
        into.otherLine = linesBefore + from.otherLine
      }
    } else if (into.otherLine === 0) {
      // the range's first row with another offset than the file's first
      if (from.firstOffset !== into.firstOffset) {
        into.otherOffset = from.firstOffset
        into.otherLine = linesBefore + from.firstLine
      } else if (from.otherLine !== 0) {
        into.otherOffset = from.otherOffset
        into.otherLine = linesBefore + from.otherLine
      }
    }
  }
  into.mismatchRows += from.mismatchRows
  if (into.mismatchLine === 0 && from.mismatchLine !== 0) {
    into.mismatchLine = linesBefore + from.mismatchLine
    into.mismatchOffset = from.mismatchOffset
    into.mismatchZoneOffset = from.mismatchZoneOffset
  }
}

/** Adds a later range's ignored columns to the file's: each column once, at its first line in the file. */
export function addRangeIgnoredColumns(
  into: IgnoredColumn[],
  from: IgnoredColumn[],
  linesBefore: number,
): void {
  for (const column of from) {
    if (!into.some((c) => c.name === column.name)) into.push({ ...column, line: linesBefore + column.line })
  }
}

/** At most this many files are named in one dataset warning; the rest are counted. */
const FILES_NAMED = 3

/**
 * A dataset's file warnings, one per code (the report lists each code once): the counts summed, the
 * messages of the first files kept (each names its file and line) and the others counted.
 */
export function datasetFileWarnings(warnings: ImportWarning[]): ImportWarning[] {
  const byCode = new Map<string, ImportWarning[]>()
  for (const warning of warnings) byCode.set(warning.code, [...(byCode.get(warning.code) ?? []), warning])
  return [...byCode].map(([code, list]) => {
    const more = list.length - FILES_NAMED
    const messages = list.slice(0, FILES_NAMED).map((w) => w.message)
    if (more > 0) messages.push(`And ${more} more like these.`)
    return { code, message: messages.join(' '), count: list.reduce((sum, w) => sum + w.count, 0) }
  })
}
