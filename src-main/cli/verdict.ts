import type { MetricsSummary, ScoredForecast, TrainingOutcome } from '../shared/training-outcome'

const fmt = (value: number | null | undefined, digits = 1) =>
  value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits)

function metricsRow(label: string, m: MetricsSummary | undefined): string {
  if (!m) return ''
  return `  ${label.padEnd(22)}${fmt(m.mae).padStart(10)}${fmt(m.rmse).padStart(10)}${fmt(m.mape).padStart(9)}${fmt(m.smape).padStart(9)}${fmt(m.r2, 3).padStart(9)}\n`
}

function forecastTable(title: string, f: ScoredForecast): string {
  let text = `${title}\n  ${''.padEnd(22)}${'MAE W'.padStart(10)}${'RMSE W'.padStart(10)}${'MAPE %'.padStart(9)}${'sMAPE %'.padStart(9)}${'R²'.padStart(9)}\n`
  text += metricsRow('LSTM', f.model)
  text += metricsRow('persistence', f.persistence)
  text += metricsRow('same time yesterday', f.sameTimeYesterday)
  text += metricsRow('same time last week', f.sameTimeLastWeek)
  const skill = f.skill === null ? '–' : `${f.skill >= 0 ? '+' : ''}${f.skill.toFixed(3)}`
  const verdict =
    f.skill === null
      ? 'no verdict'
      : f.skill > 0
        ? 'the LSTM beats every naive forecast'
        : 'a naive forecast is at least as good'
  text += `  skill = 1 − MAE(LSTM) / MAE(${f.bestBaseline ?? 'best baseline'}) = ${skill}: ${verdict}\n`
  for (const note of f.notes) text += `  note: ${note}\n`
  return text
}

/** The human-readable verdict of a run: metrics with the baselines side by side, and the skill. */
export function formatVerdict(o: TrainingOutcome): string {
  let text =
    `Run ${o.runId}${o.modelId ? `, model ${o.modelId}` : ''} · ${o.home} · ${o.engine} · ${o.epochsRun} epochs ` +
    `(best ${o.bestEpoch}, ${o.stopReason}) · ${o.trainSeconds.toFixed(1)} s · ` +
    `${o.trainWindows} train / ${o.validationWindows} validation / ${o.testWindows} test windows\n\n`
  text += forecastTable(
    `Test days, next ${o.test.horizon} step(s), ${o.test.windows.evaluated} windows:`,
    o.test,
  )
  if (o.longHorizon) {
    text +=
      '\n' +
      forecastTable(
        `Recursive forecast, ${o.longHorizon.horizon} steps ahead, ${o.longHorizon.windows.evaluated} starts:`,
        o.longHorizon,
      )
  }
  return text
}

/** The JSON the acceptance checks read (names kept stable), plus the richer fields. */
export function outcomeJson(o: TrainingOutcome): Record<string, unknown> {
  const metrics = (m?: MetricsSummary) =>
    m ? { mae: m.mae, rmse: m.rmse, mape: m.mape, smape: m.smape, r2: m.r2, n: m.n } : undefined
  return {
    runId: o.runId,
    modelId: o.modelId,
    status: o.status,
    engine: o.engine,
    ...(o.precision ? { precision: o.precision, threads: o.threads } : {}),
    datasetId: o.datasetId,
    home: o.home,
    epochsRun: o.epochsRun,
    bestEpoch: o.bestEpoch,
    stopReason: o.stopReason,
    trainSeconds: o.trainSeconds,
    windows: { train: o.trainWindows, validation: o.validationWindows, test: o.testWindows },
    history: o.history.map((h) => ({ epoch: h.epoch, trainLoss: h.trainLoss, valLoss: h.valLoss })),
    test: {
      horizon: o.test.horizon,
      model: metrics(o.test.model),
      persistence: metrics(o.test.persistence),
      sameTimeYesterday: metrics(o.test.sameTimeYesterday),
      sameTimeLastWeek: metrics(o.test.sameTimeLastWeek),
      skill: o.test.skill,
      bestBaseline: o.test.bestBaseline,
      windows: o.test.windows,
      notes: o.test.notes,
      perStepMae: o.test.modelPerStep.map((m) => m.mae),
    },
    longHorizon: o.longHorizon
      ? {
          horizon: o.longHorizon.horizon,
          model: metrics(o.longHorizon.model),
          persistence: metrics(o.longHorizon.persistence),
          sameTimeYesterday: metrics(o.longHorizon.sameTimeYesterday),
          sameTimeLastWeek: metrics(o.longHorizon.sameTimeLastWeek),
          skill: o.longHorizon.skill,
          windows: o.longHorizon.windows,
          notes: o.longHorizon.notes,
        }
      : null,
  }
}
