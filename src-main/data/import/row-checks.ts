/**
 * The checks every data row passes, without slowing the parse: plausible timestamps, the `day` column
 * against the local date of `ts`, and UTC offsets against the dataset zone's clock.
 *
 * Rows are checked by **windows**: the first row outside the current window is checked in full and opens a
 * window, a span of time in which every row with the same zone designator and the same `day` cell comes
 * out the same (one local date, one zone offset, inside the plausible span); the rows that fall in it are
 * only counted. The WebAssembly row scanner takes a row only when it falls in the window JavaScript set
 * (row-scanner.ts `setWindow`), so both paths open the same windows at the same rows, and the first row of
 * every outcome (the line a warning names) is always one JavaScript checked in full.
 */
import type { HomeTarget } from './home-targets'
import { civilFromDays, parseDayBytes, type ParsedTimestamp } from './timestamps'
import type { ZoneClock } from '../zone'

const MS_PER_DAY = 86_400_000
const QUARTER_HOUR = 900_000

/** Instants outside `[fromMs, toMs)` are not readings of a Voisin meter (a reset clock, a corrupt export). */
export interface PlausibleSpan {
  fromMs: number
  toMs: number
}

/** From 2000-01-01 (the meters date from 2020) to a year after `nowMs` (files never hold the future). */
export function plausibleSpan(nowMs = Date.now()): PlausibleSpan {
  return { fromMs: Date.UTC(2000, 0, 1), toMs: nowMs + 365 * MS_PER_DAY }
}

/** Rows of one kind in one home's share of a file, and the first of them (line 0: none). */
export interface RowCount {
  rows: number
  line: number
  /** what the first one shows, for the warning */
  detail: string
}

/** What the checks found in one home's rows of one file. */
export interface HomeChecks {
  /** rows skipped: timestamp outside the plausible span (detail: the timestamp) */
  implausible: RowCount
  /** rows whose `day` is not the local date of their instant: exact timestamps */
  dayExact: RowCount
  /** … naive timestamps, were they local time, or UTC (the file's reading is decided at its end) */
  dayLocal: RowCount
  dayUtc: RowCount
}

const noRows = (): RowCount => ({ rows: 0, line: 0, detail: '' })

export function emptyHomeChecks(): HomeChecks {
  return { implausible: noRows(), dayExact: noRows(), dayLocal: noRows(), dayUtc: noRows() }
}

/** The UTC offsets of a file's exact timestamps (minutes; `Z` is 0); lines 0: none. */
export interface OffsetChecks {
  /** the first exact row's offset */
  firstOffset: number
  firstLine: number
  /** the first row whose offset differs from the first row's */
  otherOffset: number
  otherLine: number
  /** rows whose offset is not the zone's at their instant; the first of them, its offset and the zone's */
  mismatchRows: number
  mismatchLine: number
  mismatchOffset: number
  mismatchZoneOffset: number
}

export function emptyOffsetChecks(): OffsetChecks {
  return {
    firstOffset: 0,
    firstLine: 0,
    otherOffset: 0,
    otherLine: 0,
    mismatchRows: 0,
    mismatchLine: 0,
    mismatchOffset: 0,
    mismatchZoneOffset: 0,
  }
}

/** The window rows are counted in: `[lo, hi)` of instants (exact rows) or wall-clock ms (naive rows). */
export interface CheckWindow {
  lo: number
  hi: number
  naive: boolean
  offsetMinutes: number
  /** the `day` cell's 10 bytes (when the layout has a `day` column) */
  day: Uint8Array
}

/** How the rows of the current window come out. */
interface Verdict {
  /** the home the window's rows belong to; null: every home of the file (files without home_id) */
  owner: HomeTarget | null
  offsetMismatch: boolean
  dayExact: boolean
  dayLocal: boolean
  dayUtc: boolean
}

export class RowChecks {
  readonly window: CheckWindow = { lo: 0, hi: 0, naive: false, offsetMinutes: 0, day: new Uint8Array(10) }
  /** changes whenever the window does (the scanner is told then) */
  windowVersion = 0
  readonly offsets = emptyOffsetChecks()
  private verdict: Verdict = {
    owner: null,
    offsetMismatch: false,
    dayExact: false,
    dayLocal: false,
    dayUtc: false,
  }
  /** rows in the current window not yet added to the counts */
  private windowRows = 0

  private readonly hasDay: boolean

