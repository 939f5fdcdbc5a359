/**
 * Clock rules of one IANA zone, fast enough for millions of readings: offsets are computed with
 * Intl once per UTC hour and cached, and a day's span is reused while readings stay inside it.
 * Instants are UTC epoch ms; "wall" values are local wall-clock fields read as if UTC (epoch ms).
 */
import { civilFromDays } from './import/timestamps'

const MS_PER_HOUR = 3_600_000
const MS_PER_DAY = 86_400_000

/** One local calendar day as UTC instants: [startMs, endMs), 23 h, 24 h or 25 h long. */
export interface LocalDay {
  /** `YYYY-MM-DD` in the zone */
  day: string
  /** days since 1970-01-01 of the local date */
  epochDay: number
  startMs: number
  endMs: number
}

export class ZoneClock {
  private readonly format: Intl.DateTimeFormat
  private readonly offsets = new Map<number, number>()
  private readonly wallOffsets = new Map<number, [number, number]>()
  private readonly days = new Map<number, LocalDay>()

  constructor(readonly zone: string) {
    try {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      })
    } catch {
      throw new RangeError(`Unknown time zone "${zone}" (use an IANA name such as Europe/Brussels).`)
    }
  }

  /** Local time minus UTC, in ms, at the instant `utcMs`. */
  offsetAt(utcMs: number): number {
    // every real zone changes offset on a whole quarter-hour; Brussels on the hour
    const key = Math.floor(utcMs / (MS_PER_HOUR / 4))
    let offset = this.offsets.get(key)
    if (offset === undefined) {
      const at = key * (MS_PER_HOUR / 4)
      const parts: Record<string, number> = {}
      for (const part of this.format.formatToParts(at)) {
        if (part.type !== 'literal') parts[part.type] = Number(part.value)
      }
      const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second)
      offset = wall - at
      this.offsets.set(key, offset)
    }
    return offset
  }

  /**
   * The instant of a local wall-clock time. In the repeated autumn hour a wall time has two
   * instants: the summer one (earlier) unless `later`; a time skipped in spring is read with
   * the offset in force before the change.
   */
  wallToUtc(wallMs: number, later = false): number {
    const key = Math.floor(wallMs / (MS_PER_HOUR / 4))
    let pair = this.wallOffsets.get(key)
    if (pair === undefined) {
      const at = key * (MS_PER_HOUR / 4)
      const before = this.offsetAt(at - MS_PER_DAY)
      const after = this.offsetAt(at + MS_PER_DAY)
      const valid = [before, after].filter((o) => this.offsetAt(at - o) === o)
      if (valid.length === 0) pair = [before, before]
      else {
        // the earlier instant has the larger offset
        const earlier = Math.max(...valid)
        const laterOffset = Math.min(...valid)
        pair = [earlier, laterOffset]
      }
      this.wallOffsets.set(key, pair)
    }
    return wallMs - (later ? pair[1] : pair[0])
  }

  /** True when the wall time occurs twice (the repeated autumn hour). */
  isAmbiguous(wallMs: number): boolean {
    this.wallToUtc(wallMs)
    const pair = this.wallOffsets.get(Math.floor(wallMs / (MS_PER_HOUR / 4)))!
    return pair[0] !== pair[1]
  }

  /** The local day with this epoch-day number. */
  dayByNumber(epochDay: number): LocalDay {
    let found = this.days.get(epochDay)
    if (!found) {
      found = {
        day: civilFromDays(epochDay),
        epochDay,
        startMs: this.wallToUtc(epochDay * MS_PER_DAY),
        endMs: this.wallToUtc((epochDay + 1) * MS_PER_DAY),
      }
      this.days.set(epochDay, found)
    }
    return found
  }

  /** The local day containing the instant. */
  dayOf(utcMs: number): LocalDay {
    return this.dayByNumber(Math.floor((utcMs + this.offsetAt(utcMs)) / MS_PER_DAY))
  }

  /** The local day of a `YYYY-MM-DD` string. */
  dayOfDate(day: string): LocalDay {
    return this.dayByNumber(Math.round(Date.parse(`${day}T00:00:00Z`) / MS_PER_DAY))
  }
}

/** Readings a day should hold at this interval (DST-aware: 10 350 / 10 800 / 11 250 at 8 s). */
export function expectedReadings(day: LocalDay, intervalSeconds: number): number {
  return Math.round((day.endMs - day.startMs) / (intervalSeconds * 1000))
}
