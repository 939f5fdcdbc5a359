import { DateTime } from 'luxon'
import type { SeriesGrid } from '../grid'

const HOUR_MS = 3_600_000

/**
 * The local hour (0–23, in `zone`) of every slot of a grid. The zone offset is looked up once per UTC
 * hour, as calendar.ts does, so a year of 8-s slots stays cheap.
 * @returns Uint8Array [T]
 */
export function slotHours(grid: SeriesGrid, zone: string): Uint8Array {
  return hoursOfInstants(grid.start, grid.intervalMs, grid.values.length, zone)
}

/** The local hour of `count` instants `start + k·intervalMs`. */
export function hoursOfInstants(start: number, intervalMs: number, count: number, zone: string): Uint8Array {
  const out = new Uint8Array(count)
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
    out[k] = Math.floor((((local % 86_400_000) + 86_400_000) % 86_400_000) / HOUR_MS)
  }
  return out
}
