import { BASELINE_KEYS, baselineName } from '../../shared/baseline-names'
import { EpochMs, MAX_FORECAST_STEPS, type ForecastResult } from '../../shared/model-schemas'
import { UsageError, type Command } from '../command'
import { callOrThrow, idArgument } from './model-call'

const w = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v.toFixed(1))

function text(r: ForecastResult): string {
  const lines = [
    `Model ${r.modelId} on dataset ${r.datasetId} (${r.home}) from ${r.from}, ${r.predicted.length} steps of ${r.step} s`,
  ]
  for (const warning of r.warnings) lines.push(`  warning: ${warning}`)
  // the widest band beside the forecast (e.g. 95 %)
  const level = r.levels?.at(-1)
  const band = level === undefined ? '' : `${(100 * level).toFixed(0)} % band W`.padStart(22)
  lines.push(`  ${'instant'.padEnd(24)} ${'predicted W'.padStart(12)}${band} ${'actual W'.padStart(10)}`)
  r.predicted.forEach((p, k) => {
    const bounds =
      level === undefined
        ? ''
        : `${w(r.lower?.[String(level)][k])} … ${w(r.upper?.[String(level)][k])}`.padStart(22)
    lines.push(
      `  ${new Date(r.t[k]).toISOString().padEnd(24)} ${w(p).padStart(12)}${bounds} ${w(r.actual[k]).padStart(10)}`,
    )
  })
  const m = r.metrics
  lines.push(`  LSTM: MAE ${w(m.mae)} W, RMSE ${w(m.rmse)} W over ${m.n} actual value(s)`)
  for (const key of BASELINE_KEYS) {
    const b = m.baselines[key]
    const why = m.unscored[key]
    if (b) lines.push(`  ${baselineName(key)}: MAE ${w(b.mae)} W, RMSE ${w(b.rmse)} W over ${b.n}`)
    else if (why) lines.push(`  ${baselineName(key)}: not computable here: ${why}`)
  }
  const best = BASELINE_KEYS.filter((key) => m.baselines[key]?.mae != null).sort(
    (a, b) => m.baselines[a]!.mae! - m.baselines[b]!.mae!,
  )[0]
  if (m.skill !== null && best)
    lines.push(`  skill = 1 − MAE(LSTM) / MAE(${baselineName(best)}) = ${m.skill.toFixed(3)}`)
  return lines.join('\n') + '\n'
}

/** `--from`: an ISO instant, or epoch milliseconds (as the contract takes them) within the instants a request may name. */
function fromArgument(text: string): string | number {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text.trim())) return text
  const checked = EpochMs.safeParse(Number(text))
  if (!checked.success) throw new UsageError(`--from ${checked.error.issues[0].message} (got "${text}")`)
  return checked.data
}

export const predictCommand: Command = {
  name: 'predict',
  summary: 'Forecast with a saved model on any dataset from a given instant, against the actual values',
  usage: `predict <modelId> --dataset <id> --from <ISO instant | epoch ms> [--horizon N (≤ ${MAX_FORECAST_STEPS})] [--json]
  The input window is the model's seqLen slots before --from on the dataset's cleaned grid.`,
  maxPositionals: 1,
  options: { dataset: { type: 'string' }, from: { type: 'string' }, horizon: { type: 'string' } },
  async run({ backend, json, io, positionals, values }) {
    const modelId = idArgument(positionals[0], 'predict <modelId> --dataset <id> --from <instant>')
    const datasetId = idArgument(values.dataset as string | undefined, 'predict needs --dataset <id>')
    if (typeof values.from !== 'string')
      throw new UsageError('predict needs --from <ISO instant>, e.g. 2021-09-20T10:00:00Z')
    const fromInstant = fromArgument(values.from)
    const horizon = values.horizon === undefined ? undefined : Number(values.horizon)
    if (horizon !== undefined && (!Number.isInteger(horizon) || horizon < 1 || horizon > MAX_FORECAST_STEPS))
      throw new UsageError(`--horizon must be a whole number from 1 to ${MAX_FORECAST_STEPS}`)
    const r = await callOrThrow(await backend(), 'model:forecast', {
      modelId,
      datasetId,
      from: fromInstant,
      horizon,
    })
    if (!json) {
      io.out(text(r))
      return
    }
    // the documented fields first; the rest (t, baselines, input, warnings) follows
    const { modelId: m, datasetId: d, from, step, predicted, actual, metrics, lower, upper, ...rest } = r
    io.out(
      JSON.stringify({
        modelId: m,
        datasetId: d,
        from,
        step,
        predicted,
        actual,
        metrics,
        ...(lower && { lower, upper }),
        ...rest,
      }) + '\n',
    )
  },
}