  /**
   * @param layout where the timestamp and the `day` column (-1: none) are in a row
   * @param starts the current row's field starts (row-fields.ts: field k is `[starts[k], starts[k + 1] - 1)`)
   * @param targets the file's homes (a window of a file without home_id counts for each)
   */
  constructor(
    private readonly clock: ZoneClock,
    private readonly plausible: PlausibleSpan,
    private readonly layout: { timestamp: number; day: number },
    private readonly starts: Int32Array,
    private readonly targets: () => HomeTarget[],
  ) {
    this.hasDay = layout.day !== -1
  }

  /**
   * Checks the current data row of `owner` (null: every home of the file), its timestamp parsed into `ts`,
   * at line `line`; false when the row is to be skipped.
   */
  admit(owner: HomeTarget | null, ts: ParsedTimestamp, chunk: Buffer, line: number): boolean {
    const w = this.window
    const ms = ts.ms
    if (
      ms >= w.lo &&
      ms < w.hi &&
      ts.naive === w.naive &&
      ts.offsetMinutes === w.offsetMinutes &&
      owner === this.verdict.owner &&
      (!this.hasDay || this.sameDay(chunk))
    ) {
      this.windowRows++
      return true
    }
    return this.open(owner, ts, chunk, line)
  }

  /** `n` rows the scanner read in the current window. */
  countWindowRows(n: number): void {
    this.windowRows += n
  }

  /** Adds the current window's rows to the counts (at a window's end and the file's). */
  flush(): void {
    const n = this.windowRows
    if (n === 0) return
    this.windowRows = 0
    const v = this.verdict
    if (v.offsetMismatch) this.offsets.mismatchRows += n
    if (!v.dayExact && !v.dayLocal && !v.dayUtc) return
    for (const target of v.owner ? [v.owner] : this.targets()) {
      if (v.dayExact) target.checks.dayExact.rows += n
      if (v.dayLocal) target.checks.dayLocal.rows += n
      if (v.dayUtc) target.checks.dayUtc.rows += n
    }
  }

  private sameDay(chunk: Buffer): boolean {
    const start = this.starts[this.layout.day]
    if (this.starts[this.layout.day + 1] - 1 - start !== 10) return false
    const day = this.window.day
    for (let i = 0; i < 10; i++) if (chunk[start + i] !== day[i]) return false
    return true
  }

  /** The row outside the window: checked in full; opens its window (or an empty one, when skipped). */
  private open(owner: HomeTarget | null, ts: ParsedTimestamp, chunk: Buffer, line: number): boolean {
    this.flush()
    const w = this.window
    const v = this.verdict
    this.windowVersion++
    w.lo = 0
    w.hi = 0
    v.owner = owner
    v.offsetMismatch = v.dayExact = v.dayLocal = v.dayUtc = false
    const homes = owner ? [owner] : this.targets()
    const ms = ts.ms
    const { fromMs, toMs } = this.plausible
    const cell = (field: number) => {
      const start = this.starts[field]
      return chunk.toString('latin1', start, Math.min(this.starts[field + 1] - 1, start + 40)).trim()
    }
    if (!(ms >= fromMs && ms < toMs)) {
      for (const home of homes) {
        home.checks.implausible.rows++
        first(home.checks.implausible, line, cell(this.layout.timestamp))
      }
      return false
    }
    const dayField = this.layout.day
    const dayStart = this.hasDay ? this.starts[dayField] : 0
    const dayEnd = this.hasDay ? this.starts[dayField + 1] - 1 : 0
    const dayCell = this.hasDay ? parseDayBytes(chunk, dayStart, dayEnd) : NaN
    const known = dayCell === dayCell
    let lo: number
    let hi: number
    if (!ts.naive) {
      const local = this.localDay(ms)
      lo = local.lo
      hi = local.hi
      v.offsetMismatch = ts.offsetMinutes * 60_000 !== local.offset
      this.noteOffset(ts.offsetMinutes, local.offset, v.offsetMismatch, line)
      v.dayExact = known && dayCell !== local.epochDay
      if (v.dayExact) {
        const detail = `day ${cell(dayField)}, ts on ${civilFromDays(local.epochDay)}`
        for (const home of homes) first(home.checks.dayExact, line, detail)
      }
    } else {
      // the wall-clock date, and the local date the row would have if its clock were UTC
      const wallDay = Math.floor(ms / MS_PER_DAY)
      const asUtc = this.localDay(ms)
      lo = Math.max(wallDay * MS_PER_DAY, asUtc.lo)
      hi = Math.min((wallDay + 1) * MS_PER_DAY, asUtc.hi)
      v.dayLocal = known && dayCell !== wallDay
      v.dayUtc = known && dayCell !== asUtc.epochDay
      for (const home of homes) {
        if (v.dayLocal)
          first(home.checks.dayLocal, line, `day ${cell(dayField)}, ts on ${civilFromDays(wallDay)}`)
        if (v.dayUtc)
          first(home.checks.dayUtc, line, `day ${cell(dayField)}, ts on ${civilFromDays(asUtc.epochDay)}`)
      }
    }
    this.windowRows = 1
    // a `day` cell other than 10 bytes cannot be compared byte for byte: a window of this row alone
    if (this.hasDay && dayEnd - dayStart !== 10) return true
    w.lo = Math.max(lo, fromMs)
    w.hi = Math.min(hi, toMs)
    w.naive = ts.naive
    w.offsetMinutes = ts.offsetMinutes
    if (this.hasDay) w.day.set(chunk.subarray(dayStart, dayEnd))
    return true
  }

