/**
 * Split conformal prediction intervals per forecast step (Vovk et al.; Lei et al. 2018, "Distribution-free
 * predictive inference for regression"): the residuals of the trained model on days it never trained on
 * (the validation days) give, for each step ahead, the quantiles that bound the next residual with the
 * chosen probability. Residuals are kept in model units (watts ÷ the scaler's scale) so one calibration
 * serves a home model on any home and a global model on every member, each in its own watts.
 *
 * Two variants (docs/training.md says which one is the default and why, by measurement):
 * - 'step': the signed residuals of each step give a lower and an upper quantile (an asymmetric band:
 *   household load has spikes upwards, not downwards);
 * - 'step-hour': each residual is first divided by the mean absolute residual of its target's local hour
 *   (pooled over steps, so every hour has enough of them), the quantiles of those scores are taken per
 *   step, and a band is the quantile times the scale of the hour it covers: wide at 19:00, narrow at 04:00.
 */

export type IntervalMethod = 'step' | 'step-hour'
export const INTERVAL_METHODS: readonly IntervalMethod[] = ['step', 'step-hour']

/** The levels a model is calibrated for unless asked otherwise. */
export const DEFAULT_LEVELS: readonly number[] = [0.5, 0.8, 0.95]

/** An hour with fewer residuals than this borrows the scale of all hours (too few to estimate its own). */
const MIN_RESIDUALS_PER_HOUR = 20

/** Residuals of one forecaster on calibration windows. */
export interface Residuals {
  /** Float64Array [n, H]: (actual − forecast) ÷ scale, model units */
  values: Float64Array
  /** Uint8Array [n, H]: local hour (0–23) of each target slot */
  hours: Uint8Array
  n: number
  /** steps per window */
  steps: number
}

/** What a model stores to draw its bands: per level and step, the quantiles of its scores. */
export interface IntervalCalibration {
  method: IntervalMethod
  levels: number[]
  steps: number
  /** windows the quantiles were taken from */
  windows: number
  /** [level][step] lower and upper quantiles of the scores (model units, or hour-scaled units) */
  lower: number[][]
  upper: number[][]
  /** [24] mean |residual| per local hour (model units); null for 'step' */
  hourScale: number[] | null
}

/**
 * The k-th smallest of `sorted` with the finite-sample correction of split conformal prediction: the
 * upper bound of a level-L band is the ⌈(n + 1)(1 + L)/2⌉-th smallest score and the lower one the
 * ⌊(n + 1)(1 − L)/2⌋-th, so that each tail holds at most (1 − L)/2 of a new residual's probability. With
 * too few residuals for that rank the extreme residual is used (the band is then slightly optimistic).
 */
export function conformalQuantile(sorted: ArrayLike<number>, level: number, side: 'lower' | 'upper'): number {
  const n = sorted.length
  if (n === 0) return NaN
  // the rounding guard keeps 100 × (1 − 0.8) / 2 = 9.999…98 at rank 10
  const rank =
    side === 'upper'
      ? Math.ceil(((n + 1) * (1 + level)) / 2 - 1e-9)
      : Math.floor(((n + 1) * (1 - level)) / 2 + 1e-9)
  return sorted[Math.min(n, Math.max(1, rank)) - 1]
}

/** Mean |residual| per local hour, pooled over steps; hours with too few residuals take the overall mean. */
function hourScales(residuals: Residuals[]): number[] {
  const sum = new Float64Array(24)
  const count = new Float64Array(24)
  let total = 0
  let all = 0
  for (const r of residuals) {
    for (let i = 0; i < r.n * r.steps; i++) {
      const v = Math.abs(r.values[i])
      if (!Number.isFinite(v)) continue
      sum[r.hours[i]] += v
      count[r.hours[i]]++
      total += v
      all++
    }
  }
  const overall = all > 0 ? total / all : 1
  return Array.from({ length: 24 }, (_, h) =>
    count[h] >= MIN_RESIDUALS_PER_HOUR && sum[h] > 0 ? sum[h] / count[h] : overall > 0 ? overall : 1,
  )
}

/**
 * Calibrates bands from the residuals of one or several series (a global model pools its homes).
 * Returns null when there is no residual to learn from.
 */
export function calibrateIntervals(
  residuals: Residuals[],
  levels: readonly number[],
  method: IntervalMethod,
): IntervalCalibration | null {
  const usable = residuals.filter((r) => r.n > 0)
  if (usable.length === 0) return null
  const steps = usable[0].steps
  const hourScale = method === 'step-hour' ? hourScales(usable) : null
  const windows = usable.reduce((sum, r) => sum + r.n, 0)
  const lower = levels.map(() => new Array<number>(steps))
  const upper = levels.map(() => new Array<number>(steps))
  const scores = new Float64Array(windows)
  for (let h = 0; h < steps; h++) {
    let m = 0
    for (const r of usable) {
      for (let w = 0; w < r.n; w++) {
        const i = w * r.steps + h
        const v = r.values[i]
        if (!Number.isFinite(v)) continue
        scores[m++] = hourScale ? v / hourScale[r.hours[i]] : v
      }
    }
    const sorted = scores.subarray(0, m).sort()
    levels.forEach((level, l) => {
      lower[l][h] = conformalQuantile(sorted, level, 'lower')
      upper[l][h] = conformalQuantile(sorted, level, 'upper')
    })
  }
  return { method, levels: [...levels], steps, windows, lower, upper, hourScale }
}

/**
 * The bands of forecasts, in watts.
 * @param predicted Float64Array [n, H] watts
 * @param hours Uint8Array [n, H] local hour of each target
 * @param scale watts per model unit (the scaler of the series forecast)
 * @param level one of `calibration.levels`
 * @returns lower and upper, Float64Array [n, H] watts. Steps beyond the calibrated ones use the last one.
 */
export function applyIntervals(
  calibration: IntervalCalibration,
  predicted: Float64Array,
  hours: Uint8Array,
  n: number,
  steps: number,
  scale: number,
  level: number,
): { lower: Float64Array; upper: Float64Array } {
  const l = calibration.levels.indexOf(level)
  if (l < 0)
    throw new Error(`The intervals were calibrated for ${calibration.levels.join(', ')}, not ${level}.`)
  const lower = new Float64Array(n * steps)
  const upper = new Float64Array(n * steps)
  const last = calibration.steps - 1
  for (let w = 0; w < n; w++) {
    for (let h = 0; h < steps; h++) {
      const i = w * steps + h
      const step = Math.min(h, last)
      const unit = scale * (calibration.hourScale ? calibration.hourScale[hours[i]] : 1)
      lower[i] = predicted[i] + calibration.lower[l][step] * unit
      upper[i] = predicted[i] + calibration.upper[l][step] * unit
    }
  }
  return { lower, upper }
}
