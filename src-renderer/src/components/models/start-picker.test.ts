import { describe, expect, it } from 'vitest'
import {
  dayOf,
  formatStart,
  invalidStretches,
  isValidStart,
  nearestStart,
  parseStart,
  startDays,
  startTimes,
  type Starts,
} from './start-picker'

const q = 900_000
// Brussels, summer time (UTC+2): 2022-05-30 22:00Z is 05-31 00:00 local
const at = (iso: string) => Date.parse(iso)
const starts: Starts = {
  zone: 'Europe/Brussels',
  step: 900,
  ranges: [
    { from: at('2022-05-30T10:00:00Z'), to: at('2022-05-30T11:00:00Z') }, // 12:00–13:00 local
    { from: at('2022-05-30T21:30:00Z'), to: at('2022-05-30T22:15:00Z') }, // 23:30 → 00:15 the next day
  ],
}

describe('the forecast start in the dataset zone', () => {
  it('is shown on a 24-hour clock in Brussels time, and read back from it', () => {
    expect(formatStart(at('2022-05-30T06:00:00Z'), starts)).toBe('2022-05-30 08:00')
    expect(formatStart(at('2022-05-30T16:00:00Z'), starts)).toBe('2022-05-30 18:00')
    expect(parseStart('2022-05-30 18:00', 'Europe/Brussels')).toBe(at('2022-05-30T16:00:00Z'))
    expect(parseStart(' 2022-05-30T18:00:08 ', 'Europe/Brussels')).toBe(at('2022-05-30T16:00:08Z'))
    expect(parseStart('2022-01-10 18:00', 'Europe/Brussels')).toBe(at('2022-01-10T17:00:00Z')) // winter
    expect(parseStart('30/05/2022 6 PM', 'Europe/Brussels')).toBeNull()
    expect(formatStart(at('2023-05-01T08:00:08Z'), { ...starts, step: 8 })).toBe('2023-05-01 10:00:08')
  })

  it('is valid only inside a range and on its grid', () => {
    expect(isValidStart(at('2022-05-30T10:15:00Z'), starts)).toBe(true)
    expect(isValidStart(at('2022-05-30T10:10:00Z'), starts)).toBe(false)
    expect(isValidStart(at('2022-05-30T12:00:00Z'), starts)).toBe(false)
  })

  it('snaps a click to the nearest valid start', () => {
    expect(nearestStart(at('2022-05-30T10:20:00Z'), starts)).toBe(at('2022-05-30T10:15:00Z'))
    expect(nearestStart(at('2022-05-30T03:00:00Z'), starts)).toBe(at('2022-05-30T10:00:00Z'))
    expect(nearestStart(at('2022-05-30T20:00:00Z'), starts)).toBe(at('2022-05-30T21:30:00Z'))
    expect(nearestStart(at('2022-06-30T20:00:00Z'), starts)).toBe(at('2022-05-30T22:15:00Z'))
    expect(nearestStart(0, { ...starts, ranges: [] })).toBeNull()
  })

  it('offers only the days and times that are valid starts', () => {
    expect(startDays(starts)).toEqual(['2022-05-30', '2022-05-31'])
    expect(startTimes('2022-05-30', starts).map((t) => t.label)).toEqual([
      '12:00',
      '12:15',
      '12:30',
      '12:45',
      '13:00',
      '23:30',
      '23:45',
    ])
    expect(startTimes('2022-05-31', starts).map((t) => t.label)).toEqual(['00:00', '00:15'])
    expect(startTimes('2022-05-31', starts)[1].ms).toBe(at('2022-05-30T22:15:00Z'))
    expect(dayOf(at('2022-05-30T22:15:00Z'), 'Europe/Brussels')).toBe('2022-05-31')
  })

  it('names the repeated autumn hour', () => {
    const autumn: Starts = {
      zone: 'Europe/Brussels',
      step: 3600,
      ranges: [{ from: at('2022-10-29T23:00:00Z'), to: at('2022-10-30T02:00:00Z') }],
    }
    expect(startTimes('2022-10-30', autumn).map((t) => t.label)).toEqual([
      '01:00',
      '02:00',
      '02:00 (+01:00, repeated hour)',
      '03:00',
    ])
  })

  it('shades the stretches where no forecast may start', () => {
    const from = at('2022-05-30T00:00:00Z')
    const to = at('2022-05-31T00:00:00Z')
    expect(invalidStretches(starts, from, to)).toEqual([
      { from, to: at('2022-05-30T10:00:00Z') },
      { from: at('2022-05-30T11:00:00Z') + q, to: at('2022-05-30T21:30:00Z') },
      { from: at('2022-05-30T22:15:00Z') + q, to },
    ])
  })
})
