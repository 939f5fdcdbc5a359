/**
 * The verdict on a set of windows with prediction intervals: the model and the baselines scored as
 * always (evaluate.ts), plus the model's conformal bands and a conformal band around every baseline,
 * each calibrated on the validation days (never the days scored). Shared by the end of training, the
 * backtest folds and global models (whose homes pool their residuals in model units).
 */
import type { ForecastModel } from '../../engine/model'
import { BASELINES, baselineApplies, baselineForecast, type BaselineName } from '../baselines'
import { evaluateAgainstBaselines, type EvaluationReport } from '../evaluate'
import type { FeatureOptions } from '../features'
import type { SeriesGrid } from '../grid'
import { forecastWatts } from '../predict'
import type { Scaler } from '../scaling'
import {
  applyIntervals,
  calibrateIntervals,
  type IntervalCalibration,
  type IntervalMethod,
  type Residuals,
} from './conformal'
import { IntervalAccumulator, type IntervalScore } from './interval-score'
import { slotHours } from './slot-hours'

/** One series a model forecasts: its grid, the scaler of its inputs, and the local hour of every slot. */
export interface ForecastSeries {
  grid: SeriesGrid
  scaler: Scaler
  /** Uint8Array [T] local hour of each slot (slotHours) */
  hours: Uint8Array
}

export function forecastSeries(grid: SeriesGrid, scaler: Scaler, zone: string): ForecastSeries {
  return { grid, scaler, hours: slotHours(grid, zone) }
}

/** The model's calibration and one per baseline, for windows of one horizon. */
export interface Calibrations {
  model: IntervalCalibration | null
  baselines: Partial<Record<BaselineName, IntervalCalibration>>
}

/** Hours of the targets of each window: Uint8Array [n, H]. */
function targetHours(
  series: ForecastSeries,
  starts: Int32Array,
  seqLen: number,
  horizon: number,
): Uint8Array {
  const out = new Uint8Array(starts.length * horizon)
  for (let w = 0; w < starts.length; w++)
    for (let h = 0; h < horizon; h++) out[w * horizon + h] = series.hours[starts[w] + seqLen + h]
  return out
}

/** (actual − forecast) ÷ scale of every window whose forecast is known; windows with a gap are left out. */
function residualsOf(
  series: ForecastSeries,
  starts: Int32Array,
  seqLen: number,
  horizon: number,
  forecast: Float64Array,
): Residuals {
  const values: number[] = []
  const hours: number[] = []
  const allHours = targetHours(series, starts, seqLen, horizon)
  const row = new Float64Array(horizon)
  for (let w = 0; w < starts.length; w++) {
    let ok = true
    for (let h = 0; h < horizon; h++) {
      const actual = series.grid.values[starts[w] + seqLen + h]
      row[h] = (actual - forecast[w * horizon + h]) / series.scaler.scale
      if (!Number.isFinite(row[h])) ok = false
    }
    if (!ok) continue
    for (let h = 0; h < horizon; h++) {
      values.push(row[h])
      hours.push(allHours[w * horizon + h])
    }
  }
  return {
    values: Float64Array.from(values),
    hours: Uint8Array.from(hours),
    n: values.length / horizon,
    steps: horizon,
  }
}

/** A baseline's forecasts of the windows (NaN where its history is missing). */
function baselineForecasts(
  name: BaselineName,
  grid: SeriesGrid,
  starts: Int32Array,
  seqLen: number,
  horizon: number,
): Float64Array {
  const out = new Float64Array(starts.length * horizon)
  const buffer = new Float64Array(horizon)
  for (let w = 0; w < starts.length; w++) {
    baselineForecast(name, grid.values, starts[w] + seqLen, horizon, grid.intervalMs, buffer)
    out.set(buffer, w * horizon)
  }
  return out
}

/**
 * Calibrates the bands of the model and of every applicable baseline on the windows `starts` of each
 * series (the validation windows), pooling the series' residuals in model units.
 */
