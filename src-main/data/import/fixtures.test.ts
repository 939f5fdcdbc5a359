/** Invariants on every real export in test-data/voisin (files used as they are). */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { voisinFixtures } from '../../test-support/temp-dir'
import type { HomeAccumulator } from './accumulator'
import { parseExportFile } from './parse-export'
import { readExports, type PreparedDataset } from './read-exports'
import { ZoneClock } from '../zone'

const fixture = (path: string) => join(voisinFixtures, path)

/** Invariants every imported dataset must satisfy. */
function checkInvariants(dataset: PreparedDataset) {
  const { instants, columns } = dataset.readings
  for (let i = 1; i < instants.length; i++) expect(instants[i]).toBeGreaterThan(instants[i - 1])
  const days = dataset.analysis.days
  // days are consecutive local dates, cover every reading exactly once
  expect(days.reduce((sum, d) => sum + d.present + d.empty, 0)).toBe(instants.length)
  for (let k = 1; k < days.length; k++) expect(days[k].startMs).toBe(days[k - 1].endMs)
  for (const day of days) {
    expect(day.zero).toBeLessThanOrEqual(day.present)
    expect([23, 24, 25]).toContain((day.endMs - day.startMs) / 3_600_000)
  }
  // p_tot = p_cons + p_prod within 1 W wherever all three are present (float32 storage: + 1e-6 relative)
  const [cons, prod, tot] = columns
  let checked = 0
  for (let i = 0; i < instants.length; i++) {
    if (Number.isNaN(cons[i]) || Number.isNaN(prod[i]) || Number.isNaN(tot[i])) continue
    expect(Math.abs(tot[i] - (cons[i] + prod[i]))).toBeLessThanOrEqual(1 + 1e-6 * Math.abs(tot[i]))
    checked++
  }
  return checked
}

