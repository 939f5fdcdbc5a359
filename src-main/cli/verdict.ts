import { BASELINE_KEYS, baselineName, scoredWindowsWords } from '../shared/baseline-names'
import type {
  IntervalScore,
  MetricsSummary,
  ScoredForecast,
  TrainingOutcome,
} from '../shared/training-outcome'

const fmt = (value: number | null | undefined, digits = 1) =>
  value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits)

function metricsRow(label: string, m: MetricsSummary | undefined): string {
  if (!m) return ''
  return `  ${label.padEnd(26)}${fmt(m.mae).padStart(10)}${fmt(m.rmse).padStart(10)}${fmt(m.mape).padStart(9)}${fmt(m.smape).padStart(9)}${fmt(m.r2, 3).padStart(9)}\n`
}

/** One verdict as a table: the model and the three baselines side by side, then the skill. */
export function forecastTable(title: string, f: ScoredForecast): string {
  let text = `${title}\n  ${''.padEnd(26)}${'MAE W'.padStart(10)}${'RMSE W'.padStart(10)}${'MAPE %'.padStart(9)}${'sMAPE %'.padStart(9)}${'R²'.padStart(9)}\n`
  text += metricsRow('LSTM', f.model)
  for (const key of BASELINE_KEYS) text += metricsRow(baselineName(key), f[key])
  const skill = f.skill === null ? '–' : `${f.skill >= 0 ? '+' : ''}${f.skill.toFixed(3)}`
  const verdict =
    f.skill === null
      ? 'no verdict'
      : f.skill > 0
        ? 'the LSTM beats every naive forecast'
        : 'a naive forecast is at least as good'
  text += `  skill = 1 − MAE(LSTM) / MAE(${f.bestBaseline ? baselineName(f.bestBaseline) : 'best baseline'}) = ${skill}: ${verdict}\n`
  for (const note of f.notes) text += `  note: ${note}\n`
  text += intervalLines(f)
  return text
}

const percent = (v: number) => `${(100 * v).toFixed(1)} %`

/** The bands: coverage, width and interval score per level, the model's next to the best baseline's. */
function intervalLines(f: ScoredForecast): string {
  if (!f.intervals?.length) return ''
  let text = `  prediction intervals (conformal, calibrated on the validation days):\n`
  for (const band of f.intervals) {
    const baseline = f.baselineIntervals?.find((b) => b.level === band.level)
    text +=
      `    ${percent(band.level).padStart(7)}: LSTM covers ${percent(band.coverage)}, width ${fmt(band.meanWidth)} W, score ${fmt(band.winkler)} W` +
      (baseline
        ? `; ${f.bestBaseline ? baselineName(f.bestBaseline) : 'baseline'} covers ${percent(baseline.coverage)}, width ${fmt(baseline.meanWidth)} W, score ${fmt(baseline.winkler)} W`
        : '') +
      '\n'
  }
  return text
}

/** The human-readable verdict of a run: metrics with the baselines side by side, and the skill. */
export function formatVerdict(o: TrainingOutcome): string {
  let text =
    `Run ${o.runId}${o.modelId ? `, model ${o.modelId}` : ''} · ${o.home} · ${o.engine} · ${o.epochsRun} epochs ` +
    `(best ${o.bestEpoch}, ${o.stopReason}) · ${o.trainSeconds.toFixed(1)} s · ` +
    `${o.trainWindows} train / ${o.validationWindows} validation / ${o.testWindows} test windows\n`
  for (const warning of o.warnings ?? []) text += `warning: ${warning}\n`
  text += '\n'
  text += forecastTable(
    `Test days, next ${o.test.horizon} step(s), ${scoredWindowsWords(o.test.windows)}:`,
    o.test,
  )
  if (o.longHorizon) {
    text +=
      '\n' +
      forecastTable(
        `Recursive forecast, ${o.longHorizon.horizon} steps ahead, ${scoredWindowsWords(o.longHorizon.windows, 'starts')}:`,
        o.longHorizon,
      )
  }
  if (o.homes) {
    text += `\nPer home (${o.wins ?? 0} of ${o.scoredHomes ?? o.homes.length} won, mean skill ${fmt(o.skillMean, 3)}):\n`
    text += `  ${'home'.padEnd(10)}${'MAE W'.padStart(10)}${'best baseline'.padStart(36)}${'skill'.padStart(9)}\n`
    for (const h of o.homes) {
      const best = h.test.bestBaseline
        ? (h.test[h.test.bestBaseline as 'persistence'] as MetricsSummary | undefined)
        : undefined
      text += `  ${h.home.padEnd(10)}${fmt(h.test.model.mae).padStart(10)}${`${fmt(best?.mae)} (${h.test.bestBaseline ? baselineName(h.test.bestBaseline) : '–'})`.padStart(36)}${fmt(h.test.skill, 3).padStart(9)}\n`
    }
  }
  if (o.total) {
    const left = o.total.homes.filter((h) => !h.included).map((h) => h.home)
    text +=
      '\n' +
      forecastTable(
        `Community total as the sum of the per-home forecasts, ${scoredWindowsWords(o.total.test.windows, 'windows')}, bias ${fmt(o.total.bias)} W` +
          (left.length ? ` (left out: ${left.join(', ')})` : '') +
          ':',
        o.total.test,
      )
  }
  return text
}

