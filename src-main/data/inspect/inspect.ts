/**
 * What the Datasets area draws: chart windows from the multi-resolution summary (a few
 * thousand points whatever the data size), the average daily profile and the distribution of
 * the cleaned readings.
 */
import type { Queryable } from '../../db/library'
import type { DailyProfile, Distribution, SeriesView, SeriesWindow } from '../../shared/contract'
import { AppError } from '../../shared/result'
import { parseJsonSafely } from '../../shared/safe-json'
import {
  effectiveRecipe,
  loadCleanSeries,
  type CleaningRecipe,
  type CleanSeries,
  type PowerColumn,
} from '../cleaning/clean-series'
import { cleanedEnvelope, flaggedMarkers } from './clean-window'
import { loadDatasetRow, loadDays, loadReadings, type StoredDay } from '../store/stored-readings'
import { envelopeFromReadings, envelopeFromSummary, type SummaryLevel } from './summary'
import { ZoneClock } from '../zone'

export const DEFAULT_POINTS = 1500

/**
 * A min/max envelope of one column over [fromMs, toMs) (the whole range when omitted): of the
 * cleaned series by default, or of the import as read (`view: 'raw'`), with where the readings the
 * recipe hides are.
 */
export async function seriesWindow(
  q: Queryable,
  request: {
    datasetId: number
    column: string
    fromMs?: number
    toMs?: number
    points?: number
    view?: SeriesView
    recipe?: Partial<CleaningRecipe>
  },
): Promise<SeriesWindow> {
  const row = await loadDatasetRow(q, request.datasetId)
  const columns: string[] = parseJsonSafely(row.columns)
  if (!columns.includes(request.column)) {
    throw new AppError('invalid-request', `Dataset ${request.datasetId} has no column "${request.column}".`)
  }
  const range = await q.get<{ start: number; end: number }>(
    'SELECT MIN(start_ms) AS start, MAX(end_ms) AS end FROM dataset_days WHERE dataset_id = ?',
    [request.datasetId],
  )
  const fromMs = Math.max(request.fromMs ?? range!.start, range!.start)
  const toMs = Math.min(request.toMs ?? range!.end, range!.end)
  const points = request.points ?? DEFAULT_POINTS
  const intervalMs = row.interval_seconds * 1000
  const view = request.view ?? 'cleaned'
  const base = { column: request.column, view, fromMs, toMs, intervalSeconds: row.interval_seconds }
  const noFlags = { x: [], y: [], reason: [], count: 0 }
  if (!(toMs > fromMs))
    return {
      ...base,
      bucketMs: intervalMs,
      raw: true,
      readings: 0,
      x: [],
      min: [],
      max: [],
      mean: [],
      flagged: noFlags,
    }
  const recipe = effectiveRecipe(row.interval_seconds, row.recipe, request.recipe)
  const flagged = await flaggedMarkers(q, row, request.column, recipe, fromMs, toMs, points)
  if (view === 'cleaned') {
    return {
      ...base,
      ...(await cleanedEnvelope(q, row, request.column, recipe, fromMs, toMs, points)),
      flagged,
    }
  }
  const bucketMs = (toMs - fromMs) / points
  // the coarsest summary level that is still finer than one output bucket
  const level = await q.get<{ bucket_seconds: number; start_ms: number; buckets: number; data: Buffer }>(
    `SELECT bucket_seconds, start_ms, buckets, data FROM dataset_summaries
     WHERE dataset_id = ? AND column_name = ? AND bucket_seconds * 1000 <= ?
     ORDER BY bucket_seconds DESC LIMIT 1`,
    [request.datasetId, request.column, bucketMs],
  )
  if (level) {
    const blob = level.data.byteOffset % 4 === 0 ? level.data : Buffer.from(level.data)
    const summary: SummaryLevel = {
      bucketSeconds: level.bucket_seconds,
      startMs: level.start_ms,
      buckets: level.buckets,
      data: new Float32Array(blob.buffer, blob.byteOffset, blob.byteLength / 4),
    }
    return { ...base, ...envelopeFromSummary(summary, fromMs, toMs, points), flagged }
  }
  const readings = await loadReadings(q, request.datasetId, columns, [request.column], { fromMs, toMs })
  return {
    ...base,
    ...envelopeFromReadings(readings.instants, readings.values[0], fromMs, toMs, points, intervalMs),
    flagged,
  }
}

function asPowerColumn(column: string): PowerColumn {
  if (column !== 'p_cons' && column !== 'p_prod' && column !== 'p_tot') {
    throw new AppError(
      'invalid-request',
      `Profiles and distributions use p_cons, p_prod or p_tot, not "${column}".`,
    )
  }
  return column
}

