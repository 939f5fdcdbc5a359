import { describe, expect, it } from 'vitest'
import { DateTime } from 'luxon'
import { labelSlots, labelSlotsByTime, splitDays } from './split'

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

describe('labelSlotsByTime', () => {
  it('splits the readings of a short recording 70/15/15 by time, never sharing a reading', () => {
    // two UTC days of hourly slots, the first 6 hours missing
    const values = Float64Array.from({ length: 48 }, (_, k) => (k < 6 ? NaN : k))
    const grid = { start: Date.UTC(2023, 4, 1), intervalMs: 3_600_000, values }
    const { labels, days } = labelSlotsByTime(grid, ['2023-05-01', '2023-05-02'], 'UTC')
    const readings = (code: number) =>
      [...labels].filter((l, t) => l === code && Number.isFinite(values[t])).length
    expect(readings(0)).toBe(Math.round(42 * 0.7))
    expect(readings(1)).toBe(Math.round(42 * 0.15))
    expect(readings(0) + readings(1) + readings(2)).toBe(42)
    // chronological: every train slot precedes every validation slot, which precede every test slot
    const last = (code: number) => labels.lastIndexOf(code)
    const first = (code: number) => labels.indexOf(code)
    expect(last(0)).toBeLessThan(first(1))
    expect(last(1)).toBeLessThan(first(2))
    expect(days.train).toEqual(['2023-05-01', '2023-05-02'])
    expect(days.test).toEqual(['2023-05-02'])
  })
})
