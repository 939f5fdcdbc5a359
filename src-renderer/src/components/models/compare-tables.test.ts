import { describe, expect, it } from 'vitest'
import { bestColumns, type MetricRow } from './compare-tables'

const row = (values: (number | null)[], best: MetricRow['best'] = 'low', digits = 1): MetricRow => ({
  label: 'MAE (W)',
  help: '',
  values,
  digits,
  best,
})

describe('the best value of a comparison row', () => {
  it('is the lowest error, or the highest R² or skill', () => {
    expect(bestColumns(row([40.2, 37.1, 39]))).toEqual([1])
    expect(bestColumns(row([0.41, 0.52], 'high', 3))).toEqual([1])
  })

  it('is no one when the values shown are the same (37.7 against 37.7)', () => {
    expect(bestColumns(row([37.71, 37.69]))).toEqual([])
    expect(bestColumns(row([0.1234, 0.1231], 'high', 3))).toEqual([])
  })

  it('is every model tied at the best shown value when another does worse', () => {
    expect(bestColumns(row([37.71, 40, 37.68]))).toEqual([0, 2])
  })

  it('is no one for a reference row, or with fewer than two values', () => {
    expect(bestColumns(row([30, 40], null))).toEqual([])
    expect(bestColumns(row([30, null]))).toEqual([])
  })
})

describe('the comparison rows', () => {
  it('name the baselines as every view does, and the baseline each skill compares against', async () => {
    const { metricRows } = await import('./compare-tables')
    const scored = (bestBaseline: string, mae: number) => ({
      model: { mae, rmse: 1, mape: 1, smape: 1, r2: 0.5, n: 10, mapeSkipped: 0 },
      persistence: { mae: 50, rmse: 1, mape: 1, smape: 1, r2: 0.5, n: 10, mapeSkipped: 0 },
      sameTimeYesterday: { mae: 45, rmse: 1, mape: 1, smape: 1, r2: 0.5, n: 10, mapeSkipped: 0 },
      skill: 0.1,
      bestBaseline,
    })
    const comparison = {
      models: [
        { summary: { epochs: 2, trainSeconds: 1 }, test: scored('sameTimeYesterday', 40) },
        { summary: { epochs: 2, trainSeconds: 2 }, test: scored('persistence', 41) },
        { summary: { epochs: 3, trainSeconds: 3 }, test: scored('sameTimeYesterday', 42) },
      ],
    } as unknown as Parameters<typeof metricRows>[0]
    const rows = metricRows(comparison)
    expect(rows.map((r) => r.label)).toEqual([
      'MAE (W)',
      'RMSE (W)',
      'MAPE (%)',
      'sMAPE (%)',
      'R²',
      'Skill vs its best baseline',
      'Epochs',
      'Training time (s)',
      'Persistence (last value), MAE (W)',
      'Same time yesterday, MAE (W)',
    ])
    const skill = rows.find((r) => r.label.startsWith('Skill'))!
    expect(skill.notes).toEqual([
      'vs same time yesterday',
      'vs persistence (last value)',
      'vs same time yesterday',
    ])
    expect(skill.cellHelp![1]).toMatch(/^Skill = 1 − MAE\(LSTM\) \/ MAE\(persistence \(last value\)\)/)
    expect(rows.every((r) => r.help.length > 20)).toBe(true)
  })
})
