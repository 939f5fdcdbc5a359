import { describe, expect, it } from 'vitest'
import type { ForecastModel } from '../engine/model'
import { calendarFeatures } from './calendar'
import { evaluateAgainstBaselines } from './evaluate'
import { buildWindowTensors } from './features'
import { forecastWatts } from './predict'

const QUARTER = 900_000

/** A model that always predicts `constant` (scaled units): enough to check the plumbing around it. */
function constantModel(seqLen: number, predSize: number, inputSize: number, constant = 0): ForecastModel {
  return {
    engine: 'scratch',
    config: {
      inputSize,
      seqLen,
      predSize,
      hiddenSizes: [1],
      head: 'dense',
      dropout: 0,
      recurrentInit: 'glorot',
      unitForgetBias: true,
      seed: 1,
    },
    predict: (_x: Float64Array, n: number) => new Float64Array(n * predSize).fill(constant),
  } as unknown as ForecastModel
}

describe('level normalisation', () => {
  it("with 'last', a model predicting zero is exactly persistence", () => {
    const values = Float64Array.from({ length: 40 }, (_, k) => 100 + 10 * Math.sin(k))
    const grid = { start: 0, intervalMs: QUARTER, values }
    const scaler = { method: 'standard' as const, center: 90, scale: 7 }
    const options = { calendar: false, level: 'last' as const, zone: 'UTC' }
    const starts = Int32Array.from([0, 5, 20])
    const tensors = buildWindowTensors(grid, starts, { seqLen: 4, predSize: 2, stride: 1 }, scaler, options)
    expect(tensors.x[3]).toBe(0) // the last input of window 0, minus its own level
    const predicted = forecastWatts(constantModel(4, 2, 1), grid, starts, 5, scaler, options)
    for (let w = 0; w < starts.length; w++) {
      for (let h = 0; h < 5; h++) expect(predicted[w * 5 + h]).toBeCloseTo(values[starts[w] + 3], 9)
    }
  })

  it('calendar features follow local time across the DST change', () => {
    // 2022-03-27 00:45 UTC is 01:45 CET; one hour later, 02:45 UTC is 04:45 CEST
    const features = calendarFeatures(Date.UTC(2022, 2, 27, 0, 45), 2 * 3_600_000, 2, 'Europe/Brussels')
    expect(Math.atan2(features[0], features[1])).toBeCloseTo((2 * Math.PI * 1.75) / 24, 9)
    expect(Math.atan2(features[4], features[5])).toBeCloseTo((2 * Math.PI * 4.75) / 24, 9)
  })
})

describe('evaluateAgainstBaselines', () => {
  // a daily-periodic hourly series over 10 days
  const values = Float64Array.from(
    { length: 24 * 10 },
    (_, k) => 500 + 300 * Math.sin((2 * Math.PI * k) / 24),
  )
  const HOUR = 3_600_000

  it('scores a perfect model at MAE 0 and skill 1, on the same windows as the baselines', () => {
    const starts = Int32Array.from({ length: 40 }, (_, k) => 24 * 8 + k - 24)
    const report = evaluateAgainstBaselines(values, starts, 4, 2, HOUR, (chosen) => {
      const out = new Float64Array(chosen.length * 2)
      chosen.forEach((s, k) => out.set(values.subarray(s + 4, s + 6), k * 2))
      return out
    })
    expect(report.model.overall.mae).toBe(0)
    expect(report.skill).toBe(1)
    expect(report.baselines.sameTimeYesterday!.overall.mae).toBeCloseTo(0, 9)
    for (const name of ['persistence', 'sameTimeYesterday', 'sameTimeLastWeek'] as const) {
      expect(report.baselines[name]!.overall.n).toBe(report.model.overall.n)
    }
  })

  it('drops the weekly baseline, and says so, when the test days lack a week of history', () => {
    const starts = Int32Array.from([30, 40, 50])
    const report = evaluateAgainstBaselines(values, starts, 4, 1, HOUR, (chosen) =>
      new Float64Array(chosen.length).fill(500),
    )
    expect(report.baselines.sameTimeLastWeek).toBeUndefined()
    expect(report.notes.join(' ')).toMatch(/Same time last week was left out/)
    expect(report.windows).toEqual({ total: 3, evaluated: 3, excluded: 0 })
    // a constant forecast at the mean loses to same-time-yesterday on a periodic series
    expect(report.skill!).toBeLessThan(0)
    expect(report.bestBaseline).toBe('sameTimeYesterday')
  })
})
