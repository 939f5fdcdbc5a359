/**
 * Days a meter recorded backwards. Two CDB households record their consumption as negative throughout,
 * and ECHL06 from one day on (its meter was turned round in May 2022): a raw sum subtracts them.
 *
 * The night decides: a home draws power at night (fridge, standby) and no panel produces, so a day whose
 * night readings (local 00:00–05:00) are negative (almost) all of them was recorded backwards, and its
 * sign is flipped for the community's sums. Daytime readings prove nothing: a home exporting its solar
 * surplus, or a meter that only sees the panels (CDB001 in the summer of 2022: negative by day, zero at
 * night), is negative by day and must be left as it is. A day without night readings keeps the state of
 * the day before it (a meter is turned round rarely), or of the first day that tells.
 */
import { ZoneClock } from '../data/zone'

/** A night is recorded backwards when at least this share of its non-zero readings is negative. */
export const BACKWARDS_SHARE = 0.9
/** The night: local midnight to this hour. */
const NIGHT_END_HOUR = 5

export interface Backwards {
  /** [T] −1 on the slots of days recorded backwards, else 1 */
  signs: Int8Array
  /** how many days were flipped */
  days: number
}

/**
 * @param consumption Float64Array [T] watts on a regular grid starting at `start` (NaN = missing)
 */
export function backwardsDays(
  consumption: Float64Array,
  start: number,
  intervalMs: number,
  zone: string,
): Backwards {
  const clock = new ZoneClock(zone)
  // each day's slot range and what its night says: true (backwards), false, or null (no night readings)
  const days: { from: number; to: number; backwards: boolean | null }[] = []
  let t = 0
  while (t < consumption.length) {
    const day = clock.dayOf(start + t * intervalMs)
    const end = Math.min(consumption.length, Math.max(t + 1, Math.ceil((day.endMs - start) / intervalMs)))
    const nightEnd = day.startMs + NIGHT_END_HOUR * 3_600_000 // on DST days an hour off: no matter
    let night = 0
    let negative = 0
    for (let k = t; k < end && start + k * intervalMs < nightEnd; k++) {
      const v = consumption[k]
      if (!Number.isFinite(v) || v === 0) continue
      night++
      if (v < 0) negative++
    }
    days.push({ from: t, to: end, backwards: night > 0 ? negative / night >= BACKWARDS_SHARE : null })
    t = end
  }
  const signs = new Int8Array(consumption.length).fill(1)
  let state = days.find((d) => d.backwards !== null)?.backwards ?? false
  let flipped = 0
  for (const day of days) {
    if (day.backwards !== null) state = day.backwards
    if (!state) continue
    signs.fill(-1, day.from, day.to)
    flipped++
  }
  return { signs, days: flipped }
}