describe('real Voisin exports', () => {
  for (const home of ['CDB001', 'CDB008']) {
    it(`months/${home}: per-day counts agree with the independent pandas report`, async () => {
      const dir = fixture(`months/${home}`)
      const paths = readdirSync(dir).map((name) => join(dir, name))
      const [dataset] = await readExports(paths)
      const expected = JSON.parse(readFileSync(fixture(`months/expected/${home}.days.json`), 'utf8'))
      expect(dataset.home).toBe(expected.home)
      expect(dataset.analysis.intervalSeconds).toBe(expected.intervalSeconds)
      expect(
        dataset.analysis.days.map(({ day, expected, present, empty, zero }) => ({
          day,
          expected,
          present,
          empty,
          zero,
        })),
      ).toEqual(
        expected.days.map(({ day, expected, present, empty, zero }: Record<string, unknown>) => ({
          day,
          expected,
          present,
          empty,
          zero,
        })),
      )
      for (const [k, day] of dataset.analysis.days.entries()) {
        expect(day.completeness).toBeCloseTo(expected.days[k].completeness, 9)
      }
      expect(checkInvariants(dataset)).toBeGreaterThan(10_000)
    })
  }

  it('months/CDB008: the spring DST day has 92 quarter-hours, zero runs and the spike are reported', async () => {
    const dir = fixture('months/CDB008')
    const [dataset] = await readExports(readdirSync(dir).map((name) => join(dir, name)))
    expect(dataset.analysis.days.find((d) => d.day === '2022-03-27')).toMatchObject({
      expected: 92,
      present: 92,
    })
    const codes = Object.fromEntries(dataset.analysis.warnings.map((w) => [w.code, w.count]))
    expect(codes.spikes).toBe(1)
    expect(codes['zero-runs']).toBeGreaterThanOrEqual(1)
    expect(dataset.analysis.stats.min).toBeLessThan(-1e6)
  })

  it('8s/CDB001: a partial first day and a day with 35 % empty and 7 % all-zero rows', async () => {
    const [dataset] = await readExports([fixture('8s/CDB001.csv')])
    expect(dataset.analysis.intervalSeconds).toBe(8)
    expect(dataset.readings.rows).toBe(17_496)
    const [first, second] = dataset.analysis.days
    expect(first).toMatchObject({ day: '2023-05-01', expected: 10_800, empty: 0 })
    expect(1 - first.present / first.expected).toBeCloseTo(0.38, 2)
    expect(second).toMatchObject({ day: '2023-05-02', expected: 10_800, empty: 3_780 })
    expect(second.empty / second.expected).toBeCloseTo(0.35, 2)
    expect(second.zero / second.expected).toBeCloseTo(0.067, 2)
    checkInvariants(dataset)
  })

  it('15min/CDB002 (CRLF, naive local): spring DST day 92 slots, long negative stretches reported', async () => {
    const [dataset] = await readExports([fixture('15min/CDB002_2021_03_15min.csv')])
    expect(dataset.files[0].naive).toBe('local')
    expect(dataset.analysis.days.find((d) => d.day === '2021-03-28')).toMatchObject({
      expected: 92,
      present: 92,
    })
    expect(dataset.analysis.warnings.find((w) => w.code === 'negative-consumption')!.count).toBeGreaterThan(
      500,
    )
    checkInvariants(dataset)
  })

  it('15min/CDB005 (ts first): one lone reading, an 11-day gap of empty days, then complete days', async () => {
    const [dataset] = await readExports([fixture('15min/CDB005_15min.csv')])
    const days = dataset.analysis.days
    expect(days[0]).toMatchObject({ day: '2023-01-01', present: 1 })
    expect(days.slice(1, 11).every((d) => d.present === 0 && d.expected === 96)).toBe(true)
    expect(days[11]).toMatchObject({ day: '2023-01-12', present: 96 })
    checkInvariants(dataset)
  })

  it('15min/CDB001 May 2022: 31 complete days', async () => {
    const [dataset] = await readExports([fixture('15min/CDB001_2022-05-01--2022-05-31_15min.csv')])
    expect(dataset.analysis.days).toHaveLength(31)
    expect(dataset.analysis.days.every((d) => d.present === 96 && d.expected === 96)).toBe(true)
    checkInvariants(dataset)
  })

  it('wide/CDB003 and CDB004 (L3): channels kept, next-midnight reading on its own day, a zero day', async () => {
    const [three] = await readExports([fixture('wide/CDB003.csv')])
    expect(three.readings.columnNames.slice(3)).toEqual(['main-', 'main', 'PV', 'PV-'])
    expect(three.analysis.days.map((d) => [d.day, d.present])).toEqual([
      ['2021-10-29', 10_800],
      ['2021-10-30', 1],
    ])
    checkInvariants(three)
    const [four] = await readExports([fixture('wide/CDB004.csv')])
    expect(four.analysis.days[0]).toMatchObject({ present: 10_800, zero: 10_800 })
    expect(four.analysis.warnings.map((w) => w.code)).toContain('zero-runs')
  })

  it('wide/group_1 (L4): one dataset per home, every home on the same 150 instants', async () => {
    const datasets = await readExports([fixture('wide/group_1.csv')])
    expect(datasets.length).toBeGreaterThan(10)
    expect(new Set(datasets.map((d) => d.home)).size).toBe(datasets.length)
    for (const dataset of datasets) {
      expect(dataset.readings.instants.length).toBe(150)
      expect(dataset.files[0].layout).toBe('L4')
      checkInvariants(dataset)
    }
  })

  it('no household export is flagged by the input checks (timestamps, offsets, day column, ids, columns)', async () => {
    const csvs = (dir: string): string[] =>
      readdirSync(dir).flatMap((entry) => {
        const path = join(dir, entry)
        if (statSync(path).isDirectory()) return csvs(path)
        return entry.endsWith('.csv') ? [path] : []
      })
    const households = csvs(voisinFixtures).filter((path) => !/[\\/](rtu|invalid)[\\/]/.test(path))
    // every household export committed in test-data (the 8-s, 15-min, wide and monthly files)
    expect(households.length).toBeGreaterThanOrEqual(18)
    const clock = new ZoneClock('Europe/Brussels')
    for (const path of households) {
      const files = await parseExportFile(path, new Map<string, HomeAccumulator>(), { clock, naive: 'auto' })
      expect(
        files.flatMap((f) => f.warnings),
        path,
      ).toEqual([])
    }
  })

  it('refuses the substation file and the non-CSV file with clear messages', async () => {
    await expect(readExports([fixture('rtu/rtu_2022-10_60min.csv')])).rejects.toThrow(
      /^rtu_2022-10_60min\.csv, line 1: this is a substation \(RTU\) export/,
    )
    await expect(readExports([fixture('invalid/data_cabine_basse_tension.csv')])).rejects.toThrow(
      /^data_cabine_basse_tension\.csv, line 1: not a Voisin d'Énergie CSV export/,
    )
  })
})
