/**
 * A regular time grid of power readings: slot k is the instant `start + k * intervalMs` (UTC epoch ms).
 * `values` [T] is in watts; NaN marks a missing reading (gap, removed day, flagged zero row or spike).
 */
export interface SeriesGrid {
  start: number
  intervalMs: number
  values: Float64Array
}

/** The slot index of `instant` on the grid (rounded up: the first slot at or after it). */
export function slotAtOrAfter(grid: SeriesGrid, instant: number): number {
  return Math.max(0, Math.ceil((instant - grid.start) / grid.intervalMs))
}

/** Slots per day on a grid (86 400 s / interval), for same-time-yesterday and day-ahead sizes. */
export function slotsPerDay(intervalMs: number): number {
  return Math.round(86_400_000 / intervalMs)
}
