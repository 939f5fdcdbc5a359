import { DateTime } from 'luxon'
import type { MetricsSummary, ScoredForecast } from '../shared/training-outcome'
import type { EvaluationReport } from './evaluate'
import type { Metrics } from './metrics'

const summary = (m: Metrics): MetricsSummary => ({ ...m })

/** The evaluation report in the shape the CLI and the UI show. */
export function toScoredForecast(report: EvaluationReport): ScoredForecast {
  const baselinePerStepMae: Record<string, number[]> = {}
  for (const [name, metrics] of Object.entries(report.baselines)) {
    if (metrics) baselinePerStepMae[name] = metrics.perStep.map((m) => m.mae)
  }
  return {
    horizon: report.horizon,
    windows: report.windows,
    notes: report.notes,
    model: summary(report.model.overall),
    modelPerStep: report.model.perStep.map(summary),
    persistence: report.baselines.persistence && summary(report.baselines.persistence.overall),
    sameTimeYesterday:
      report.baselines.sameTimeYesterday && summary(report.baselines.sameTimeYesterday.overall),
    sameTimeLastWeek: report.baselines.sameTimeLastWeek && summary(report.baselines.sameTimeLastWeek.overall),
    baselinePerStepMae,
    skill: report.skill,
    bestBaseline: report.bestBaseline,
    ...(report.intervals && { intervals: report.intervals }),
    ...(report.baselineIntervals && { baselineIntervals: report.baselineIntervals }),
  }
}

/**
 * MAE of the model's step-1 forecast and of the best baseline, by local hour of day.
 * @param t epoch ms of each forecast slot; actual, predicted, baseline in watts
 */
export function errorByHour(
  t: number[],
  actual: number[],
  predicted: number[],
  baseline: number[] | null,
  zone: string,
): { hour: number; model: number | null; baseline: number | null }[] {
  const sums = Array.from({ length: 24 }, () => ({ model: 0, baseline: 0, n: 0 }))
  for (let k = 0; k < t.length; k++) {
    const hour = DateTime.fromMillis(t[k], { zone }).hour
    sums[hour].model += Math.abs(predicted[k] - actual[k])
    if (baseline) sums[hour].baseline += Math.abs(baseline[k] - actual[k])
    sums[hour].n++
  }
  return sums.map((s, hour) => ({
    hour,
    model: s.n > 0 ? s.model / s.n : null,
    baseline: s.n > 0 && baseline ? s.baseline / s.n : null,
  }))
}
