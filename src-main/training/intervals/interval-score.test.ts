import { describe, expect, it } from 'vitest'
import { IntervalAccumulator, scoreInterval, winklerScore } from './interval-score'

describe('interval (Winkler) score', () => {
  it('a hand-computed example: an 80 % band [10, 20] W against three actual values', () => {
    // α = 0.2, so a miss costs 2/α = 10 × its distance
    expect(winklerScore(10, 20, 15, 0.8)).toBe(10) // inside: the width only
    expect(winklerScore(10, 20, 5, 0.8)).toBeCloseTo(60, 12) // 10 + 10 × (10 − 5)
    expect(winklerScore(10, 20, 23, 0.8)).toBeCloseTo(40, 12) // 10 + 10 × (23 − 20)
    expect(winklerScore(10, 20, 20, 0.8)).toBe(10) // on the edge counts as inside
    const score = scoreInterval([10, 10, 10], [20, 20, 20], [15, 5, 23], 0.8)
    expect(score.coverage).toBeCloseTo(1 / 3, 12)
    expect(score.meanWidth).toBe(10)
    expect(score.winkler).toBeCloseTo((10 + 60 + 40) / 3, 12)
    expect(score.n).toBe(3)
  })

  it('a 95 % band penalises misses harder (2/α = 40)', () => {
    expect(winklerScore(0, 100, 110, 0.95)).toBeCloseTo(100 + 40 * 10, 9)
  })

  it('accumulates over parts as over the whole, and skips values that are not numbers', () => {
    const whole = scoreInterval([0, 0, 0, 0], [10, 10, 10, 10], [5, 12, -3, 9], 0.5)
    const a = new IntervalAccumulator(0.5)
    a.addAll([0, 0], [10, 10], [5, 12])
    const b = new IntervalAccumulator(0.5)
    b.addAll([0, 0, 0], [10, 10, 10], [-3, 9, NaN])
    a.merge(b)
    expect(a.result()).toEqual(whole)
    expect(whole.coverage).toBe(0.5)
  })
})
