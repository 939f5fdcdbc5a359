/**
 * The data of a global model: one LSTM trained on windows drawn from several households.
 *
 * - Each home keeps its own cleaning recipe and is scaled with statistics of its own training days.
 * - The split is by calendar dates common to every home: the dates on which any member has a usable
 *   day are split chronologically (70 / 15 / 15 by default), and each home's days follow their date.
 *   So train, validation and test are the same dates for every home, and no home's test period is
 *   seen in training through another home.
 * - Windows are indexed (home, start) and built on demand (HomeWindows), so memory stays bounded by
 *   the homes' series, not by the number of windows.
 */
import type { Queryable } from '../../db/library'
import { loadCleanSeries, type CleanSeries } from '../../data/cleaning/clean-series'
import type { WindowSource } from '../../engine/trainer'
import { AppError } from '../../shared/result'
import { RESOLUTIONS } from '../../shared/training-params'
import type { ModelParams } from '../pipeline'
import type { FeatureOptions } from '../features'
import type { SeriesGrid } from '../grid'
import { fitScaler, type Scaler } from '../scaling'
import { daySlotRange, labelSlots, splitDays, SPLIT_CODES, type DaySplit, type SplitName } from '../split'
import { windowStarts, type WindowShape } from '../windows'
import { HomeWindows } from './home-windows'

export interface GlobalHome {
  datasetId: number
  home: string
  series: CleanSeries
  grid: SeriesGrid
  labels: Int8Array
  days: DaySplit
  scaler: Scaler
  windows: HomeWindows
  starts: Record<SplitName, Int32Array>
}

export interface GlobalData {
  homes: GlobalHome[]
  /** the common dates of each split (every member's days follow them) */
  dates: DaySplit
  shape: WindowShape
  features: FeatureOptions
  intervalSeconds: number
  inputSize: number
  train: WindowSource
  validation: WindowSource
  /** homes left out because they have no usable day or no training window, with why */
  skipped: { datasetId: number; home: string; reason: string }[]
}

/** Kept days holding at least one usable reading. */
function usableDays(series: CleanSeries, grid: SeriesGrid): string[] {
  return series.keptDays.filter((day) => {
    const range = daySlotRange(grid, day, series.zone)
    for (let t = range.from; t < range.to; t++) if (Number.isFinite(grid.values[t])) return true
    return false
  })
}

/** The windows of one split of every home, as one WindowSource indexed (home, start). */
export function splitWindows(
  homes: Pick<GlobalHome, 'starts' | 'windows'>[],
  split: SplitName,
): WindowSource {
  const n = homes.reduce((sum, h) => sum + h.starts[split].length, 0)
  const homeOf = new Uint16Array(n)
  const startOf = new Int32Array(n)
  let k = 0
  for (const [h, home] of homes.entries()) {
    for (const s of home.starts[split]) {
      homeOf[k] = h
      startOf[k++] = s
    }
  }
  const windowSize = (homes[0]?.windows.inputSize ?? 1) * (homes[0]?.windows.shape.seqLen ?? 0)
  const P = homes[0]?.windows.shape.predSize ?? 0
  return {
    n,
    gather(order, from, count, x, y) {
      for (let b = 0; b < count; b++) {
        const w = order[from + b]
        homes[homeOf[w]].windows.write(startOf[w], x, b * windowSize, y, b * P)
      }
    },
  }
}

/**
 * Loads every home, splits by common dates, fits each home's scaling on its own training days and
 * indexes the windows. Homes without a usable day or a training window are skipped and said so;
 * fewer than two remaining homes is an error.
 */
export async function prepareGlobalData(
  library: Queryable,
  params: ModelParams,
  datasetIds: number[],
): Promise<GlobalData> {
  const resampleSeconds = RESOLUTIONS[params.resolution]
  const loaded: { datasetId: number; series: CleanSeries; grid: SeriesGrid; usable: string[] }[] = []
  const skipped: GlobalData['skipped'] = []
  for (const datasetId of datasetIds) {
    const series = await loadCleanSeries(library, datasetId, params.column, {
      ...(params.minCompleteness !== undefined && { minCompleteness: params.minCompleteness }),
      ...(params.zeroRowsAsMissing !== undefined && { treatZeroRowsAsMissing: params.zeroRowsAsMissing }),
      resampleSeconds,
    })
    const grid = { start: series.start, intervalMs: series.intervalSeconds * 1000, values: series.values }
    const usable = usableDays(series, grid)
    if (usable.length === 0) skipped.push({ datasetId, home: series.home, reason: 'no complete day' })
    else loaded.push({ datasetId, series, grid, usable })
  }
  const intervals = new Set(loaded.map((l) => l.series.intervalSeconds))
  if (intervals.size > 1)
    throw new AppError(
      'invalid-request',
      `The homes have different intervals (${[...intervals].join(', ')} s): choose a common resolution (15min or 1h).`,
    )
  const zones = new Set(loaded.map((l) => l.series.zone))
  if (zones.size > 1)
    throw new AppError('invalid-request', `The homes use different time zones (${[...zones].join(', ')}).`)
  const allDates = [...new Set(loaded.flatMap((l) => l.usable))].sort()
  if (allDates.length < 3)
    throw new AppError('invalid-input', 'The homes have fewer than 3 usable dates in all: import more data.')
  const dates = splitDays(allDates, params.split)
  const splitOf = new Map<string, SplitName>()
  for (const name of ['train', 'validation', 'test'] as const)
    for (const d of dates[name]) splitOf.set(d, name)
  const shape: WindowShape = { seqLen: params.seqLen, predSize: params.predSize, stride: params.stride }
  const zone = loaded[0]?.series.zone ?? 'Europe/Brussels'
  const features: FeatureOptions = { calendar: params.calendar, level: params.level, zone }
  const homes: GlobalHome[] = []
  for (const { datasetId, series, grid, usable } of loaded) {
    const days: DaySplit = { train: [], validation: [], test: [] }
    for (const d of usable) days[splitOf.get(d)!].push(d)
    const labels = labelSlots(grid, days, series.zone)
    const starts = {
      train: windowStarts(grid.values, labels, 'train', shape),
      validation: windowStarts(grid.values, labels, 'validation', shape),
      test: windowStarts(grid.values, labels, 'test', { ...shape, stride: 1 }),
    }
    if (starts.train.length === 0) {
      skipped.push({
        datasetId,
        home: series.home,
        reason: 'no training window (too few complete days before the test dates)',
      })
      continue
    }
    const scaler = fitScaler(grid.values, labels, SPLIT_CODES.train, params.scaling)
    homes.push({
      datasetId,
      home: series.home,
      series,
      grid,
      labels,
      days,
      scaler,
      windows: new HomeWindows(grid, scaler, shape, features),
      starts,
    })
  }
  if (homes.length < 2)
    throw new AppError(
      'invalid-input',
      `A global model needs at least 2 homes with training windows; ${homes.length} remain` +
        (skipped.length ? ` (${skipped.map((s) => `${s.home}: ${s.reason}`).join('; ')}).` : '.'),
    )
  return {
    homes,
    dates,
    shape,
    features,
    intervalSeconds: homes[0].series.intervalSeconds,
    inputSize: homes[0].windows.inputSize,
    train: splitWindows(homes, 'train'),
    validation: splitWindows(homes, 'validation'),
    skipped,
  }
}
