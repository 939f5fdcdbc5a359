import { describe, expect, it } from 'vitest'
import { expectedReadings, ZoneClock } from './zone'

const brussels = new ZoneClock('Europe/Brussels')

describe('ZoneClock (Europe/Brussels)', () => {
  it('knows the length of DST days', () => {
    const spring = brussels.dayOfDate('2022-03-27')
    const autumn = brussels.dayOfDate('2021-10-31')
    const normal = brussels.dayOfDate('2022-05-10')
    expect(spring.startMs).toBe(Date.UTC(2022, 2, 26, 23))
    expect(spring.endMs - spring.startMs).toBe(23 * 3_600_000)
    expect(autumn.endMs - autumn.startMs).toBe(25 * 3_600_000)
    expect([8, 900, 3600].map((s) => expectedReadings(spring, s))).toEqual([10_350, 92, 23])
    expect([8, 900, 3600].map((s) => expectedReadings(autumn, s))).toEqual([11_250, 100, 25])
    expect([8, 900, 3600].map((s) => expectedReadings(normal, s))).toEqual([10_800, 96, 24])
  })

  it('maps wall-clock times to instants, both readings of the repeated autumn hour', () => {
    const wall = Date.UTC(2021, 9, 31, 2, 30)
    expect(brussels.wallToUtc(wall)).toBe(Date.UTC(2021, 9, 31, 0, 30))
    expect(brussels.wallToUtc(wall, true)).toBe(Date.UTC(2021, 9, 31, 1, 30))
    expect(brussels.isAmbiguous(wall)).toBe(true)
    expect(brussels.wallToUtc(Date.UTC(2022, 0, 10, 12))).toBe(Date.UTC(2022, 0, 10, 11))
    expect(brussels.wallToUtc(Date.UTC(2022, 6, 10, 12))).toBe(Date.UTC(2022, 6, 10, 10))
  })

  it('buckets instants into local days', () => {
    expect(brussels.dayOf(Date.UTC(2022, 4, 31, 22, 30)).day).toBe('2022-06-01')
    expect(brussels.dayOf(Date.UTC(2022, 4, 31, 21, 59)).day).toBe('2022-05-31')
    expect(brussels.offsetAt(Date.UTC(2022, 0, 1))).toBe(3_600_000)
  })

  it('refuses an unknown zone with a readable message', () => {
    expect(() => new ZoneClock('Mars/Olympus')).toThrow(/Unknown time zone "Mars\/Olympus"/)
  })
})
