import { describe, expect, it } from 'vitest'
import { DateTime } from 'luxon'
import { labelSlots, splitDays } from './split'

const days = (first: string, n: number) =>
  Array.from({ length: n }, (_, k) => DateTime.fromISO(first).plus({ days: k }).toISODate()!)

describe('splitDays', () => {
  it('splits whole days chronologically 70/15/15 without overlap', () => {
    const all = days('2022-01-01', 20)
    const split = splitDays([...all].reverse())
    expect(split.train).toEqual(all.slice(0, 14))
    expect(split.validation).toEqual(all.slice(14, 17))
    expect(split.test).toEqual(all.slice(17))
    expect(split.train.at(-1)! < split.validation[0]).toBe(true)
    expect(split.validation.at(-1)! < split.test[0]).toBe(true)
  })

  it('keeps at least one day in each part and refuses too few days', () => {
    expect(splitDays(days('2022-01-01', 3))).toEqual({
      train: ['2022-01-01'],
      validation: ['2022-01-02'],
      test: ['2022-01-03'],
    })
    expect(() => splitDays(days('2022-01-01', 2))).toThrow(/at least 3/)
  })
})

describe('labelSlots', () => {
  it('labels local days, with 92 quarter-hours on the spring DST day in Brussels', () => {
    const zone = 'Europe/Brussels'
    const first = DateTime.fromISO('2022-03-26', { zone }).toMillis()
    const grid = { start: first, intervalMs: 900_000, values: new Float64Array(4 * 96) }
    const labels = labelSlots(
      grid,
      { train: ['2022-03-26'], validation: ['2022-03-27'], test: ['2022-03-28'] },
      zone,
    )
    const count = (code: number) => labels.filter((l) => l === code).length
    expect(count(0)).toBe(96)
    expect(count(1)).toBe(92)
    expect(count(2)).toBe(96)
    expect(labels.filter((l) => l === -1).length).toBe(4 * 96 - 96 - 92 - 96)
  })
})
