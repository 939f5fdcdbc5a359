import { describe, expect, it } from 'vitest'
import { fanSeries, levelPercent } from './chart-bands'
import { fillOf, withOpacity } from './chart-data'
import { chartCsv } from './chart-export'

const t = [Date.UTC(2022, 4, 3, 6), Date.UTC(2022, 4, 3, 7)]
const bands = [
  { level: 0.5, lower: [90, 180], upper: [110, 220] },
  { level: 0.95, lower: [40, 100], upper: [160, 300] },
  { level: 0.8, lower: [70, 150], upper: [130, 250] },
]

describe('fan chart series', () => {
  it('gives each band its lower bound then its upper bound filled down to it, widest band first', () => {
    const series = fanSeries('LSTM', t, bands, 1)
    expect(series.map((s) => s.label)).toEqual([
      'LSTM 95 % lower',
      'LSTM 95 % upper',
      'LSTM 80 % lower',
      'LSTM 80 % upper',
      'LSTM 50 % lower',
      'LSTM 50 % upper',
    ])
    // every upper bound fills down to the series just before it: its own lower bound
    for (let i = 0; i < series.length; i += 2) {
      expect(series[i].y).toBe(bands.find((b) => series[i].label.includes(levelPercent(b.level)))!.lower)
      expect(fillOf(series[i])).toBe(false)
      expect(fillOf(series[i + 1])).toBe('-1')
      expect(series[i + 1].y[0]).toBeGreaterThan(series[i].y[0])
    }
    // one legend entry for the fan, no line at either bound, the forecast's colour
    expect(series.filter((s) => !s.quiet).map((s) => s.legendLabel)).toEqual(['LSTM bands (50, 80, 95 %)'])
    expect(fanSeries('LSTM', t, bands.slice(2), 1)[1].legendLabel).toBe('LSTM band (80 %)')
    expect(series.every((s) => s.colorIndex === 1 && (s.quiet || s.lineWidth === 0))).toBe(true)
  })

  it("takes the forecast's own colour when it has one rather than a palette index", () => {
    const series = fanSeries('forecast', t, bands, '#2563eb')
    expect(series.every((s) => s.color === '#2563eb' && s.colorIndex === undefined)).toBe(true)
  })

  it('puts both bounds of every band in the CSV export, as watts', () => {
    const series = [{ label: 'LSTM', x: t, y: [100, 200] }, ...fanSeries('LSTM', t, bands.slice(0, 1), 1)]
    const csv = chartCsv(series, { xType: 'time', zone: 'UTC', yUnit: 'W' }).trimEnd().split('\n')
    expect(csv[0]).toBe('time_utc,time_local (UTC),LSTM (W),LSTM 50 % lower (W),LSTM 50 % upper (W)')
    expect(csv[1]).toBe('2022-05-03T06:00:00.000Z,2022-05-03T06:00:00Z,100,90,110')
    expect(csv[2]).toBe('2022-05-03T07:00:00.000Z,2022-05-03T07:00:00Z,200,180,220')
  })

  it('keeps the other fills as they were, and writes opacities as hex alpha', () => {
    expect(fillOf({ label: 'a', x: [], y: [] })).toBe(false)
    expect(fillOf({ label: 'a', x: [], y: [], fillTo: 0 })).toBe(0)
    expect(fillOf({ label: 'a', x: [], y: [], fillTo: 'origin' })).toBe('origin')
    expect(withOpacity('#2563eb', 0.25)).toBe('#2563eb40')
    expect(withOpacity('#2563eb', 0)).toBe('#2563eb00')
    expect(withOpacity('rgb(1,2,3)', 0.5)).toBe('rgb(1,2,3)')
    expect(levelPercent(0.975)).toBe('97.5 %')
  })
})
