import { describe, expect, it } from 'vitest'
import type { ForecastResult } from '../../../../src-main/shared/model-schemas'
import { forecastBands, forecastCsv } from './forecast-bands'

const t0 = Date.UTC(2021, 2, 20, 10)
const result = {
  t: [t0, t0 + 900_000],
  predicted: [200, 300],
  actual: [210, null],
  baselines: { persistence: [190, null] },
  levels: [0.8, 0.5],
  lower: { '0.8': [150, 220], '0.5': [180, 270] },
  upper: { '0.8': [260, 390], '0.5': [225, 335] },
} as unknown as ForecastResult

describe('a forecast with its bands', () => {
  it('gives one band per level with both bounds, none for a model saved before intervals', () => {
    expect(forecastBands(result)).toEqual([
      { level: 0.8, lower: [150, 220], upper: [260, 390] },
      { level: 0.5, lower: [180, 270], upper: [225, 335] },
    ])
    const { levels: _l, lower: _lo, upper: _u, ...older } = result
    expect(forecastBands(older as ForecastResult)).toEqual([])
    // a level without its bounds is left out rather than drawn half
    expect(forecastBands({ ...result, upper: { '0.8': [260, 390] } }).map((b) => b.level)).toEqual([0.8])
  })

  it('writes a lower and an upper column per level in its CSV, narrowest level first', () => {
    const lines = forecastCsv(result).trimEnd().split('\n')
    expect(lines[0]).toBe(
      'time_utc,predicted_w,actual_w,persistence_w,lower_50_w,upper_50_w,lower_80_w,upper_80_w',
    )
    expect(lines[1]).toBe('2021-03-20T10:00:00.000Z,200,210,190,180,225,150,260')
    expect(lines[2]).toBe('2021-03-20T10:15:00.000Z,300,,,270,335,220,390')
  })

  it('keeps the CSV of a model without bands as it was', () => {
    const { levels: _l, lower: _lo, upper: _u, ...older } = result
    expect(forecastCsv(older as ForecastResult).split('\n')[0]).toBe(
      'time_utc,predicted_w,actual_w,persistence_w',
    )
  })
})
