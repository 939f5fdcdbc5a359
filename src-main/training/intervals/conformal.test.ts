import { describe, expect, it } from 'vitest'
import { applyIntervals, calibrateIntervals, conformalQuantile, type Residuals } from './conformal'
import { scoreInterval } from './interval-score'

/** One-step residuals with the given values, all at `hour`. */
const residuals = (values: number[], hour = 12): Residuals => ({
  values: Float64Array.from(values),
  hours: new Uint8Array(values.length).fill(hour),
  n: values.length,
  steps: 1,
})

/** A seeded uniform stream in [0, 1). */
function uniform(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

describe('split conformal quantiles', () => {
  it('takes the ⌈(n+1)(1+L)/2⌉-th and ⌊(n+1)(1−L)/2⌋-th smallest residuals', () => {
    const sorted = Float64Array.from({ length: 99 }, (_, k) => k + 1) // 1 … 99
    // n + 1 = 100: upper rank ⌈100 × 0.9⌉ = 90, lower rank ⌊100 × 0.1⌋ = 10
    expect(conformalQuantile(sorted, 0.8, 'upper')).toBe(90)
    expect(conformalQuantile(sorted, 0.8, 'lower')).toBe(10)
    // 95 %: ⌈100 × 0.975⌉ = 98, ⌊100 × 0.025⌋ = 2
    expect(conformalQuantile(sorted, 0.95, 'upper')).toBe(98)
    expect(conformalQuantile(sorted, 0.95, 'lower')).toBe(2)
    // too few residuals for the rank: the extreme one
    expect(conformalQuantile(Float64Array.of(1, 2, 3), 0.95, 'upper')).toBe(3)
    expect(conformalQuantile(Float64Array.of(1, 2, 3), 0.95, 'lower')).toBe(1)
  })

  it('covers exactly (k_hi − k_lo)/(n + 1) of new residuals that fall between the calibration ones', () => {
    // calibration 1 … 99, new residuals 0.5, 1.5, … 99.5: one in each of the 100 gaps, as exchangeability promises
    const calibration = calibrateIntervals(
      [residuals(Array.from({ length: 99 }, (_, k) => 99 - k))],
      [0.8, 0.5],
      'step',
    )!
    expect(calibration.lower[0][0]).toBe(10)
    expect(calibration.upper[0][0]).toBe(90)
    const actual = Float64Array.from({ length: 100 }, (_, k) => k + 0.5)
    const predicted = new Float64Array(100) // forecast 0: the residual is the actual value
    const band = applyIntervals(calibration, predicted, new Uint8Array(100).fill(12), 100, 1, 1, 0.8)
    // inside [10, 90]: 10.5 … 89.5, 80 of the 100 values
    expect(scoreInterval(band.lower, band.upper, actual, 0.8).coverage).toBe(0.8)
    // 50 %: ranks ⌊25⌋ = 25 and ⌈75⌉ = 75 → [25, 75] holds 25.5 … 74.5
    const half = applyIntervals(calibration, predicted, new Uint8Array(100).fill(12), 100, 1, 1, 0.5)
    expect(scoreInterval(half.lower, half.upper, actual, 0.5).coverage).toBe(0.5)
  })

  it('reaches the nominal coverage on fresh draws from the same distribution, per step, in watts', () => {
    const random = uniform(3)
    // two steps: step 2 is three times as uncertain as step 1; skewed (exponential) residuals
    const draw = (step: number) => (-Math.log(1 - random()) - 1) * (step === 0 ? 1 : 3)
    const n = 2000
    const values = new Float64Array(n * 2)
    for (let i = 0; i < n * 2; i++) values[i] = draw(i % 2)
    const calibration = calibrateIntervals(
      [{ values, hours: new Uint8Array(n * 2), n, steps: 2 }],
      [0.5, 0.8, 0.95],
      'step',
    )!
    expect(calibration.upper[2][1] / calibration.upper[2][0]).toBeCloseTo(3, 0)
    const m = 20_000
    const scale = 250 // watts per model unit
    const predicted = new Float64Array(m * 2).fill(1000)
    const actual = Float64Array.from(predicted, (p, i) => p + draw(i % 2) * scale)
    for (const level of [0.5, 0.8, 0.95]) {
      const band = applyIntervals(calibration, predicted, new Uint8Array(m * 2), m, 2, scale, level)
      const score = scoreInterval(band.lower, band.upper, actual, level)
      expect(Math.abs(score.coverage - level)).toBeLessThan(0.015)
    }
  })

  it('the hour-of-day variant widens the band where the load is uncertain and covers every hour', () => {
    const random = uniform(11)
    // residuals 10× larger at 19:00 than at 04:00
    const spread = (hour: number) => (hour === 19 ? 10 : 1)
    const make = (count: number) => {
      const hours = Uint8Array.from({ length: count }, (_, i) => (i % 2 === 0 ? 4 : 19))
      const values = Float64Array.from(hours, (h) => (random() * 2 - 1) * spread(h))
      return { values, hours, n: count, steps: 1 }
    }
    const calibrationSet = make(4000)
    const test = make(20_000)
    const byHour = calibrateIntervals([calibrationSet], [0.8], 'step-hour')!
    const pooled = calibrateIntervals([calibrationSet], [0.8], 'step')!
    expect(byHour.hourScale![19] / byHour.hourScale![4]).toBeCloseTo(10, 0)
    const coverageAt = (calibration: typeof byHour, hour: number) => {
      const band = applyIntervals(calibration, new Float64Array(test.n), test.hours, test.n, 1, 1, 0.8)
      let inside = 0
      let count = 0
      for (let i = 0; i < test.n; i++) {
        if (test.hours[i] !== hour) continue
        count++
        if (test.values[i] >= band.lower[i] && test.values[i] <= band.upper[i]) inside++
      }
      return inside / count
    }
    expect(Math.abs(coverageAt(byHour, 4) - 0.8)).toBeLessThan(0.02)
    expect(Math.abs(coverageAt(byHour, 19) - 0.8)).toBeLessThan(0.02)
    // one band for all hours: far too wide at night, too narrow in the evening
    expect(coverageAt(pooled, 4)).toBe(1)
    expect(coverageAt(pooled, 19)).toBeLessThan(0.7)
  })

  it('refuses a level it was not calibrated for, and has nothing to say without residuals', () => {
    const calibration = calibrateIntervals([residuals([1, 2, 3])], [0.8], 'step')!
    expect(() => applyIntervals(calibration, new Float64Array(1), new Uint8Array(1), 1, 1, 1, 0.9)).toThrow(
      /calibrated for 0.8, not 0.9/,
    )
    expect(calibrateIntervals([residuals([])], [0.8], 'step')).toBeNull()
  })
})
