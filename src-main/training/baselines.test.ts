import { describe, expect, it } from 'vitest'
import { baselineApplies, baselineForecast } from './baselines'

const HOUR = 3_600_000

describe('baselineForecast', () => {
  // hourly grid over 8 days: value = slot index, so the copied slot is easy to read back
  const values = Float64Array.from({ length: 24 * 8 }, (_, k) => k)
  const out = new Float64Array(3)

  it('persistence repeats the last observed value', () => {
    baselineForecast('persistence', values, 100, 3, HOUR, out)
    expect([...out]).toEqual([99, 99, 99])
  })

  it('same time yesterday and last week copy the slot one day / one week earlier', () => {
    baselineForecast('sameTimeYesterday', values, 180, 3, HOUR, out)
    expect([...out]).toEqual([156, 157, 158])
    baselineForecast('sameTimeLastWeek', values, 180, 3, HOUR, out)
    expect([...out]).toEqual([12, 13, 14])
  })

  it('gives NaN where the history is missing', () => {
    baselineForecast('sameTimeLastWeek', values, 10, 3, HOUR, out)
    expect(out.every(Number.isNaN)).toBe(true)
  })

  it('a seasonal copy is not a forecast beyond its season', () => {
    expect(baselineApplies('sameTimeYesterday', 24, HOUR)).toBe(true)
    expect(baselineApplies('sameTimeYesterday', 25, HOUR)).toBe(false)
    expect(baselineApplies('persistence', 1000, HOUR)).toBe(true)
  })
})
