import { describe, expect, it } from 'vitest'
import { ZoneClock } from '../data/zone'
import { isoInZone, lastFullyObservedStart, nearestRun, startAdvice, validStartRuns } from './forecast-starts'

const N = NaN
const grid = (values: number[]) => Float64Array.from(values)

describe('valid forecast starts', () => {
  it('are the slots whose seqLen slots before are all known, up to just after the data', () => {
    //                    0  1  2  3  4  5  6  7  8
    const values = grid([1, 2, 3, N, 5, 6, 7, 8, N])
    // seqLen 2: o = 2, 3 (slots 0-1, 1-2), then 6, 7, 8 (4-5, 5-6, 6-7); o = 9 needs slot 8
    expect(validStartRuns(values, 2)).toEqual([
      { first: 2, last: 3 },
      { first: 6, last: 8 },
    ])
    expect(validStartRuns(grid([1, 2, 3]), 3)).toEqual([{ first: 3, last: 3 }])
    expect(validStartRuns(grid([1, N, 3]), 2)).toEqual([])
  })

  it('the latest start with every forecast slot known, for the scoring default', () => {
    const values = grid([1, 2, 3, N, 5, 6, 7, 8, N])
    const runs = validStartRuns(values, 2)
    expect(lastFullyObservedStart(values, runs, 2)).toBe(6) // slots 6, 7 known; 7 would need 8
    expect(lastFullyObservedStart(values, runs, 1)).toBe(7)
    expect(lastFullyObservedStart(values, runs, 3)).toBeNull()
  })

  it('the nearest run holds the offset, or is the closest by either end', () => {
    const runs = [
      { first: 2, last: 3 },
      { first: 10, last: 12 },
    ]
    expect(nearestRun(runs, 3)).toBe(runs[0])
    expect(nearestRun(runs, 0)).toBe(runs[0])
    expect(nearestRun(runs, 7)).toBe(runs[1])
    expect(nearestRun(runs, 40)).toBe(runs[1])
    expect(nearestRun([], 4)).toBeNull()
  })
})

describe('instants in the dataset zone', () => {
  const brussels = new ZoneClock('Europe/Brussels')
  it('writes summer and winter offsets, as --from reads them back', () => {
    expect(isoInZone(Date.UTC(2022, 4, 31, 6, 0), brussels)).toBe('2022-05-31T08:00:00+02:00')
    expect(isoInZone(Date.UTC(2022, 0, 5, 23, 30), brussels)).toBe('2022-01-06T00:30:00+01:00')
    expect(Date.parse('2022-05-31T08:00:00+02:00')).toBe(Date.UTC(2022, 4, 31, 6, 0))
    expect(isoInZone(Date.UTC(2022, 0, 5, 23, 30), new ZoneClock('America/St_Johns'))).toBe(
      '2022-01-05T20:00:00-03:30',
    )
  })

  it('advises the nearest range and the latest start', () => {
    const start = Date.UTC(2022, 4, 1, 22, 0) // 2022-05-02 00:00 in Brussels
    const hour = { start, intervalMs: 3_600_000 }
    const runs = [
      { first: 2, last: 3 },
      { first: 10, last: 12 },
    ]
    expect(startAdvice(runs, 0, hour, 'Europe/Brussels')).toBe(
      'the nearest valid starts run from 2022-05-02T02:00:00+02:00 to 2022-05-02T03:00:00+02:00; ' +
        'the latest is 2022-05-02T12:00:00+02:00',
    )
    expect(startAdvice(runs, 30, hour, 'Europe/Brussels')).toBe(
      'the nearest valid starts run from 2022-05-02T10:00:00+02:00 to 2022-05-02T12:00:00+02:00 (the latest)',
    )
    expect(startAdvice([{ first: 4, last: 4 }], 0, hour, 'Europe/Brussels')).toBe(
      'the nearest valid start is 2022-05-02T04:00:00+02:00 (the latest)',
    )
    expect(startAdvice([], 0, hour, 'Europe/Brussels')).toBeNull()
  })
})
