/**
 * Timestamp parsing straight from the file's bytes (no string per row): the forms found in
 * Voisin d'Énergie exports, `YYYY-MM-DD[T ]HH:MM[:SS[.fff…]][Z|±HH:MM|±HHMM|±HH]`.
 * A timestamp with a zone designator is an exact instant; one without is a naive wall-clock time
 * whose zone is decided later (by the `day` column test or the user's choice).
 */

const MS_PER_DAY = 86_400_000

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return era * 146_097 + dayOfEra - 719_468
}

/** `YYYY-MM-DD` of an epoch day number. */
export function civilFromDays(epochDay: number): string {
  return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10)
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

/** The outcome of one parse; reused between calls so the hot loop allocates nothing. */
export interface ParsedTimestamp {
  /** exact: UTC epoch ms; naive: the wall-clock fields read as if they were UTC (epoch ms) */
  ms: number
  /** true when the text carried no zone designator */
  naive: boolean
  /** the designator's UTC offset in minutes (`Z`: 0; naive: 0) */
  offsetMinutes: number
}

function digits(bytes: Uint8Array, at: number, count: number): number {
  let value = 0
  for (let i = at; i < at + count; i++) {
    const d = bytes[i] - 48
    if (d < 0 || d > 9) return -1
    value = value * 10 + d
  }
  return value
}

const lastDate = new Uint8Array(10)
let lastEpochDay = NaN

/** The epoch day of `YYYY-MM-DD` at `start` (NaN if invalid), remembered for the next row. */
function parseDate(bytes: Uint8Array, start: number): number {
  const year = digits(bytes, start, 4)
  const month = digits(bytes, start + 5, 2)
  const day = digits(bytes, start + 8, 2)
  let epochDay = NaN
  if (
    year >= 0 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    bytes[start + 4] === 45 &&
    bytes[start + 7] === 45
  ) {
    if (day <= daysInMonth(year, month)) epochDay = daysFromCivil(year, month, day)
  }
  for (let i = 0; i < 10; i++) lastDate[i] = bytes[start + i]
  lastEpochDay = epochDay
  return epochDay
}

/**
 * Parses `bytes[start, end)` into `out`; returns false when the text is not a timestamp of a
 * supported form (the caller reports the file and line).
 */
export function parseTimestampBytes(
  bytes: Uint8Array,
  start: number,
  end: number,
  out: ParsedTimestamp,
): boolean {
  // trim spaces and optional double quotes around the cell
  while (start < end && (bytes[start] === 32 || bytes[start] === 34)) start++
  while (end > start && (bytes[end - 1] === 32 || bytes[end - 1] === 34)) end--
  if (end - start < 16) return false
  const separator = bytes[start + 10]
  if (separator !== 32 && separator !== 84 && separator !== 116) return false
  // consecutive rows share their date: compare its 10 bytes with the last one parsed
  let epochDay = lastEpochDay
  for (let i = 0; i < 10; i++) {
    if (bytes[start + i] !== lastDate[i]) {
      epochDay = parseDate(bytes, start)
      break
    }
  }
  if (Number.isNaN(epochDay)) return false
  const hour = digits(bytes, start + 11, 2)
  const minute = digits(bytes, start + 14, 2)
  if (bytes[start + 13] !== 58 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return false
  let at = start + 16
  let second = 0
  let fraction = 0
  if (at < end && bytes[at] === 58) {
    second = digits(bytes, at + 1, 2)
    if (at + 3 > end || second < 0 || second > 59) return false
    at += 3
    if (at < end && (bytes[at] === 46 || bytes[at] === 44)) {
      // fractional seconds: keep milliseconds, ignore finer digits
      at++
      let scale = 100
      const fractionStart = at
      while (at < end && bytes[at] >= 48 && bytes[at] <= 57) {
        fraction += (bytes[at] - 48) * scale
        scale /= 10
        at++
      }
      if (at === fractionStart) return false
      fraction = Math.floor(fraction + 1e-9)
    }
  }
  const wall = (epochDay * 86_400 + hour * 3600 + minute * 60 + second) * 1000 + fraction
  if (at === end) {
    out.ms = wall
    out.naive = true
    out.offsetMinutes = 0
    return true
  }
  const designator = bytes[at]
  if ((designator === 90 || designator === 122) && at + 1 === end) {
    out.ms = wall
    out.naive = false
    out.offsetMinutes = 0
    return true
  }
  if (designator !== 43 && designator !== 45) return false
  const sign = designator === 43 ? 1 : -1
  const offsetHours = digits(bytes, at + 1, 2)
  let offsetMinutes = 0
  const rest = end - (at + 3)
  if (offsetHours < 0 || offsetHours > 14) return false
  if (rest === 3 && bytes[at + 3] === 58) offsetMinutes = digits(bytes, at + 4, 2)
  else if (rest === 2) offsetMinutes = digits(bytes, at + 3, 2)
  else if (rest !== 0) return false
  if (offsetMinutes < 0 || offsetMinutes > 59) return false
  const offset = (sign * (offsetHours * 60 + offsetMinutes)) | 0 // | 0: -00:00 is 0, not -0
  out.ms = wall - offset * 60_000
  out.naive = false
  out.offsetMinutes = offset
  return true
}

/** Convenience form for tests and single values: the parse of a string, or null. */
export function parseTimestamp(text: string): ParsedTimestamp | null {
  const out: ParsedTimestamp = { ms: 0, naive: false, offsetMinutes: 0 }
  const bytes = Buffer.from(text, 'latin1')
  return parseTimestampBytes(bytes, 0, bytes.length, out) ? out : null
}

/** `YYYY-MM-DD` in a day cell as an epoch day, or NaN. */
export function parseDayBytes(bytes: Uint8Array, start: number, end: number): number {
  if (end - start < 10) return NaN
  const year = digits(bytes, start, 4)
  const month = digits(bytes, start + 5, 2)
  const day = digits(bytes, start + 8, 2)
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) return NaN
  return daysFromCivil(year, month, day)
}
