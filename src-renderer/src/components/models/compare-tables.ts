import { BASELINE_KEYS, baselineName, baselineWords } from '../../../../src-main/shared/baseline-names'
import type { Comparison } from '../../../../src-main/shared/model-schemas'
import type { MetricsSummary } from '../../../../src-main/shared/training-outcome'
import { bestShown } from '../training/best-values'
import { METRIC_HELP, skillHelp, type MetricKey } from '../training/metric-help'

export interface MetricRow {
  label: string
  /** the metric's tooltip, or the baseline's */
  help: string
  /** a line under each value (the skill's baseline), and each value's own tooltip */
  notes?: (string | null)[]
  cellHelp?: string[]
  values: (number | null)[]
  digits: number
  /** which value is best: the lowest (errors) or the highest (R², skill); none for reference rows */
  best: 'low' | 'high' | null
  reference?: boolean
}

const num = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/** The side-by-side metrics: the models' test figures, then each model's baselines as reference rows. */
export function metricRows(comparison: Comparison): MetricRow[] {
  const tests = comparison.models.map((m) => m.test)
  const metric = (
    label: string,
    key: MetricKey,
    pick: (m: MetricsSummary) => number | null,
    digits: number,
    best: 'low' | 'high',
  ): MetricRow => ({
    label,
    help: METRIC_HELP[key],
    values: tests.map((t) => num(pick(t.model))),
    digits,
    best,
  })
  const rows: MetricRow[] = [
    metric('MAE (W)', 'mae', (m) => m.mae, 1, 'low'),
    metric('RMSE (W)', 'rmse', (m) => m.rmse, 1, 'low'),
    metric('MAPE (%)', 'mape', (m) => m.mape, 1, 'low'),
    metric('sMAPE (%)', 'smape', (m) => m.smape, 1, 'low'),
    metric('R²', 'r2', (m) => m.r2, 3, 'high'),
    {
      label: 'Skill vs its best baseline',
      help:
        'Skill = 1 − MAE(LSTM) / MAE(best baseline), each model against the best of its own baselines ' +
        '(named under each value). Above 0 the LSTM beats every naive forecast.',
      values: tests.map((t) => num(t.skill)),
      notes: tests.map((t) => (t.bestBaseline ? `vs ${baselineWords(t.bestBaseline)}` : null)),
      cellHelp: tests.map((t) => skillHelp(t.bestBaseline)),
      digits: 3,
      best: 'high',
    },
    {
      label: 'Epochs',
      help: METRIC_HELP.epochs,
      values: comparison.models.map((m) => m.summary.epochs),
      digits: 0,
      best: null,
    },
    {
      label: 'Training time (s)',
      help: METRIC_HELP.time,
      values: comparison.models.map((m) => m.summary.trainSeconds),
      digits: 1,
      best: 'low',
    },
  ]
  for (const key of BASELINE_KEYS) {
    const values = tests.map((t) => num(t[key]?.mae))
    if (values.some((v) => v !== null))
      rows.push({
        label: `${baselineName(key)}, MAE (W)`,
        help: `Each model's own naive forecast on its own test windows, for reference (not a contest). ${METRIC_HELP.mae}`,
        values,
        digits: 1,
        best: null,
        reference: true,
      })
  }
  return rows
}

/** The columns holding a row's best value as the table shows it (none for a reference row): see bestShown. */
export function bestColumns(row: MetricRow): number[] {
  return row.best ? bestShown(row.values, row.digits, row.best) : []
}
