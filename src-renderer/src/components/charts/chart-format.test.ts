import { describe, expect, it } from 'vitest'
import { chartCsv, fileStem } from './chart-export'
import { formatHourOfDay, formatInstant, formatValue, timeAxisTitle, zoomedRange } from './chart-format'

describe('time on charts', () => {
  it('names the zone on the axis and prints local time on a 24-hour clock, at the precision of the data', () => {
    expect(timeAxisTitle('Europe/Brussels')).toBe('time (Europe/Brussels)')
    // 06:00Z is 08:00 in Brussels in summer: never "8 AM"
    const six = Date.UTC(2022, 4, 3, 6)
    expect(formatInstant(six, 'Europe/Brussels', 900_000)).toMatch(/^Tue 3 May 2022, 08:00 (CEST|GMT\+2)$/)
    expect(formatInstant(six + 8000, 'Europe/Brussels', 8000)).toMatch(/^Tue 3 May 2022, 08:00:08 /)
    expect(formatInstant(six, 'Europe/Brussels', 86_400_000)).toBe('Tue 3 May 2022')
    expect(formatInstant(six, 'UTC', 900_000)).toBe('Tue 3 May 2022, 06:00 UTC')
  })

  it('prints hours of day 00:00 to 24:00', () => {
    expect([0, 7.5, 23.75, 24].map(formatHourOfDay)).toEqual(['00:00', '07:30', '23:45', '24:00'])
  })
})

describe('values on charts', () => {
  it('gives power a unit and a sensible precision, other values four digits', () => {
    expect(formatValue(912.3456, 'W')).toBe('912 W')
    expect(formatValue(-30e6, 'W')).toBe('−30 MW')
    expect(formatValue(0.012345678, '')).toBe('0.01235')
    expect(formatValue(null, 'W')).toBe('–')
  })
})

describe('zoomedRange', () => {
  const bounds = { min: 0, max: 1000 }
  it('zooms in by the factor around the middle: twice as close halves the range', () => {
    expect(zoomedRange({ min: 0, max: 1000 }, 2, bounds, 10)).toEqual({ min: 250, max: 750 })
    expect(zoomedRange({ min: 250, max: 750 }, 0.5, bounds, 10)).toEqual({ min: 0, max: 1000 })
  })

  it('never leaves the data or shrinks below the smallest span', () => {
    expect(zoomedRange({ min: 0, max: 100 }, 0.25, bounds, 10)).toEqual({ min: 0, max: 400 })
    expect(zoomedRange({ min: 900, max: 1000 }, 0.25, bounds, 10)).toEqual({ min: 600, max: 1000 })
    expect(zoomedRange({ min: 500, max: 520 }, 8, bounds, 10)).toEqual({ min: 505, max: 515 })
  })
})

describe('chart data as CSV', () => {
  it('writes one row per x with both clocks for time, each series in its column with its unit', () => {
    const t0 = Date.UTC(2022, 2, 27, 0, 45)
    const csv = chartCsv(
      [
        { label: 'p_cons (mean)', x: [t0, t0 + 900_000], y: [120, NaN] },
        { label: 'flagged, spike', x: [t0 + 900_000], y: [-30e6] },
      ],
      { xType: 'time', zone: 'Europe/Brussels', yUnit: 'W' },
    )
    expect(csv).toBe(
      'time_utc,time_local (Europe/Brussels),p_cons (mean) (W),"flagged, spike (W)"\n' +
        '2022-03-27T00:45:00.000Z,2022-03-27T01:45:00+01:00,120,\n' +
        '2022-03-27T01:00:00.000Z,2022-03-27T03:00:00+02:00,,-30000000\n',
    )
  })

  it('names the x column of other charts', () => {
    expect(
      chartCsv([{ label: 'loss', x: [1, 2], y: [0.5, 0.25] }], {
        xType: 'linear',
        xLabel: 'epoch',
        zone: 'UTC',
      }),
    ).toBe('epoch,loss\n1,0.5\n2,0.25\n')
    expect(fileStem('Power over time; grey bands are removed days')).toBe(
      'power-over-time-grey-bands-are-removed-days',
    )
  })
})
