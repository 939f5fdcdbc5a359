import { DateTime } from 'luxon'

/** Calendar features per time step: time of day and day of week as sin/cos pairs, in local time. */
export const CALENDAR_FEATURES = 4

const HOUR_MS = 3_600_000

/**
 * Fills the four calendar features of `count` instants `start + k·intervalMs` in `zone`:
 * [sin, cos](2π·hourOfDay/24), [sin, cos](2π·dayOfWeek/7). The zone offset is looked up once per
 * UTC hour (offsets only change on whole hours in practice), so a year of 8-s slots stays cheap.
 * @returns Float64Array [count, 4]
 */
export function calendarFeatures(
  start: number,
  intervalMs: number,
  count: number,
  zone: string,
): Float64Array {
  const out = new Float64Array(count * CALENDAR_FEATURES)
  let cachedHour = NaN
  let offsetMs = 0
  for (let k = 0; k < count; k++) {
    const instant = start + k * intervalMs
    const hour = Math.floor(instant / HOUR_MS)
    if (hour !== cachedHour) {
      cachedHour = hour
      offsetMs = DateTime.fromMillis(hour * HOUR_MS, { zone }).offset * 60_000
    }
    const local = instant + offsetMs
    const dayFraction = (((local % 86_400_000) + 86_400_000) % 86_400_000) / 86_400_000
    // 1970-01-01 was a Thursday: shift so Monday = 0
    const dayIndex = Math.floor(local / 86_400_000)
    const weekday = (((dayIndex + 3) % 7) + 7) % 7
    const week = (weekday + dayFraction) / 7
    const o = k * CALENDAR_FEATURES
    out[o] = Math.sin(2 * Math.PI * dayFraction)
    out[o + 1] = Math.cos(2 * Math.PI * dayFraction)
    out[o + 2] = Math.sin(2 * Math.PI * week)
    out[o + 3] = Math.cos(2 * Math.PI * week)
  }
  return out
}