  /**
   * The local date of the instant `ms` in the zone, its offset then, and the span `[lo, hi)` of that local
   * day in which the offset stays the same (the whole day but on the days the clocks change). Three offset
   * look-ups on an ordinary day: ZoneClock asks Intl once per quarter hour, which a year of windows feels.
   */
  private localDay(ms: number): { epochDay: number; offset: number; lo: number; hi: number } {
    const clock = this.clock
    const offset = clock.offsetAt(ms)
    const epochDay = Math.floor((ms + offset) / MS_PER_DAY)
    const start = epochDay * MS_PER_DAY - offset
    const end = start + MS_PER_DAY
    // the same offset at both ends: no change that day (zones change at most once a day)
    if (clock.offsetAt(start) === offset && clock.offsetAt(end - 1) === offset) {
      return { epochDay, offset, lo: start, hi: end }
    }
    const day = clock.dayOf(ms)
    const [lo, hi] = this.sameOffsetSpan(ms, offset, day.startMs, day.endMs)
    return { epochDay, offset, lo, hi }
  }

  /**
   * The span of `ms`'s local day in which the zone's offset stays `zoneOffset`: the whole day, or on a
   * day the clocks change, the part before or after the change (found by halving, in quarter hours).
   * Zones change their offset at most once a day, on a quarter hour; ZoneClock computes an offset
   * with Intl once per quarter hour, so a few look-ups per day, not one per quarter hour.
   */
  private sameOffsetSpan(ms: number, zoneOffset: number, dayStart: number, dayEnd: number): [number, number] {
    const clock = this.clock
    let lo = dayStart
    if (clock.offsetAt(dayStart) !== zoneOffset) {
      // the change is in (dayStart, ms]: the first quarter hour at the new offset
      let before = Math.floor(dayStart / QUARTER_HOUR)
      let after = Math.floor(ms / QUARTER_HOUR)
      while (after - before > 1) {
        const mid = Math.floor((before + after) / 2)
        if (clock.offsetAt(mid * QUARTER_HOUR) === zoneOffset) after = mid
        else before = mid
      }
      lo = Math.max(dayStart, after * QUARTER_HOUR)
    }
    let hi = dayEnd
    if (clock.offsetAt(dayEnd - 1) !== zoneOffset) {
      // the change is in (ms, dayEnd): the first quarter hour at the next offset
      let before = Math.floor(ms / QUARTER_HOUR)
      let after = Math.floor((dayEnd - 1) / QUARTER_HOUR)
      while (after - before > 1) {
        const mid = Math.floor((before + after) / 2)
        if (clock.offsetAt(mid * QUARTER_HOUR) === zoneOffset) before = mid
        else after = mid
      }
      hi = Math.min(dayEnd, after * QUARTER_HOUR)
    }
    return [lo, hi]
  }

  private noteOffset(offset: number, zoneOffsetMs: number, mismatch: boolean, line: number): void {
    const o = this.offsets
    if (o.firstLine === 0) {
      o.firstOffset = offset
      o.firstLine = line
    } else if (o.otherLine === 0 && offset !== o.firstOffset) {
      o.otherOffset = offset
      o.otherLine = line
    }
    if (mismatch && o.mismatchLine === 0) {
      o.mismatchLine = line
      o.mismatchOffset = offset
      o.mismatchZoneOffset = zoneOffsetMs / 60_000
    }
  }
}

/** Remembers the first row of a kind (the rows are counted by window, in `flush`). */
function first(count: RowCount, line: number, detail: string): void {
  if (count.line === 0) {
    count.line = line
    count.detail = detail
  }
}