function quantile(sorted: Float64Array, q: number): number {
  const at = (sorted.length - 1) * q
  const low = Math.floor(at)
  const high = Math.ceil(at)
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low)
}

/**
 * Mean and 10–90 % spread by local time of day, weekdays and weekends apart, from the cleaned
 * series resampled to 15 min (or the data's own interval when coarser).
 */
export async function dailyProfile(q: Queryable, datasetId: number, column: string): Promise<DailyProfile> {
  const row = await loadDatasetRow(q, datasetId)
  const slotSeconds = Math.max(900, row.interval_seconds)
  const series = await loadCleanSeries(q, datasetId, asPowerColumn(column), {
    resampleSeconds: slotSeconds > row.interval_seconds ? slotSeconds : null,
  })
  const perDay = Math.round(86_400 / series.intervalSeconds)
  const clock = new ZoneClock(series.zone)
  const stepMs = series.intervalSeconds * 1000
  const groups = { weekday: [] as number[][], weekend: [] as number[][] }
  for (let s = 0; s < perDay; s++) {
    groups.weekday[s] = []
    groups.weekend[s] = []
  }
  const daysSeen = { weekday: new Set<number>(), weekend: new Set<number>() }
  for (let i = 0; i < series.values.length; i++) {
    const v = series.values[i]
    if (Number.isNaN(v)) continue
    const t = series.start + i * stepMs
    const local = t + clock.offsetAt(t)
    const epochDay = Math.floor(local / 86_400_000)
    const slot = Math.floor((local - epochDay * 86_400_000) / stepMs)
    // 1970-01-01 was a Thursday: (epochDay + 4) % 7 is 0 on Sundays
    const weekday = (epochDay + 4) % 7
    const kind = weekday === 0 || weekday === 6 ? 'weekend' : 'weekday'
    groups[kind][slot]?.push(v)
    daysSeen[kind].add(epochDay)
  }
  const curve = (kind: 'weekday' | 'weekend') => {
    const mean: (number | null)[] = []
    const p10: (number | null)[] = []
    const p90: (number | null)[] = []
    for (const values of groups[kind]) {
      if (values.length === 0) {
        mean.push(null)
        p10.push(null)
        p90.push(null)
        continue
      }
      const sorted = Float64Array.from(values).sort()
      mean.push(values.reduce((a, b) => a + b, 0) / values.length)
      p10.push(quantile(sorted, 0.1))
      p90.push(quantile(sorted, 0.9))
    }
    return { days: daysSeen[kind].size, mean, p10, p90 }
  }
  return {
    column,
    slotMinutes: series.intervalSeconds / 60,
    weekday: curve('weekday'),
    weekend: curve('weekend'),
  }
}

/**
 * Slots of the kept days the cleaned series has no value for (gaps the recipe did not fill, hidden
 * readings); the slots of removed days are not missing, they are left out on purpose.
 */
export function missingInKeptDays(series: CleanSeries, days: StoredDay[]): number {
  const kept = new Set(series.keptDays)
  const stepMs = series.intervalSeconds * 1000
  let missing = 0
  for (const day of days) {
    if (!kept.has(day.day)) continue
    const from = Math.max(0, Math.round((day.startMs - series.start) / stepMs))
    const to = Math.min(series.values.length, Math.round((day.endMs - series.start) / stepMs))
    for (let i = from; i < to; i++) if (Number.isNaN(series.values[i])) missing++
  }
  return missing
}

/** Histogram of the cleaned readings over their 0.5–99.5 % range (the tails counted apart). */
export async function distribution(
  q: Queryable,
  datasetId: number,
  column: string,
  bins = 60,
): Promise<Distribution> {
  const series = await loadCleanSeries(q, datasetId, asPowerColumn(column))
  const finite = series.values.filter((v) => !Number.isNaN(v)).sort()
  const missing = missingInKeptDays(series, await loadDays(q, datasetId))
  if (finite.length === 0) return { column, edges: [], counts: [], below: 0, above: 0, total: 0, missing }
  let low = quantile(finite, 0.005)
  let high = quantile(finite, 0.995)
  if (high <= low) {
    low -= 1
    high += 1
  }
  const width = (high - low) / bins
  const counts = new Array<number>(bins).fill(0)
  let below = 0
  let above = 0
  for (const v of finite) {
    if (v < low) below++
    else if (v > high) above++
    else counts[Math.min(bins - 1, Math.floor((v - low) / width))]++
  }
  const edges = Array.from({ length: bins + 1 }, (_, i) => low + i * width)
  return { column, edges, counts, below, above, total: finite.length, missing }
}
