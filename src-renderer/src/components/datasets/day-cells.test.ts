import { describe, expect, it } from 'vitest'
import type { DayReport } from '../../../../src-main/shared/contract'
import { completenessColor, dayRanges, monthBlocks, usableCompleteness } from './day-cells'

const day = (date: string, completeness = 1): DayReport => ({
  day: date,
  expected: 96,
  present: Math.round(96 * completeness),
  empty: 0,
  zero: 0,
  completeness,
})

describe('calendar cells', () => {
  it('lays months out Monday-first and marks removed days', () => {
    // 2022-03-01 was a Tuesday: one blank before it
    const blocks = monthBlocks(
      [day('2022-02-28'), day('2022-03-01'), day('2022-03-02', 0.5)],
      new Set(['2022-03-02']),
    )
    expect(blocks.map((b) => b.month)).toEqual(['2022-02', '2022-03'])
    // 2022-02-28 was a Monday: shown alone, it needs no blank before it
    expect(blocks[0].cells.map((c) => c.day)).toEqual(['2022-02-28'])
    expect(blocks[1].cells.map((c) => c.day)).toEqual([null, '2022-03-01', '2022-03-02'])
    expect(blocks[1].cells[2].removed).toBe(true)
  })

  it('colours from empty to complete', () => {
    expect(completenessColor(0)).not.toBe(completenessColor(1))
    expect(completenessColor(2)).toBe(completenessColor(1))
  })

  it('does not paint a day with a zero-filled outage as green as a perfect day', () => {
    // 96 readings present, 7 of them all-zero rows: 1.75 h of outage filled with zeros
    const outage = { ...day('2022-05-20'), zero: 7 }
    expect(usableCompleteness(outage, true)).toBeCloseTo(89 / 96)
    expect(usableCompleteness(outage, false)).toBe(1)
    const hue = (color: string) => Number(/hsl\((\d+)/.exec(color)![1])
    const perfect = hue(completenessColor(usableCompleteness(day('2022-05-21'), true)))
    // far apart on the colour wheel, not a shade of the same green
    expect(perfect - hue(completenessColor(usableCompleteness(outage, true)))).toBeGreaterThan(40)
    expect(perfect - hue(completenessColor(0.99))).toBeGreaterThan(30)
  })

  it('turns removed days into merged UTC spans of local days, DST-aware', () => {
    const ranges = dayRanges(['2022-03-28', '2022-03-27', '2022-03-30'], 'Europe/Brussels')
    expect(ranges).toEqual([
      { from: Date.UTC(2022, 2, 26, 23), to: Date.UTC(2022, 2, 28, 22) },
      { from: Date.UTC(2022, 2, 29, 22), to: Date.UTC(2022, 2, 30, 22) },
    ])
  })
})
