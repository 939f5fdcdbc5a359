/**
 * The cleaned series a model trains on: one power column of a dataset on a regular UTC grid,
 * with removed days, empty readings, all-zero rows and spikes as NaN (as the recipe says),
 * short gaps filled and optionally resampled. The stored import is never modified; the recipe
 * saved with the dataset is used unless overridden. See docs/data.md.
 */
import type { Queryable } from '../../db/library'
import { AppError } from '../../shared/result'
import { SPIKE_THRESHOLD_W } from '../analysis/analyse-readings'
import { classifyDays, fillShortGaps, resampleMean } from './cleaning'
import { loadDatasetRow, loadDays, loadReadings, type StoredDay } from '../store/stored-readings'
import { parseJsonSafely } from '../../shared/safe-json'
import { flagReading, ReadingFlag } from './row-flags'

export type PowerColumn = 'p_cons' | 'p_prod' | 'p_tot'

export interface CleaningRecipe {
  /** days whose present / expected is below this are removed (0..1) */
  minCompleteness: number
  /** also remove days where all-zero rows make up half of the expected readings or more */
  dropZeroDominatedDays: boolean
  /** gaps up to this many seconds inside kept days are filled by linear interpolation */
  fillGapsUpToSeconds: number
  /** multiply the column by −1 (meters installed backwards) */
  flipSign: boolean
  /** readings with |p| ≥ this many watts in any power column are missing; null = keep them */
  spikeThresholdW: number | null
  /** rows where every power column is 0 (zero-filled outages) are missing */
  treatZeroRowsAsMissing: boolean
  /** mean power per bin of this many seconds; null = the raw interval */
  resampleSeconds: number | null
}

/** The defaults: 90 % complete days, zero rows and spikes missing, gaps up to 2 min (8 s) or one slot filled. */
export const defaultRecipe = (intervalSeconds: number): CleaningRecipe => ({
  minCompleteness: 0.9,
  dropZeroDominatedDays: true,
  fillGapsUpToSeconds: intervalSeconds < 60 ? 120 : intervalSeconds,
  flipSign: false,
  spikeThresholdW: SPIKE_THRESHOLD_W,
  treatZeroRowsAsMissing: true,
  resampleSeconds: null,
})

export interface CleanSeries {
  datasetId: number
  home: string
  column: PowerColumn
  zone: string
  /** of the returned grid (raw or resampled) */
  intervalSeconds: number
  /** epoch ms of slot 0 (UTC): local midnight of the first day */
  start: number
  /** [T] watts on a regular grid; NaN = missing, removed day, empty, zero-row (when treated as missing) or spike */
  values: Float64Array
  /** local YYYY-MM-DD in `zone` */
  keptDays: string[]
  removedDays: string[]
  recipe: CleaningRecipe
}

/** The full recipe in force: defaults, then the saved recipe, then the override. */
export function effectiveRecipe(
  intervalSeconds: number,
  saved: string | null,
  override: Partial<CleaningRecipe> = {},
): CleaningRecipe {
  const defined = Object.fromEntries(Object.entries(override).filter(([, v]) => v !== undefined))
  return { ...defaultRecipe(intervalSeconds), ...(saved ? parseJsonSafely(saved) : {}), ...defined }
}

/** Consecutive kept days as slot ranges [start, end) on the raw grid. */
function keptRanges(
  days: StoredDay[],
  kept: Set<string>,
  start: number,
  intervalMs: number,
): [number, number][] {
  const ranges: [number, number][] = []
  for (const day of days) {
    if (!kept.has(day.day)) continue
    const from = Math.round((day.startMs - start) / intervalMs)
    const to = Math.round((day.endMs - start) / intervalMs)
    const last = ranges[ranges.length - 1]
    if (last && last[1] === from) last[1] = to
    else ranges.push([from, to])
  }
  return ranges
}

/** Loads one power column of a dataset, cleaned by its recipe (saved, default, or overridden here). */
export async function loadCleanSeries(
  library: Queryable,
  datasetId: number,
  column: PowerColumn,
  recipe?: Partial<CleaningRecipe>,
): Promise<CleanSeries> {
  const row = await loadDatasetRow(library, datasetId)
  const intervalSeconds = row.interval_seconds
  const full = effectiveRecipe(intervalSeconds, row.recipe, recipe)
  if (full.resampleSeconds !== null && full.resampleSeconds < intervalSeconds) {
    throw new AppError(
      'invalid-request',
      `Cannot resample dataset ${datasetId} to ${full.resampleSeconds} s: its readings are ${intervalSeconds} s apart.`,
    )
  }
  const days = await loadDays(library, datasetId)
  const { keptDays, removedDays } = classifyDays(days, full)
  const intervalMs = intervalSeconds * 1000
  const start = days.length > 0 ? days[0].startMs : row.start_ms
  const end = days.length > 0 ? days[days.length - 1].endMs : row.start_ms
  const slots = Math.round((end - start) / intervalMs)
  const values = new Float64Array(slots).fill(NaN)
  const counts = new Uint16Array(slots)
  const allColumns: string[] = parseJsonSafely(row.columns)
  const kept = new Set(keptDays)
  const readings = await loadReadings(library, datasetId, allColumns, [column, 'p_cons', 'p_prod', 'p_tot'], {
    days: kept,
  })
  const [target, cons, prod, tot] = readings.values
  const sign = full.flipSign ? -1 : 1
  for (let i = 0; i < readings.instants.length; i++) {
    const v = target[i]
    if (Number.isNaN(v)) continue
    if (flagReading(cons[i], prod[i], tot[i], full) !== ReadingFlag.kept) continue
    const slot = Math.round((readings.instants[i] - start) / intervalMs)
    if (slot < 0 || slot >= slots) continue
    // off-grid readings sharing a slot are averaged
    const n = counts[slot]++
    values[slot] = n === 0 ? sign * v : (values[slot] * n + sign * v) / (n + 1)
  }
  const maxGapSlots = Math.floor(full.fillGapsUpToSeconds / intervalSeconds)
  for (const [from, to] of keptRanges(days, kept, start, intervalMs))
    fillShortGaps(values, maxGapSlots, from, to)
  const resampled =
    full.resampleSeconds !== null && full.resampleSeconds > intervalSeconds
      ? resampleMean(values, intervalSeconds, full.resampleSeconds, full.minCompleteness)
      : values
  return {
    datasetId,
    home: row.home,
    column,
    zone: row.zone,
    intervalSeconds: resampled === values ? intervalSeconds : full.resampleSeconds!,
    start,
    values: resampled,
    keptDays,
    removedDays,
    recipe: full,
  }
}
