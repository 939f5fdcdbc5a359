import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { civilFromDays, daysFromCivil, parseTimestamp } from './timestamps'

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0')

describe('parseTimestamp', () => {
  it('reads every form found in the exports', () => {
    const exact = Date.UTC(2023, 4, 1, 7, 7, 12)
    expect(parseTimestamp('2023-05-01 09:07:12+02:00')).toEqual({
      ms: exact,
      naive: false,
      offsetMinutes: 120,
    })
    expect(parseTimestamp('2023-05-01T07:07:12.000Z')).toEqual({ ms: exact, naive: false, offsetMinutes: 0 })
    expect(parseTimestamp('2023-05-01T09:07:12+0200')).toEqual({
      ms: exact,
      naive: false,
      offsetMinutes: 120,
    })
    expect(parseTimestamp('2023-05-01 04:07:12-03')).toEqual({ ms: exact, naive: false, offsetMinutes: -180 })
    expect(parseTimestamp('2023-05-01 07:07:12-00:00')).toEqual({ ms: exact, naive: false, offsetMinutes: 0 })
    expect(parseTimestamp('2023-05-01 07:07:12.25Z')).toEqual({
      ms: exact + 250,
      naive: false,
      offsetMinutes: 0,
    })
    expect(parseTimestamp('2022-05-08 23:59:52')).toEqual({
      ms: Date.UTC(2022, 4, 8, 23, 59, 52),
      naive: true,
      offsetMinutes: 0,
    })
    expect(parseTimestamp('2022-05-01 00:00')).toEqual({
      ms: Date.UTC(2022, 4, 1),
      naive: true,
      offsetMinutes: 0,
    })
  })

  it('refuses what is not a timestamp', () => {
    for (const text of [
      '',
      'ts',
      '2021-12-3-12-4-14-955986',
      '2023-02-29 00:00:00',
      '2023-13-01 00:00:00',
      '2023-05-01 24:00:00',
      '2023-05-01 10:00:00+25:00',
      '2023-05-01 10:00:00 junk',
      '2023/05/01 10:00:00',
    ]) {
      expect(parseTimestamp(text), text).toBeNull()
    }
  })

  it('round-trips any instant written with any offset and separator (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2090, 0, 1) }),
        fc.integer({ min: -12 * 4, max: 14 * 4 }).map((q) => q * 15),
        fc.constantFrom(' ', 'T'),
        fc.constantFrom('colon', 'compact', 'z'),
        fc.boolean(),
        (instant, offsetMinutes, separator, style, withMillis) => {
          const ms = withMillis ? instant : Math.floor(instant / 1000) * 1000
          const useOffset = style === 'z' ? 0 : offsetMinutes
          const wall = new Date(ms + useOffset * 60_000)
          const sign = useOffset < 0 ? '-' : '+'
          const zone =
            style === 'z'
              ? 'Z'
              : style === 'colon'
                ? `${sign}${pad(Math.trunc(useOffset / 60))}:${pad(useOffset % 60)}`
                : `${sign}${pad(Math.trunc(useOffset / 60))}${pad(useOffset % 60)}`
          const text =
            `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}${separator}` +
            `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}` +
            (withMillis ? `.${pad(wall.getUTCMilliseconds(), 3)}` : '') +
            zone
          expect(parseTimestamp(text)).toEqual({ ms, naive: false, offsetMinutes: useOffset })
        },
      ),
    )
  })

  it('reads naive wall-clock fields exactly as Date.UTC does (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1971-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        (date) => {
          const ms = Math.floor(date.getTime() / 1000) * 1000
          const text = new Date(ms).toISOString().slice(0, 19).replace('T', ' ')
          expect(parseTimestamp(text)).toEqual({ ms, naive: true, offsetMinutes: 0 })
        },
      ),
    )
  })

  it('never throws on arbitrary text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const parsed = parseTimestamp(text)
        if (parsed) expect(Number.isFinite(parsed.ms)).toBe(true)
      }),
    )
  })
})

describe('civil day numbers', () => {
  it('agree with Date for any day (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -50_000, max: 80_000 }), (epochDay) => {
        const date = new Date(epochDay * 86_400_000)
        expect(daysFromCivil(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate())).toBe(epochDay)
        expect(civilFromDays(epochDay)).toBe(date.toISOString().slice(0, 10))
      }),
    )
  })
})
