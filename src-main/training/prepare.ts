import { loadCleanSeries, type CleanSeries } from '../data/cleaning/clean-series'
import type { Queryable } from '../db/library'
import { RESOLUTIONS, type TrainingParams } from '../shared/training-params'
import { AppError } from '../shared/result'
import { buildWindowTensors, inputSizeFor, type FeatureOptions, type WindowTensors } from './features'
import type { SeriesGrid } from './grid'
import { fitScaler, type Scaler } from './scaling'
import {
  daySlotRange,
  labelSlots,
  labelSlotsByTime,
  splitDays,
  SPLIT_CODES,
  type DaySplit,
  type SplitName,
} from './split'
import { segmentLengths, windowStarts, type WindowShape } from './windows'

/** Everything a run trains and is judged on, derived from one dataset and the run's parameters. */
export interface PreparedData {
  series: CleanSeries
  grid: SeriesGrid
  /** 'time' when the recording is shorter than three usable days (see labelSlotsByTime) */
  splitBy: 'days' | 'time'
  days: DaySplit
  labels: Int8Array
  shape: WindowShape
  starts: Record<SplitName, Int32Array>
  scaler: Scaler
  features: FeatureOptions
  train: WindowTensors
  validation: WindowTensors
}

/**
 * Loads the cleaned series, splits its kept days chronologically, cuts gap-free windows per split,
 * fits the scaling on the training readings only, and builds the training and validation tensors.
 * Nothing here looks at the test days' values except to cut their windows.
 */
export async function prepareTrainingData(library: Queryable, params: TrainingParams): Promise<PreparedData> {
  const series = await loadCleanSeries(library, params.datasetId, params.column, {
    ...(params.minCompleteness !== undefined && { minCompleteness: params.minCompleteness }),
    ...(params.zeroRowsAsMissing !== undefined && { treatZeroRowsAsMissing: params.zeroRowsAsMissing }),
    resampleSeconds: RESOLUTIONS[params.resolution],
  })
  const grid: SeriesGrid = {
    start: series.start,
    intervalMs: series.intervalSeconds * 1000,
    values: series.values,
  }
  const { splitBy, days, labels } = splitSeries(series, grid, params)
  const shape: WindowShape = { seqLen: params.seqLen, predSize: params.predSize, stride: params.stride }
  const starts = {
    train: windowStarts(grid.values, labels, 'train', shape),
    validation: windowStarts(grid.values, labels, 'validation', shape),
    test: windowStarts(grid.values, labels, 'test', { ...shape, stride: 1 }),
  }
  for (const split of ['train', 'test'] as const) {
    if (starts[split].length === 0)
      throw new AppError('invalid-input', noWindowMessage(grid, labels, split, shape, series))
  }
  const scaler = fitScaler(grid.values, labels, SPLIT_CODES.train, params.scaling)
  const features: FeatureOptions = { calendar: params.calendar, level: params.level, zone: series.zone }
  return {
    series,
    grid,
    splitBy,
    days,
    labels,
    shape,
    starts,
    scaler,
    features,
    train: buildWindowTensors(grid, starts.train, shape, scaler, features),
    validation: buildWindowTensors(grid, starts.validation, shape, scaler, features),
  }
}

/**
 * Splits the usable kept days of a series chronologically: by whole days (70 / 15 / 15 by default),
 * or by time when fewer than three days are usable (see labelSlotsByTime). Throws a clear error
 * when no kept day holds a reading.
 */
export function splitSeries(
  series: CleanSeries,
  grid: SeriesGrid,
  params: Pick<TrainingParams, 'datasetId' | 'split'>,
): { splitBy: 'days' | 'time'; days: DaySplit; labels: Int8Array } {
  const usable = keptDaysWithReadings(series, grid)
  if (usable.length === 0) {
    throw new AppError(
      'invalid-input',
      `Dataset ${params.datasetId} has no day complete enough (≥ ${Math.round(series.recipe.minCompleteness * 100)} %) ` +
        'with usable readings: lower the completeness threshold or import more data.',
    )
  }
  if (usable.length >= 3) {
    const days = splitDays(usable, params.split)
    return { splitBy: 'days', days, labels: labelSlots(grid, days, series.zone) }
  }
  // Fewer than three usable days cannot be split by whole days: split the readings by time instead.
  return { splitBy: 'time', ...labelSlotsByTime(grid, usable, series.zone, params.split) }
}

/** The model's input width for these parameters. */
export function inputSizeOf(params: Pick<TrainingParams, 'calendar'>): number {
  return inputSizeFor(params)
}

/** Kept days that hold at least one usable reading (a kept day may be all NaN after flags). */
function keptDaysWithReadings(series: CleanSeries, grid: SeriesGrid): string[] {
  return series.keptDays.filter((day) => {
    const range = daySlotRange(grid, day, series.zone)
    for (let t = range.from; t < range.to; t++) if (Number.isFinite(grid.values[t])) return true
    return false
  })
}

function noWindowMessage(
  grid: SeriesGrid,
  labels: Int8Array,
  split: SplitName,
  shape: WindowShape,
  series: CleanSeries,
): string {
  const longest = segmentLengths(grid.values, labels, split)[0] ?? 0
  const span = shape.seqLen + shape.predSize
  const minutes = (slots: number) => `${((slots * series.intervalSeconds) / 3600).toFixed(1)} h`
  return (
    `No ${split} window fits: a window needs ${span} consecutive readings (${minutes(span)}: seqLen ${shape.seqLen} + ` +
    `predSize ${shape.predSize}) but the longest gap-free stretch in the ${split} days is ${longest} ` +
    `(${minutes(longest)}). Shorten the window, choose a coarser resolution, or lower the completeness threshold.`
  )
}
