import { describe, expect, it } from 'vitest'
import type { MetricsSummary, ScoredForecast, TrainingOutcome } from '../shared/training-outcome'
import { formatVerdict } from './verdict'

const metrics = (mae: number): MetricsSummary => ({
  mae,
  rmse: mae * 1.5,
  mape: 20,
  smape: 18,
  r2: 0.4,
  n: 1234,
  mapeSkipped: 0,
})
const test: ScoredForecast = {
  horizon: 4,
  windows: { total: 1300, evaluated: 1234, excluded: 66 },
  notes: [],
  model: metrics(90),
  modelPerStep: [],
  persistence: metrics(120),
  sameTimeYesterday: metrics(100),
  sameTimeLastWeek: metrics(110),
  baselinePerStepMae: {},
  skill: 0.1,
  bestBaseline: 'sameTimeYesterday',
}
const outcome = {
  runId: 3,
  modelId: 2,
  status: 'done',
  stopReason: 'completed',
  engine: 'scratch',
  datasetId: 1,
  home: 'CDB001',
  intervalSeconds: 900,
  epochsRun: 5,
  bestEpoch: 5,
  trainSeconds: 2,
  trainWindows: 6000,
  validationWindows: 1300,
  testWindows: 1300,
  history: [],
  test,
  longHorizon: null,
  testSeries: { t: [], actual: [], predicted: [] },
  errorByHour: [],
} satisfies TrainingOutcome

describe('the verdict as the CLI prints it', () => {
  it('counts the test windows as the header does, and says why some were not scored', () => {
    const text = formatVerdict(outcome)
    expect(text).toContain('6000 train / 1300 validation / 1300 test windows')
    expect(text).toContain(
      'Test days, next 4 step(s), 1,234 of 1,300 test windows scored (66 left out: a baseline lacked the history it needs):',
    )
    expect(
      formatVerdict({
        ...outcome,
        test: { ...test, windows: { total: 1300, evaluated: 1300, excluded: 0 } },
      }),
    ).toContain('Test days, next 4 step(s), all 1,300 test windows scored:')
  })

  it('names the baselines as every view does, the skill against the best of them', () => {
    const text = formatVerdict(outcome)
    expect(text).toMatch(/^ {2}Persistence \(last value\) +120\.0/m)
    expect(text).toMatch(/^ {2}Same time yesterday +100\.0/m)
    expect(text).toMatch(/^ {2}Same time last week +110\.0/m)
    expect(text).toContain('skill = 1 − MAE(LSTM) / MAE(Same time yesterday) = +0.100')
  })
})
