/**
 * The Diebold–Mariano test (Diebold & Mariano 1995) of equal accuracy of two forecasts, with the
 * small-sample correction of Harvey, Leybourne & Newbold (1997), exactly as R's `forecast::dm.test`
 * computes it:
 *
 *   d_t = L(e1_t) − L(e2_t)                    loss differential (here L = |e|: the skill is MAE-based)
 *   γ_k = (1/n) Σ_{t>k} (d_t − d̄)(d_{t−k} − d̄)   autocovariances, k = 0 … h − 1
 *   DM  = d̄ / √((γ_0 + 2 Σ_{k=1}^{h−1} γ_k) / n)
 *   DM* = DM · √((n + 1 − 2h + h(h − 1)/n) / n)  compared with Student's t with n − 1 degrees of freedom.
 *
 * h is the forecast horizon: h-step forecasts made at consecutive origins have errors correlated up to
 * lag h − 1 even when they are optimal, hence the h − 1 autocovariances. When that long-run variance
 * comes out non-positive, R falls back to h = 1, and so does this.
 */
import { jStat } from 'jstat'

export interface DieboldMarianoResult {
  /** the HLN-corrected statistic: negative when the first forecast has the smaller loss */
  statistic: number
  /** two-sided p-value */
  pValue: number
  /** loss differentials used */
  n: number
  /** the horizon whose h − 1 autocovariances were used (1 after a fallback) */
  horizon: number
  /** mean loss differential d̄ (first minus second), in the loss's unit */
  meanDifference: number
}

/** Autocovariance of `d` at lag k, demeaned, divided by n (as R's acf(type = "covariance")). */
function autocovariance(d: ArrayLike<number>, mean: number, k: number): number {
  let sum = 0
  for (let t = k; t < d.length; t++) sum += (d[t] - mean) * (d[t - k] - mean)
  return sum / d.length
}

/**
 * The test on loss differentials d_t = L(e1_t) − L(e2_t). Returns null when it cannot be computed
 * (fewer than 2 differentials, or no variance at all).
 */
export function dieboldMarianoOnDifferentials(
  d: ArrayLike<number>,
  horizon: number,
): DieboldMarianoResult | null {
  const n = d.length
  if (n < 2) return null
  const h = Math.max(1, Math.min(Math.floor(horizon), n - 1))
  let mean = 0
  for (let t = 0; t < n; t++) mean += d[t]
  mean /= n
  let variance = autocovariance(d, mean, 0)
  for (let k = 1; k < h; k++) variance += 2 * autocovariance(d, mean, k)
  variance /= n
  if (!(variance > 0)) return h > 1 ? dieboldMarianoOnDifferentials(d, 1) : null
  const correction = Math.sqrt((n + 1 - 2 * h + (h * (h - 1)) / n) / n)
  const statistic = (mean / Math.sqrt(variance)) * correction
  const pValue = 2 * jStat.studentt.cdf(-Math.abs(statistic), n - 1)
  return { statistic, pValue, n, horizon: h, meanDifference: mean }
}

/**
 * The test on two forecasts' errors with loss |e|^power (power 1: absolute errors, R's `power = 1`).
 * @param errors1 errors of the first forecast (the model), in time order
 * @param errors2 errors of the second (the baseline), same origins
 */
export function dieboldMariano(
  errors1: ArrayLike<number>,
  errors2: ArrayLike<number>,
  horizon: number,
  power = 1,
): DieboldMarianoResult | null {
  if (errors1.length !== errors2.length) throw new Error('Both forecasts need errors at the same origins.')
  const d = Float64Array.from(
    { length: errors1.length },
    (_, t) => Math.abs(errors1[t]) ** power - Math.abs(errors2[t]) ** power,
  )
  return dieboldMarianoOnDifferentials(d, horizon)
}
