import { describe, expect, it } from 'vitest'
import { chartCsv } from '../charts/chart-export'
import { fillOf } from '../charts/chart-data'
import { dmVerdict, foldSkillSeries, formatPValue, optionsWords, skillSpread } from './backtest-words'

const dm = (statistic: number, pValue: number) => ({
  statistic,
  pValue,
  against: 'persistence',
  n: 425,
  horizon: 2,
  meanDifference: -20,
})

describe('backtest words', () => {
  it('prints p-values at the precision a reader needs', () => {
    expect(formatPValue(0.38253)).toBe('0.383')
    expect(formatPValue(0.055)).toBe('0.055')
    expect(formatPValue(0.0038)).toBe('0.0038')
    expect(formatPValue(5.2e-5)).toBe('5.2 × 10⁻⁵')
    expect(formatPValue(4.96e-10)).toBe('5.0 × 10⁻¹⁰')
    expect(formatPValue(9.97e-5)).toBe('1.0 × 10⁻⁴')
    expect(formatPValue(0)).toBe('< 10⁻¹⁶')
    expect(formatPValue(NaN)).toBe('–')
  })

  it('says whether the Diebold–Mariano test is significant at 5 %, and in whose favour', () => {
    expect(dmVerdict(dm(-4.04, 5e-5))).toEqual({
      significant: true,
      text: "Significant at 5 %: the LSTM's errors are smaller than persistence (last value)'s.",
    })
    expect(dmVerdict(dm(3.1, 0.002)).text).toMatch(/^Significant at 5 %: .*the model is worse/)
    expect(dmVerdict(dm(-1.92, 0.055))).toMatchObject({ significant: false })
    expect(dmVerdict(dm(-1.92, 0.055)).text).toMatch(/^Not significant at 5 %/)
    // exactly 5 % is not below the level
    expect(dmVerdict(dm(-2, 0.05)).significant).toBe(false)
  })

  it('describes the options and the skill spread', () => {
    expect(optionsWords({ folds: 3, blockDays: 7, window: 'expanding', refit: 'every', gapDays: 0 })).toBe(
      '3 folds × 7 kept days · expanding window · refit every fold · no gap',
    )
    expect(optionsWords({ folds: 1, blockDays: 14, window: 'fixed', refit: 3, gapDays: 2 })).toBe(
      '1 fold × 14 kept days · fixed window · refit every 3 folds · gap of 2 days',
    )
    expect(optionsWords({ refit: 'once' })).toContain('trained once (fold 1)')
    expect(skillSpread({ skillMean: -0.0461, skillStd: 0.1402 })).toBe('−0.046 ± 0.140')
    expect(skillSpread({ skillMean: 0.2, skillStd: null })).toBe('+0.200')
  })

  it('charts a bar per fold, the mean and a ±1 sd band whose bounds are CSV columns', () => {
    const folds = [
      { fold: 1, test: { skill: 0.1 } },
      { fold: 2, test: { skill: null } },
      { fold: 3, test: { skill: -0.2 } },
    ] as never
    const series = foldSkillSeries(folds, { skillMean: -0.05, skillStd: 0.2121 })
    expect(series.map((s) => s.label)).toEqual(['skill', 'mean skill', 'mean − 1 sd', 'mean + 1 sd'])
    expect(series[0].bars).toBe(true)
    expect(Array.from(series[0].y)).toEqual([0.1, NaN, -0.2])
    expect(fillOf(series[3])).toBe('-1')
    const csv = chartCsv(series, { xType: 'linear', xLabel: 'fold', zone: 'UTC' }).trimEnd().split('\n')
    expect(csv[0]).toBe('fold,skill,mean skill,mean − 1 sd,mean + 1 sd')
    const [fold, skill, mean, low, high] = csv[2].split(',')
    expect([fold, skill, mean]).toEqual(['2', '', '-0.05'])
    expect(Number(low)).toBeCloseTo(-0.2621, 10)
    expect(Number(high)).toBeCloseTo(0.1621, 10)
    // one fold: no spread to draw; no verdict at all: only the bars
    expect(foldSkillSeries(folds, { skillMean: 0.1, skillStd: null })).toHaveLength(2)
    expect(foldSkillSeries(folds, null)).toHaveLength(1)
  })
})
