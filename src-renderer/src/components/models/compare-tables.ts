import type { Comparison } from '../../../../src-main/shared/model-schemas'
import type { MetricsSummary, ScoredForecast } from '../../../../src-main/shared/training-outcome'

export interface MetricRow {
  label: string
  values: (number | null)[]
  digits: number
  /** which value is best: the lowest (errors) or the highest (R², skill); none for reference rows */
  best: 'low' | 'high' | null
  reference?: boolean
}

type BaselineKey = Extract<keyof ScoredForecast, 'persistence' | 'sameTimeYesterday' | 'sameTimeLastWeek'>

const num = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/** The side-by-side metrics: the models' test figures, then each model's baselines as reference rows. */
export function metricRows(comparison: Comparison): MetricRow[] {
  const tests = comparison.models.map((m) => m.test)
  const metric = (
    label: string,
    pick: (m: MetricsSummary) => number | null,
    digits: number,
    best: 'low' | 'high',
  ): MetricRow => ({
    label,
    values: tests.map((t) => num(pick(t.model))),
    digits,
    best,
  })
  const rows: MetricRow[] = [
    metric('MAE (W)', (m) => m.mae, 1, 'low'),
    metric('RMSE (W)', (m) => m.rmse, 1, 'low'),
    metric('MAPE (%)', (m) => m.mape, 1, 'low'),
    metric('sMAPE (%)', (m) => m.smape, 1, 'low'),
    metric('R²', (m) => m.r2, 3, 'high'),
    { label: 'Skill vs best baseline', values: tests.map((t) => num(t.skill)), digits: 3, best: 'high' },
    { label: 'Epochs', values: comparison.models.map((m) => m.summary.epochs), digits: 0, best: null },
    {
      label: 'Training time (s)',
      values: comparison.models.map((m) => m.summary.trainSeconds),
      digits: 1,
      best: 'low',
    },
  ]
  const baselines: [BaselineKey, string][] = [
    ['persistence', 'Persistence MAE (W)'],
    ['sameTimeYesterday', 'Same time yesterday MAE (W)'],
    ['sameTimeLastWeek', 'Same time last week MAE (W)'],
  ]
  for (const [key, label] of baselines) {
    const values = tests.map((t) => num(t[key]?.mae))
    if (values.some((v) => v !== null)) rows.push({ label, values, digits: 1, best: null, reference: true })
  }
  return rows
}

/** Index of the best value of a row, or -1 when there is no contest (reference rows, fewer than two values). */
export function bestIndex(row: MetricRow): number {
  if (!row.best) return -1
  let best = -1
  row.values.forEach((v, k) => {
    if (v === null) return
    const current = best < 0 ? null : row.values[best]
    if (current === null || (row.best === 'low' ? v < current : v > current)) best = k
  })
  return row.values.filter((v) => v !== null).length > 1 ? best : -1
}
