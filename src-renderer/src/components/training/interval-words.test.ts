import { describe, expect, it } from 'vitest'
import { formatCoverage, intervalRows } from './interval-words'

const score = (level: number, coverage: number, winkler: number, n = 200) => ({
  level,
  coverage,
  meanWidth: 100,
  winkler,
  n,
})

describe('the prediction intervals table', () => {
  it("puts the model's band beside the baseline's, level by level in increasing order", () => {
    const rows = intervalRows(
      [score(0.95, 0.93, 400), score(0.5, 0.52, 120), score(0.8, 0.81, 250)],
      [score(0.5, 0.5, 150), score(0.8, 0.8, 240)],
    )
    expect(rows.map((r) => r.label)).toEqual(['50 %', '80 %', '95 %'])
    expect(rows.map((r) => r.modelBetter)).toEqual([true, false, null])
    expect(rows[2].baseline).toBeNull()
  })

  it('flags a band covering more than 5 points under its level as too narrow', () => {
    const [row] = intervalRows([score(0.8, 0.74, 200)], [score(0.8, 0.76, 210)])
    expect(row.modelUnder).toBe(true)
    expect(row.baselineUnder).toBe(false)
  })

  it('leaves out a level scored on no value', () => {
    const [row] = intervalRows([score(0.8, NaN, NaN, 0)])
    expect(row.model).toBeNull()
    expect(row.modelBetter).toBeNull()
  })

  it('prints coverage as a percentage with one decimal', () => {
    expect(formatCoverage(0.7934)).toBe('79.3 %')
    expect(formatCoverage(1)).toBe('100.0 %')
    expect(formatCoverage(NaN)).toBe('–')
  })
})
