import { baselineName } from '../shared/baseline-names'
import { BASELINES, baselineApplies, baselineForecast, type BaselineName } from './baselines'
import type { IntervalScore } from './intervals/interval-score'
import { scoreForecasts, skillScore, type MetricsReport } from './metrics'

export interface EvaluationReport {
  horizon: number
  windows: {
    /** candidate windows in the test days */
    total: number
    /** windows scored: every baseline had the history it needs */
    evaluated: number
    excluded: number
  }
  /** baselines left out, with the reason (for example: less than a week of history) */
  notes: string[]
  model: MetricsReport
  baselines: Partial<Record<BaselineName, MetricsReport>>
  /** 1 − MAE(model) / MAE(best baseline) */
  skill: number | null
  /** which baseline was best (lowest MAE) */
  bestBaseline: BaselineName | null
  /** the model's conformal bands per level on these windows (absent when not calibrated) */
  intervals?: IntervalScore[]
  /** the same for a conformal band around the best baseline */
  baselineIntervals?: IntervalScore[]
}

/**
 * Scores a model against the naive baselines on exactly the same windows: a window is kept only
 * when every applicable baseline can forecast it. If that leaves nothing (for example the test
 * days lack a week of history), the baseline that needs the longest history is dropped and said so.
 * @param values Float64Array [T] watts, NaN = missing
 * @param starts Int32Array [N] first input slot of each candidate window
 * @param predict forecasts the given windows: Float64Array [n, horizon] watts
 */
export function evaluateAgainstBaselines(
  values: Float64Array,
  starts: Int32Array,
  seqLen: number,
  horizon: number,
  intervalMs: number,
  predict: (starts: Int32Array) => Float64Array,
): EvaluationReport & {
  actual: Float64Array
  predicted: Float64Array
  starts: Int32Array
  /** each scored baseline's forecasts of the same windows, Float64Array [n, horizon] watts */
  baselineForecasts: Partial<Record<BaselineName, Float64Array>>
} {
  const notes: string[] = []
  let names = BASELINES.filter((name) => {
    const applies = baselineApplies(name, horizon, intervalMs)
    if (!applies)
      notes.push(`${baselineName(name)} is not a valid forecast ${horizon} steps ahead and was left out.`)
    return applies
  })
  const forecasts = new Map<BaselineName, Float64Array>()
  const buffer = new Float64Array(horizon)
  const availability = new Map<BaselineName, Uint8Array>()
  for (const name of names) {
    const all = new Float64Array(starts.length * horizon)
    const ok = new Uint8Array(starts.length)
    for (let w = 0; w < starts.length; w++) {
      baselineForecast(name, values, starts[w] + seqLen, horizon, intervalMs, buffer)
      all.set(buffer, w * horizon)
      ok[w] = buffer.every(Number.isFinite) ? 1 : 0
    }
    forecasts.set(name, all)
    availability.set(name, ok)
  }
  const keep = (list: BaselineName[]) => {
    const kept: number[] = []
    for (let w = 0; w < starts.length; w++)
      if (list.every((name) => availability.get(name)![w] === 1)) kept.push(w)
    return kept
  }
  let kept = keep(names)
  // Drop the most demanding baselines until some windows remain (last week, then yesterday).
  for (const demanding of ['sameTimeLastWeek', 'sameTimeYesterday'] as const) {
    if (kept.length > 0 || !names.includes(demanding) || starts.length === 0) break
    names = names.filter((n) => n !== demanding)
    notes.push(`${baselineName(demanding)} was left out: the test days lack the history it needs.`)
    kept = keep(names)
  }

  const n = kept.length
  const selected = Int32Array.from(kept, (w) => starts[w])
  const actual = new Float64Array(n * horizon)
  for (let k = 0; k < n; k++) {
    for (let h = 0; h < horizon; h++) actual[k * horizon + h] = values[selected[k] + seqLen + h]
  }
  const predicted = n > 0 ? predict(selected) : new Float64Array(0)
  const model = scoreForecasts(predicted, actual, n, horizon)
  const baselines: Partial<Record<BaselineName, MetricsReport>> = {}
  const baselineForecasts: Partial<Record<BaselineName, Float64Array>> = {}
  for (const name of names) {
    const all = forecasts.get(name)!
    const chosen = new Float64Array(n * horizon)
    for (let k = 0; k < n; k++)
      chosen.set(all.subarray(kept[k] * horizon, (kept[k] + 1) * horizon), k * horizon)
    baselines[name] = scoreForecasts(chosen, actual, n, horizon)
    baselineForecasts[name] = chosen
  }
  let bestBaseline: BaselineName | null = null
  for (const name of names) {
    const mae = baselines[name]!.overall.mae
    if (bestBaseline === null || mae < baselines[bestBaseline]!.overall.mae) bestBaseline = name
  }
  return {
    horizon,
    windows: { total: starts.length, evaluated: n, excluded: starts.length - n },
    notes,
    model,
    baselines,
    skill:
      n > 0
        ? skillScore(
            model.overall.mae,
            names.map((name) => baselines[name]!.overall.mae),
          )
        : null,
    bestBaseline,
    actual,
    predicted,
    starts: selected,
    baselineForecasts,
  }
}