export function calibrateOnWindows(
  model: ForecastModel,
  parts: { series: ForecastSeries; starts: Int32Array }[],
  features: FeatureOptions,
  seqLen: number,
  horizon: number,
  levels: readonly number[],
  method: IntervalMethod,
): Calibrations {
  const modelResiduals: Residuals[] = []
  const baseline: Partial<Record<BaselineName, Residuals[]>> = {}
  const intervalMs = parts[0]?.series.grid.intervalMs ?? 0
  const names = BASELINES.filter((name) => baselineApplies(name, horizon, intervalMs))
  for (const { series, starts } of parts) {
    if (starts.length === 0) continue
    const predicted = forecastWatts(model, series.grid, starts, horizon, series.scaler, features)
    modelResiduals.push(residualsOf(series, starts, seqLen, horizon, predicted))
    for (const name of names) {
      const forecast = baselineForecasts(name, series.grid, starts, seqLen, horizon)
      ;(baseline[name] ??= []).push(residualsOf(series, starts, seqLen, horizon, forecast))
    }
  }
  const baselines: Calibrations['baselines'] = {}
  for (const name of names) {
    const calibration = calibrateIntervals(baseline[name] ?? [], levels, method)
    if (calibration) baselines[name] = calibration
  }
  return { model: calibrateIntervals(modelResiduals, levels, method), baselines }
}

/** A band per level of some forecasts, in watts. */
export interface Band {
  level: number
  /** Float64Array [n, H] watts */
  lower: Float64Array
  upper: Float64Array
}

function bandsOf(
  calibration: IntervalCalibration,
  forecast: Float64Array,
  hours: Uint8Array,
  n: number,
  horizon: number,
  scale: number,
): Band[] {
  return calibration.levels.map((level) => ({
    level,
    ...applyIntervals(calibration, forecast, hours, n, horizon, scale, level),
  }))
}

function accumulate(bands: Band[], actual: Float64Array): IntervalAccumulator[] {
  return bands.map((band) => {
    const accumulator = new IntervalAccumulator(band.level)
    accumulator.addAll(band.lower, band.upper, actual)
    return accumulator
  })
}

/** The verdict on one series' windows, with everything a pooled or per-fold report needs. */
export interface WindowsVerdict {
  report: EvaluationReport
  /** the scored windows' first input slots, Int32Array [n] */
  starts: Int32Array
  /** Float64Array [n, H] watts */
  actual: Float64Array
  predicted: Float64Array
  baselineForecasts: Partial<Record<BaselineName, Float64Array>>
  /** the model's bands (empty when not calibrated) */
  bands: Band[]
  /** interval accumulators per level: the model's, and each baseline's (to pool over homes or folds) */
  modelIntervals: IntervalAccumulator[]
  baselineIntervals: Partial<Record<BaselineName, IntervalAccumulator[]>>
}

/**
 * Scores the model on `starts` against the baselines (same windows), with the model's bands and a band
 * around every baseline. `report.intervals` / `report.baselineIntervals` (the best baseline's) are set
 * when calibrations exist.
 */
export function evaluateWithIntervals(
  model: ForecastModel,
  series: ForecastSeries,
  features: FeatureOptions,
  starts: Int32Array,
  seqLen: number,
  horizon: number,
  calibrations: Calibrations | null,
): WindowsVerdict {
  const { grid, scaler } = series
  const full = evaluateAgainstBaselines(grid.values, starts, seqLen, horizon, grid.intervalMs, (chosen) =>
    forecastWatts(model, grid, chosen, horizon, scaler, features),
  )
  const { actual, predicted, starts: scored, baselineForecasts: forecasts, ...report } = full
  const n = scored.length
  const hours = targetHours(series, scored, seqLen, horizon)
  const bands = calibrations?.model
    ? bandsOf(calibrations.model, predicted, hours, n, horizon, scaler.scale)
    : []
  const modelIntervals = accumulate(bands, actual)
  const baselineIntervals: WindowsVerdict['baselineIntervals'] = {}
  for (const [name, forecast] of Object.entries(forecasts) as [BaselineName, Float64Array][]) {
    const calibration = calibrations?.baselines[name]
    if (calibration)
      baselineIntervals[name] = accumulate(
        bandsOf(calibration, forecast, hours, n, horizon, scaler.scale),
        actual,
      )
  }
  if (bands.length > 0) report.intervals = modelIntervals.map((a) => a.result())
  const best = report.bestBaseline ? baselineIntervals[report.bestBaseline] : undefined
  if (best) report.baselineIntervals = best.map((a) => a.result())
  return {
    report,
    starts: scored,
    actual,
    predicted,
    baselineForecasts: forecasts,
    bands,
    modelIntervals,
    baselineIntervals,
  }
}

/** Merges per-level accumulators of several parts (homes, folds) into one score per level. */
export function poolIntervals(parts: IntervalAccumulator[][]): IntervalScore[] {
  const present = parts.filter((p) => p.length > 0)
  if (present.length === 0) return []
  return present[0].map((first, l) => {
    const total = new IntervalAccumulator(first.level)
    for (const part of present) total.merge(part[l])
    return total.result()
  })
}
