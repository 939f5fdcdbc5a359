/**
 * Naive timestamps (no zone designator) are UTC in older exports and Brussels wall time in
 * resampled ones, even under the same file name. The `day` column tells them apart: in a UTC
 * file the rows at 22:00–23:59 carry the NEXT local date. Without a `day` column the file is
 * read as local; the user can always override.
 */
import type { HomeAccumulator } from './accumulator'
import type { ZoneClock } from '../zone'

export type NaiveMode = 'auto' | 'utc' | 'local'

/** Rows at 22:00–23:59 (naive clock) whose `day` is the next date, or the same date. */
export interface NaiveEvidence {
  nextDay: number
  sameDay: number
}

/** The zone of a file's naive timestamps: by override, else by the `day` column test, else local. */
export function decideNaiveZone(mode: NaiveMode, evidence: NaiveEvidence): 'utc' | 'local' {
  if (mode !== 'auto') return mode
  // In winter a UTC file's 22:xx rows still carry the same date (23:xx local), so any clear
  // share of next-day rows means UTC; local files never have them.
  const seen = evidence.nextDay + evidence.sameDay
  return evidence.nextDay > 0 && evidence.nextDay >= 0.25 * seen ? 'utc' : 'local'
}

/**
 * Converts the naive rows just appended by one file into UTC instants, in place. In a local
 * file the repeated autumn hour is read as summer time at its first occurrence and winter time
 * at its second (the wall clock going back marks the change).
 */
export function resolveNaiveTimestamps(
  targets: { accumulator: HomeAccumulator; segmentStart: number }[],
  evidence: NaiveEvidence,
  options: { naive: NaiveMode; clock: ZoneClock },
): 'utc' | 'local' {
  const zone = decideNaiveZone(options.naive, evidence)
  if (zone === 'utc') return zone
  const clock = options.clock
  for (const { accumulator, segmentStart } of targets) {
    const instants = accumulator.instants.data
    let previous = -Infinity
    for (let i = segmentStart; i < accumulator.length; i++) {
      const wall = instants[i]
      let utc = clock.wallToUtc(wall, false)
      if (utc <= previous) {
        const later = clock.wallToUtc(wall, true)
        if (later !== utc && later > previous) utc = later
      }
      instants[i] = utc
      previous = utc
    }
  }
  return zone
}
