import { describe, expect, it } from 'vitest'
import { backwardsDays } from './backwards-days'

const HOUR = 3_600_000
/** Four UTC days of hourly readings, built day by day. */
function days(...perDay: ((hour: number) => number)[]): Float64Array {
  return Float64Array.from(perDay.flatMap((f) => Array.from({ length: 24 }, (_, h) => f(h))))
}

describe('backwardsDays: days a meter recorded backwards', () => {
  it('flips the days whose night is negative, not a solar home’s export nor a meter that sees only panels', () => {
    const values = days(
      () => 300, // an ordinary day
      () => -300, // recorded backwards
      (h) => (h === 12 ? 20 : -250), // backwards, with one odd reading by day
      (h) => (h >= 9 && h < 17 ? -900 : 400), // solar export around midday
      (h) => (h >= 7 && h < 20 ? -1500 : 0), // only the panels: negative by day, nothing at night…
    )
    const { signs, days: flipped } = backwardsDays(values, Date.UTC(2022, 4, 1), HOUR, 'UTC')
    expect(flipped).toBe(2)
    const sign = (day: number) => Array.from(new Set(signs.subarray(day * 24, day * 24 + 24)))
    expect([0, 1, 2, 3, 4].map(sign)).toEqual([[1], [-1], [-1], [1], [1]]) // …which keeps the day before's state
  })

  it('gives a day without night readings the state of the day before, or of the first day that tells', () => {
    const nightless = (h: number) => (h < 6 ? NaN : -200)
    const values = days(
      nightless,
      () => -300,
      nightless,
      () => 250,
      nightless,
    )
    const { signs, days: flipped } = backwardsDays(values, Date.UTC(2022, 4, 1), HOUR, 'UTC')
    const sign = (day: number) => signs[day * 24 + 12]
    expect([0, 1, 2, 3, 4].map(sign)).toEqual([-1, -1, -1, 1, 1])
    expect(flipped).toBe(3)
  })

  it('ignores missing readings and zeros when it judges a night, and cuts days at local midnight', () => {
    // from 22:00 UTC on 30 April, the start of 1 May in Brussels (UTC+2)
    const values = days(
      (h) => (h < 2 || h > 6 ? NaN : -100), // a night of negative readings
      (h) => (h % 2 === 0 ? 0 : 150), // positive between the zeros, its night included
    )
    const { signs, days: flipped } = backwardsDays(values, Date.UTC(2022, 3, 30, 22), HOUR, 'Europe/Brussels')
    expect(flipped).toBe(1)
    expect(signs[23]).toBe(-1)
    expect(signs[24]).toBe(1)
  })
})
