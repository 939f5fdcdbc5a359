// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import type {
  MetricsSummary,
  ScoredForecast,
  TrainingOutcome,
} from '../../../../src-main/shared/training-outcome'
import TrainingResult from './TrainingResult.vue'

// Chart.js needs a canvas, which happy-dom lacks: record what each chart is asked to draw instead.
const charts = vi.hoisted(() => [] as { options: any; data: any }[]) // eslint-disable-line @typescript-eslint/no-explicit-any
vi.mock('chart.js', () => ({
  Chart: class {
    constructor(_canvas: unknown, config: { options: unknown; data: unknown }) {
      charts.push(config as never)
    }
    destroy() {}
    update() {}
  },
}))

const metrics = (mae: number): MetricsSummary => ({
  mae,
  rmse: mae,
  mape: 10,
  smape: 10,
  r2: 0.5,
  n: 10,
  mapeSkipped: 0,
})
const test: ScoredForecast = {
  horizon: 2,
  windows: { total: 1300, evaluated: 1234, excluded: 66 },
  notes: [],
  model: metrics(37.71),
  modelPerStep: [metrics(30), metrics(45)],
  persistence: metrics(37.69),
  sameTimeYesterday: metrics(50),
  sameTimeLastWeek: metrics(60),
  baselinePerStepMae: { persistence: [30, 44], sameTimeYesterday: [50, 50], sameTimeLastWeek: [60, 60] },
  skill: -0.0005,
  bestBaseline: 'persistence',
}
const outcome: TrainingOutcome = {
  runId: 1,
  modelId: 1,
  status: 'done',
  stopReason: 'completed',
  engine: 'scratch',
  datasetId: 1,
  home: 'CDB001',
  intervalSeconds: 900,
  epochsRun: 2,
  bestEpoch: 2,
  trainSeconds: 1,
  trainWindows: 6000,
  validationWindows: 1300,
  testWindows: 1300,
  history: [
    { epoch: 1, trainLoss: 1, valLoss: 1, valPerStep: null, learningRate: 0.01, seconds: 1 },
    { epoch: 2, trainLoss: 0.5, valLoss: 0.6, valPerStep: null, learningRate: 0.01, seconds: 1 },
  ],
  test,
  longHorizon: null,
  testSeries: { t: [0, 900_000], actual: [1, 2], predicted: [1, 2] },
  errorByHour: [{ hour: 0, model: 1, baseline: 2 }],
}

describe('the verdict of a training run', () => {
  it('draws the forecast-step axis on whole steps, with the baselines named as in the table', () => {
    charts.length = 0
    mount(TrainingResult, { props: { outcome } })
    const step = charts.find((c) => c.options.scales.x.title.text === 'forecast step')!
    expect(step.options.scales.x.ticks.precision).toBe(0)
    expect(step.data.datasets.map((d: { label: string }) => d.label)).toEqual([
      'LSTM',
      'Persistence (last value)',
      'Same time yesterday',
      'Same time last week',
    ])
    // the hour of day runs 0–24 in the dataset's zone, never to 25
    const hour = charts.find((c) => /^local time of day \(/.test(c.options.scales.x.title.text))!
    expect([hour.options.scales.x.min, hour.options.scales.x.max]).toEqual([0, 24])
    expect(hour.data.datasets[1].label).toBe('best baseline (Persistence (last value))')
  })

  it('counts the test windows in the header as the table does, saying why some were not scored', () => {
    const wrapper = mount(TrainingResult, { props: { outcome } })
    const why = '1,234 of 1,300 test windows scored (66 left out: a baseline lacked the history it needs)'
    expect(wrapper.get('[data-testid="training-windows"]').text()).toContain(why)
    expect(wrapper.get('[data-testid="verdict-windows"]').text()).toContain(why)
  })

  it('highlights a tie as a tie (37.7 and 37.7 both, or none when all equal), and names what the skill compares against', () => {
    const wrapper = mount(TrainingResult, { props: { outcome } })
    const table = wrapper.get('[data-testid="verdict-table"]')
    expect(table.findAll('td[data-col="mae"]').map((td) => td.text())).toEqual([
      '37.7',
      '37.7',
      '50.0',
      '60.0',
    ])
    // LSTM 37.71 and persistence 37.69 look the same: both are best, not the one that is 0.02 W lower
    expect(table.findAll('td[data-col="mae"]').map((td) => td.classes('best'))).toEqual([
      true,
      true,
      false,
      false,
    ])
    expect(table.findAll('td[data-col="mape"].best')).toHaveLength(0) // all equal
    expect(wrapper.get('[data-testid="skill-badge"]').attributes('title')).toMatch(
      /^Skill = 1 − MAE\(LSTM\) \/ MAE\(persistence \(last value\)\), the best of the naive baselines/,
    )
    expect(wrapper.get('[data-testid="skill-against"]').text()).toBe('vs persistence (last value)')
    expect(table.findAll('th').map((th) => th.attributes('title') ?? '')[1]).toMatch(/^Mean absolute error/)
  })
})

describe('the loss curves', () => {
  it('draw the epoch axis on whole epochs', async () => {
    const { default: LossChart } = await import('./LossChart.vue')
    charts.length = 0
    mount(LossChart, { props: { history: outcome.history, loss: 'mse' } })
    expect(charts[0].options.scales.x.ticks.precision).toBe(0)
  })
})
