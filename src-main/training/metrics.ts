/** Error figures of a forecast against actual values, in watts (MAPE and sMAPE in percent). */
export interface Metrics {
  mae: number
  rmse: number
  /** null when every actual value was near zero */
  mape: number | null
  smape: number | null
  r2: number | null
  /** forecast values scored */
  n: number
  /** actual values below MAPE_FLOOR_W in magnitude, left out of MAPE (a near-zero actual makes it explode) */
  mapeSkipped: number
  /** mean of (forecast − actual), watts: negative when the forecast runs low */
  bias: number
}

/** Actual values under this many watts are left out of MAPE (and counted in `mapeSkipped`). */
export const MAPE_FLOOR_W = 10

/** Accumulates one set of errors; use one per forecast step plus one overall. */
class MetricsAccumulator {
  private n = 0
  private errorSum = 0
  private absSum = 0
  private sqSum = 0
  private apeSum = 0
  private apeN = 0
  private sapeSum = 0
  private sapeN = 0
  private actualSum = 0
  private actualSqSum = 0

  add(predicted: number, actual: number): void {
    const error = predicted - actual
    this.n++
    this.errorSum += error
    this.absSum += Math.abs(error)
    this.sqSum += error * error
    this.actualSum += actual
    this.actualSqSum += actual * actual
    if (Math.abs(actual) >= MAPE_FLOOR_W) {
      this.apeSum += Math.abs(error) / Math.abs(actual)
      this.apeN++
    }
    const denominator = Math.abs(predicted) + Math.abs(actual)
    if (denominator > 0) {
      this.sapeSum += (2 * Math.abs(error)) / denominator
      this.sapeN++
    }
  }

  result(): Metrics {
    const n = this.n
    if (n === 0)
      return { mae: NaN, rmse: NaN, mape: null, smape: null, r2: null, n: 0, mapeSkipped: 0, bias: NaN }
    const mean = this.actualSum / n
    const totalSq = this.actualSqSum - n * mean * mean
    return {
      mae: this.absSum / n,
      rmse: Math.sqrt(this.sqSum / n),
      mape: this.apeN > 0 ? (100 * this.apeSum) / this.apeN : null,
      smape: this.sapeN > 0 ? (100 * this.sapeSum) / this.sapeN : null,
      r2: totalSq > 1e-12 ? 1 - this.sqSum / totalSq : null,
      n,
      mapeSkipped: n - this.apeN,
      bias: this.errorSum / n,
    }
  }
}

export interface MetricsReport {
  overall: Metrics
  /** one entry per forecast step (step 1 = the first slot after the window) */
  perStep: Metrics[]
}

/**
 * Scores forecasts against actuals, per step and overall.
 * @param predicted Float64Array [N, P] watts
 * @param actual Float64Array [N, P] watts (all finite)
 */
export function scoreForecasts(
  predicted: Float64Array,
  actual: Float64Array,
  n: number,
  steps: number,
): MetricsReport {
  const overall = new MetricsAccumulator()
  const perStep = Array.from({ length: steps }, () => new MetricsAccumulator())
  for (let w = 0; w < n; w++) {
    for (let p = 0; p < steps; p++) {
      const i = w * steps + p
      overall.add(predicted[i], actual[i])
      perStep[p].add(predicted[i], actual[i])
    }
  }
  return { overall: overall.result(), perStep: perStep.map((a) => a.result()) }
}

/**
 * The headline: 1 − MAE(model) / MAE(best baseline). Positive means the model beats every
 * naive forecast; 0 means it is no better than the best of them.
 */
export function skillScore(modelMae: number, baselineMaes: (number | null | undefined)[]): number | null {
  const usable = baselineMaes.filter((m): m is number => typeof m === 'number' && Number.isFinite(m))
  if (usable.length === 0 || !Number.isFinite(modelMae)) return null
  const best = Math.min(...usable)
  return best > 0 ? 1 - modelMae / best : null
}