const metrics = (m?: MetricsSummary) =>
  m
    ? { mae: m.mae, rmse: m.rmse, mape: m.mape, smape: m.smape, r2: m.r2, n: m.n, bias: m.bias ?? null }
    : undefined

/** A verdict as JSON: the model and the three baselines side by side, the skill and what was scored. */
export function scoredJson(f: ScoredForecast): Record<string, unknown> {
  return {
    horizon: f.horizon,
    model: metrics(f.model),
    persistence: metrics(f.persistence),
    sameTimeYesterday: metrics(f.sameTimeYesterday),
    sameTimeLastWeek: metrics(f.sameTimeLastWeek),
    skill: f.skill,
    bestBaseline: f.bestBaseline,
    windows: f.windows,
    notes: f.notes,
    perStepMae: f.modelPerStep.map((m) => m.mae),
    ...(f.intervals && { intervals: f.intervals.map(intervalJson) }),
    ...(f.baselineIntervals && { baselineIntervals: f.baselineIntervals.map(intervalJson) }),
  }
}

/** One level of a band as the acceptance checks read it: level, coverage, meanWidth (W), winkler (W). */
export function intervalJson(i: IntervalScore): Record<string, number> {
  return { level: i.level, coverage: i.coverage, meanWidth: i.meanWidth, winkler: i.winkler, n: i.n }
}

/** The JSON the acceptance checks read (names kept stable), plus the richer fields. */
export function outcomeJson(o: TrainingOutcome): Record<string, unknown> {
  return {
    runId: o.runId,
    modelId: o.modelId,
    status: o.status,
    engine: o.engine,
    ...(o.precision ? { precision: o.precision, threads: o.threads } : {}),
    kind: o.kind ?? 'home',
    datasetId: o.datasetId,
    home: o.home,
    epochsRun: o.epochsRun,
    bestEpoch: o.bestEpoch,
    stopReason: o.stopReason,
    warnings: o.warnings ?? [],
    trainSeconds: o.trainSeconds,
    windows: { train: o.trainWindows, validation: o.validationWindows, test: o.testWindows },
    history: o.history.map((h) => ({ epoch: h.epoch, trainLoss: h.trainLoss, valLoss: h.valLoss })),
    test: scoredJson(o.test),
    // the best baseline's band, also inside "test" (the same figures, named at the top for the checks)
    ...(o.test.baselineIntervals && { baselineIntervals: o.test.baselineIntervals.map(intervalJson) }),
    longHorizon: o.longHorizon ? scoredJson(o.longHorizon) : null,
    ...(o.initFrom && { initFrom: o.initFrom }),
    ...(o.communityId !== undefined && { communityId: o.communityId }),
    ...(o.homes && {
      homes: o.homes.map((h) => ({ home: h.home, datasetId: h.datasetId, test: scoredJson(h.test) })),
      wins: o.wins,
      scoredHomes: o.scoredHomes,
      skillMean: o.skillMean,
    }),
    ...(o.total !== undefined && {
      total: o.total ? { ...scoredJson(o.total.test), bias: o.total.bias, homes: o.total.homes } : null,
    }),
  }
}
