import { describe, expect, it } from 'vitest'
import { defaultRecipe } from './clean-series'
import { classifyDays, fillShortGaps, removalReason, resampleMean } from './cleaning'

describe('day rules', () => {
  const recipe = defaultRecipe(900)
  it('removes incomplete days and, optionally, zero-dominated ones', () => {
    const days = [
      { day: '2022-01-01', expected: 96, present: 96, zero: 0 },
      { day: '2022-01-02', expected: 96, present: 86, zero: 0 }, // 0.896 < 0.9
      { day: '2022-01-03', expected: 96, present: 87, zero: 0 }, // 0.906
      { day: '2022-01-04', expected: 96, present: 96, zero: 48 }, // half zeros
      { day: '2022-01-05', expected: 92, present: 92, zero: 45 },
    ]
    expect(classifyDays(days, recipe)).toEqual({
      keptDays: ['2022-01-01', '2022-01-03', '2022-01-05'],
      removedDays: ['2022-01-02', '2022-01-04'],
      removalReasons: { '2022-01-02': 'incomplete', '2022-01-04': 'zero-dominated' },
    })
    expect(removalReason(days[3], { ...recipe, dropZeroDominatedDays: false })).toBeNull()
    expect(removalReason(days[1], { ...recipe, minCompleteness: 0.8 })).toBeNull()
    expect(removalReason(days[1], recipe)).toBe('incomplete')
  })
  it('defaults: 2 minutes of gap filling at 8 s, one slot at 15 min', () => {
    expect(defaultRecipe(8).fillGapsUpToSeconds).toBe(120)
    expect(defaultRecipe(900).fillGapsUpToSeconds).toBe(900)
    expect(defaultRecipe(8)).toMatchObject({
      minCompleteness: 0.9,
      spikeThresholdW: 100_000,
      treatZeroRowsAsMissing: true,
    })
  })
})

describe('fillShortGaps', () => {
  it('interpolates interior gaps up to the limit and leaves longer ones and edges alone', () => {
    const values = Float64Array.from([NaN, 1, NaN, 3, NaN, NaN, NaN, 7, NaN])
    expect(fillShortGaps(values, 2)).toBe(1)
    expect(Array.from(values)).toEqual([NaN, 1, 2, 3, NaN, NaN, NaN, 7, NaN])
    expect(fillShortGaps(values, 3)).toBe(3)
    expect(Array.from(values)).toEqual([NaN, 1, 2, 3, 4, 5, 6, 7, NaN])
  })
  it('stays inside the given range', () => {
    const values = Float64Array.from([0, NaN, 2, NaN, 4])
    expect(fillShortGaps(values, 5, 2, 5)).toBe(1)
    expect(Array.from(values)).toEqual([0, NaN, 2, 3, 4])
  })
})

describe('resampleMean', () => {
  it('averages the present slots of each bin and empties bins below the coverage', () => {
    // 8 slots of 15 min → 2 bins of 1 h
    const values = Float64Array.from([1, 2, 3, 6, 10, NaN, NaN, NaN])
    expect(Array.from(resampleMean(values, 900, 3600, 0.5))).toEqual([3, NaN])
    expect(Array.from(resampleMean(values, 900, 3600, 0.25))).toEqual([3, 10])
  })
  it('handles bins that do not hold a whole number of slots (8 s → 1 min)', () => {
    const values = new Float64Array(15).fill(4) // 120 s of 8-s slots
    const out = resampleMean(values, 8, 60, 0.9)
    expect(Array.from(out)).toEqual([4, 4])
  })
})
