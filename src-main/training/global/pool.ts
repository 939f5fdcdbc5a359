/**
 * One report over the test windows of every home of a global model: each metric pooled over every
 * window of every home (MAE and RMSE exactly, MAPE and sMAPE weighted by the windows scored; R² has no
 * pooled meaning across homes of different scales and is left out), and the skill of the pooled MAE
 * against the best pooled baseline. The per-home reports stay the primary verdict.
 */
import { baselineName } from '../../shared/baseline-names'
import type { BaselineName } from '../baselines'
import { BASELINES } from '../baselines'
import type { EvaluationReport } from '../evaluate'
import type { Metrics, MetricsReport } from '../metrics'
import { skillScore } from '../metrics'

function poolMetrics(list: Metrics[]): Metrics {
  const n = list.reduce((sum, m) => sum + m.n, 0)
  if (n === 0)
    return { mae: NaN, rmse: NaN, mape: null, smape: null, r2: null, n: 0, mapeSkipped: 0, bias: NaN }
  const weighted = (pick: (m: Metrics) => number | null) => {
    let sum = 0
    let weight = 0
    for (const m of list) {
      const v = pick(m)
      if (v === null || !Number.isFinite(v) || m.n === 0) continue
      sum += v * m.n
      weight += m.n
    }
    return weight > 0 ? sum / weight : null
  }
  return {
    mae: weighted((m) => m.mae) ?? NaN,
    rmse: Math.sqrt(weighted((m) => m.rmse * m.rmse) ?? NaN),
    mape: weighted((m) => m.mape),
    smape: weighted((m) => m.smape),
    r2: null,
    n,
    mapeSkipped: list.reduce((sum, m) => sum + m.mapeSkipped, 0),
    bias: weighted((m) => m.bias) ?? NaN,
  }
}

function poolReports(list: MetricsReport[]): MetricsReport {
  const steps = Math.max(0, ...list.map((r) => r.perStep.length))
  return {
    overall: poolMetrics(list.map((r) => r.overall)),
    perStep: Array.from({ length: steps }, (_, p) =>
      poolMetrics(list.map((r) => r.perStep[p]).filter((m): m is Metrics => m !== undefined)),
    ),
  }
}

/** The pooled report of several homes' evaluations (same horizon). A baseline counts where every home has it. */
export function poolEvaluations(reports: EvaluationReport[]): EvaluationReport {
  const names = BASELINES.filter((name) => reports.every((r) => r.baselines[name] !== undefined))
  const baselines: Partial<Record<BaselineName, MetricsReport>> = {}
  for (const name of names) baselines[name] = poolReports(reports.map((r) => r.baselines[name]!))
  const model = poolReports(reports.map((r) => r.model))
  let bestBaseline: BaselineName | null = null
  for (const name of names)
    if (bestBaseline === null || baselines[name]!.overall.mae < baselines[bestBaseline]!.overall.mae)
      bestBaseline = name
  const dropped = BASELINES.filter((name) => !names.includes(name))
  return {
    horizon: reports[0]?.horizon ?? 0,
    windows: {
      total: reports.reduce((s, r) => s + r.windows.total, 0),
      evaluated: reports.reduce((s, r) => s + r.windows.evaluated, 0),
      excluded: reports.reduce((s, r) => s + r.windows.excluded, 0),
    },
    notes: [
      `Pooled over the test windows of ${reports.length} homes (R² left out: the homes' scales differ).`,
      ...dropped.map(
        (name) =>
          `${baselineName(name)} is left out of the pooled figures: some homes lack the history it needs.`,
      ),
    ],
    model,
    baselines,
    skill:
      model.overall.n > 0
        ? skillScore(
            model.overall.mae,
            names.map((name) => baselines[name]!.overall.mae),
          )
        : null,
    bestBaseline,
  }
}
