import { describe, expect, it } from 'vitest'
import { MAPE_FLOOR_W, scoreForecasts, skillScore } from './metrics'

describe('scoreForecasts', () => {
  it('matches hand-computed MAE, RMSE, MAPE, sMAPE and R²', () => {
    const actual = Float64Array.from([100, 200, 400])
    const predicted = Float64Array.from([110, 180, 400])
    const { overall } = scoreForecasts(predicted, actual, 3, 1)
    // errors +10, −20, 0
    expect(overall.mae).toBeCloseTo(10, 12)
    expect(overall.rmse).toBeCloseTo(Math.sqrt((100 + 400) / 3), 12)
    expect(overall.mape).toBeCloseTo((100 * (10 / 100 + 20 / 200)) / 3, 12)
    expect(overall.smape).toBeCloseTo((100 * ((2 * 10) / 210 + (2 * 20) / 380)) / 3, 12)
    const mean = 700 / 3
    const totalSq = (100 - mean) ** 2 + (200 - mean) ** 2 + (400 - mean) ** 2
    expect(overall.r2).toBeCloseTo(1 - 500 / totalSq, 12)
    expect(overall.n).toBe(3)
  })

  it('leaves near-zero actuals out of MAPE and says how many', () => {
    const { overall } = scoreForecasts(
      Float64Array.from([5, 110]),
      Float64Array.from([MAPE_FLOOR_W / 2, 100]),
      2,
      1,
    )
    expect(overall.mapeSkipped).toBe(1)
    expect(overall.mape).toBeCloseTo(10, 12)
  })

  it('reports each forecast step separately', () => {
    // two windows × two steps; step 1 perfect, step 2 off by 50
    const actual = Float64Array.from([100, 100, 200, 200])
    const predicted = Float64Array.from([100, 150, 200, 250])
    const report = scoreForecasts(predicted, actual, 2, 2)
    expect(report.perStep[0].mae).toBe(0)
    expect(report.perStep[1].mae).toBe(50)
    expect(report.overall.mae).toBe(25)
  })
})

describe('skillScore', () => {
  it('is 1 − MAE(model) / MAE(best baseline)', () => {
    expect(skillScore(80, [100, 200, null])).toBeCloseTo(0.2, 12)
    expect(skillScore(120, [100])).toBeCloseTo(-0.2, 12)
    expect(skillScore(50, [null, undefined])).toBeNull()
  })
})
