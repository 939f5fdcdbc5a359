import { describe, expect, it } from 'vitest'
import type { MetricsSummary, ScoredForecast } from '../../../../src-main/shared/training-outcome'
import { formatSkill, verdictLine, winsOf } from './home-verdicts'

const metrics = (mae: number): MetricsSummary => ({
  mae,
  rmse: mae * 1.3,
  mape: null,
  smape: null,
  r2: null,
  n: 100,
  mapeSkipped: 0,
})
const forecast = (model: number, yesterday: number | null, evaluated = 50): ScoredForecast => ({
  horizon: 4,
  windows: { total: evaluated, evaluated, excluded: 0 },
  notes: [],
  model: metrics(model),
  modelPerStep: [],
  persistence: metrics(400),
  ...(yesterday !== null && { sameTimeYesterday: metrics(yesterday) }),
  baselinePerStepMae: {},
  skill: yesterday === null ? null : 1 - model / Math.min(400, yesterday),
  bestBaseline: yesterday === null ? null : yesterday < 400 ? 'sameTimeYesterday' : 'persistence',
})

describe('verdict lines', () => {
  it('names the best baseline of each home, its MAE, the skill and whether the model won', () => {
    const won = verdictLine('1', 'CDB001', forecast(150, 200))
    expect(won).toMatchObject({
      label: 'CDB001',
      modelMae: 150,
      baseline: 'same time yesterday',
      baselineMae: 200,
      skill: 0.25,
      won: true,
    })
    const lost = verdictLine('2', 'CDB002', forecast(500, 450), 'zero-shot')
    expect(lost).toMatchObject({
      baseline: 'persistence (last value)',
      baselineMae: 400,
      won: false,
      note: 'zero-shot',
    })
    expect(lost.skill).toBeCloseTo(-0.25)
  })

  it('gives no verdict where no baseline was scored, and counts only the homes with one', () => {
    const lines = [
      verdictLine('1', 'a', forecast(150, 200)),
      verdictLine('2', 'b', forecast(500, 450)),
      verdictLine('3', 'c', forecast(100, null)),
    ]
    expect(lines[2]).toMatchObject({ skill: null, won: null, baseline: null })
    const { wins, scored, meanSkill } = winsOf(lines)
    expect([wins, scored]).toEqual([1, 2])
    expect(meanSkill).toBeCloseTo(0)
  })

  it('writes the skill with its sign', () => {
    expect([formatSkill(0.1234), formatSkill(-0.05), formatSkill(null)]).toEqual(['+0.123', '−0.050', '–'])
  })
})
