import { describe, expect, it } from 'vitest'
import { analyseReadings, inferInterval } from './analyse-readings'
import type { MergedReadings } from '../import/merge-readings'
import { ZoneClock } from '../zone'

const utc = new ZoneClock('UTC')

/** Readings at the given minutes of 2023-01-02 (UTC), p_cons / p_prod / p_tot per row. */
function readings(minutes: number[], rows: [number, number, number][]): MergedReadings {
  const zero = Uint8Array.from(rows, ([c, p, t]) => (c === 0 && p === 0 && t === 0 ? 1 : 0))
  return {
    home: 'T',
    instants: Float64Array.from(minutes, (m) => Date.UTC(2023, 0, 2) + m * 60_000),
    columnNames: ['p_cons', 'p_prod', 'p_tot'],
    columns: [0, 1, 2].map((k) => Float32Array.from(rows, (r) => r[k])),
    zero,
    rows: rows.length,
    duplicates: 0,
    conflicting: 0,
  }
}

const codes = (r: MergedReadings) =>
  Object.fromEntries(analyseReadings(r, utc).warnings.map((w) => [w.code, w.count]))

describe('inferInterval', () => {
  it('takes the most frequent step and counts the steps that are not multiples of it', () => {
    const instants = Float64Array.from([0, 900, 1800, 3600, 3700, 4500].map((s) => s * 1000))
    // steps 900, 900, 1800, 100, 800: mode 900; 100 and 800 are off the grid
    expect(inferInterval(instants)).toEqual({ intervalSeconds: 900, offGrid: 2 })
  })
})

describe('warnings', () => {
  it('flat lines: the same non-zero p_cons for 2 h or more', () => {
    const minutes = Array.from({ length: 10 }, (_, i) => i * 15)
    // 9 equal readings in a row = 8 steps of 15 min = 2 h
    const rows = minutes.map((_, i): [number, number, number] => [i === 0 ? 5 : 42, 0, i === 0 ? 5 : 42])
    expect(codes(readings(minutes, rows))['flat-lines']).toBe(1)
    // one different reading in the middle breaks it into two short stretches
    rows[5] = [43, 0, 43]
    expect(codes(readings(minutes, rows))['flat-lines']).toBeUndefined()
  })

  it('p_tot ≠ p_cons + p_prod by more than 1 W', () => {
    const minutes = [0, 15, 30, 45]
    const rows: [number, number, number][] = [
      [100, -20, 80],
      [100, -20, 80.9],
      [100, -20, 82],
      [NaN, 0, NaN],
    ]
    expect(codes(readings(minutes, rows))['p-tot-mismatch']).toBe(1)
  })

  it('zero runs count runs of at least 15 minutes of all-zero rows', () => {
    const minutes = Array.from({ length: 12 }, (_, i) => i * 5)
    const rows = minutes.map((m): [number, number, number] => (m >= 10 && m < 30 ? [0, 0, 0] : [1, 0, 1]))
    rows[10] = [0, 0, 0] // a lone zero row (5 min) is not a run
    const analysis = analyseReadings(readings(minutes, rows), utc)
    expect(analysis.warnings.find((w) => w.code === 'zero-runs')?.count).toBe(1)
    expect(analysis.days[0]).toMatchObject({ expected: 288, present: 12, zero: 5 })
  })

  it('mixed intervals are reported, not refused', () => {
    const minutes = [0, 15, 30, 45, 52, 60, 75]
    const rows = minutes.map((): [number, number, number] => [1, 0, 1])
    expect(codes(readings(minutes, rows))['mixed-intervals']).toBe(2)
  })

  it('one glitch row is one warning, in words with the right plural, never "a meter installed backwards?"', () => {
    const minutes = Array.from({ length: 8 }, (_, i) => i * 15)
    const rows = minutes.map((_, i): [number, number, number] => [900 + i, 0, 900 + i])
    rows[4] = [-30e6, 0, -29e6] // negative, a spike, and p_tot disagrees
    const warnings = analyseReadings(readings(minutes, rows), utc).warnings
    expect(warnings.map((w) => w.code)).toEqual(['spikes'])
    expect(warnings[0].message).toBe(
      '1 reading with |p| ≥ 100 kW, p_cons down to −30 MW: a measurement glitch, usually next to gaps; ' +
        'cleaning treats it as missing. It is negative and breaks p_tot = p_cons + p_prod as well; other warnings do not count it again.',
    )
  })

  it('suggests a backwards meter only when negative readings are common', () => {
    const minutes = Array.from({ length: 40 }, (_, i) => i * 15)
    const few = minutes.map((_, i): [number, number, number] => [i === 3 ? -35 : 500, 0, i === 3 ? -35 : 500])
    const fewWarning = analyseReadings(readings(minutes, few), utc).warnings[0]
    expect(fewWarning.message).toBe(
      '1 p_cons reading is negative (2.5 %): too few for a meter installed backwards; look at it in the raw series.',
    )
    const many = minutes.map((_, i): [number, number, number] => (i % 2 ? [-400, 0, -400] : [400, 0, 400]))
    expect(analyseReadings(readings(minutes, many), utc).warnings[0].message).toMatch(
      /^50\.0 % of the p_cons readings are negative \(a meter installed backwards\?\)/,
    )
  })

  it('says "1 run", "1 reading" and "1 step", never "1 runs"', () => {
    const minutes = [0, 5, 10, 15, 20, 25, 30, 37]
    const rows = minutes.map((m): [number, number, number] => (m >= 5 && m < 25 ? [0, 0, 0] : [1, 0, 1]))
    const messages = analyseReadings(readings(minutes, rows), utc)
      .warnings.map((w) => w.message)
      .join('\n')
    expect(messages).toContain('1 run of all-zero rows (4 readings, longest')
    expect(messages).toContain('1 step between readings is not a multiple of the 300 s interval')
    expect(messages).not.toMatch(/\b1 (runs|readings|steps|days)\b/)
  })
})
