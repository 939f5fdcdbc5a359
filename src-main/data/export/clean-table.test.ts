import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Library } from '../../db/library'
import { makeTempDir } from '../../test-support/temp-dir'
import { loadCleanSeries } from '../cleaning/clean-series'
import { readExports } from '../import/read-exports'
import { storeDatasets } from '../store/store-datasets'
import { loadCleanTable } from './clean-table'
import { localIso, tableToCsv } from './data-csv'
import { ZoneClock } from '../zone'

let temp: ReturnType<typeof makeTempDir>
let library: Library
beforeEach(async () => {
  temp = makeTempDir('vf-export-')
  library = await Library.open(join(temp.dir, 'lib.sqlite'))
})
afterEach(async () => {
  await library.close()
  temp.remove()
})

/** Day 1 hourly and complete but for an empty reading (03:00), a zero row (05:00), a spike (07:00); day 2 half empty. */
async function importHourly(): Promise<number> {
  const lines = ['ts,p_cons,p_prod,p_tot']
  for (let h = 0; h < 24; h++) {
    const ts = `2023-01-02 ${String(h).padStart(2, '0')}:00:00Z`
    if (h === 3) lines.push(`${ts},,0,`)
    else if (h === 5) lines.push(`${ts},0,0,0`)
    else if (h === 7) lines.push(`${ts},1000000,0,1000000`)
    else lines.push(`${ts},${100 + h},-${h},${100}`)
  }
  for (let h = 0; h < 12; h++) lines.push(`2023-01-03 ${String(h).padStart(2, '0')}:00:00Z,50,0,50`)
  const path = join(temp.dir, 'CDB950.csv')
  writeFileSync(path, lines.join('\n') + '\n')
  const [{ datasetId }] = await storeDatasets(library, await readExports([path], { zone: 'UTC' }))
  return datasetId
}

describe('loadCleanTable', () => {
  it('is the cleaned series a model trains on, with a flag per slot saying what the recipe did', async () => {
    const id = await importHourly()
    const table = await loadCleanTable(library, id)
    const series = await loadCleanSeries(library, id, 'p_cons')
    expect(table.columns).toEqual(['p_cons', 'p_prod', 'p_tot'])
    expect(Array.from(table.values[0])).toEqual(Array.from(series.values))
    expect(table.flags).toHaveLength(48)
    expect(table.flags.slice(0, 9)).toEqual([
      '',
      '',
      '',
      'filled:missing',
      '',
      'filled:zero-row',
      '',
      'filled:spike',
      '',
    ])
    expect(new Set(table.flags.slice(24))).toEqual(new Set(['removed:incomplete']))
    expect(table.values[0].subarray(24).every(Number.isNaN)).toBe(true)
  })

  it('keeps every reading as imported with --raw, flags still saying what the recipe would remove', async () => {
    const id = await importHourly()
    const raw = await loadCleanTable(library, id, { raw: true })
    expect(raw.values[0][7]).toBe(1_000_000)
    expect(raw.values[0][5]).toBe(0)
    expect(raw.values[0][24]).toBe(50)
    expect(raw.flags.slice(3, 8)).toEqual(['missing', '', 'zero-row', '', 'spike'])
    expect(raw.flags[24]).toBe('removed:incomplete')
  })

  it('resamples as the cleaned series does, and refuses a bin finer than the readings', async () => {
    const id = await importHourly()
    const table = await loadCleanTable(library, id, { resampleSeconds: 7200 })
    const series = await loadCleanSeries(library, id, 'p_cons', { resampleSeconds: 7200 })
    expect(table.intervalSeconds).toBe(7200)
    expect(Array.from(table.values[0])).toEqual(Array.from(series.values))
    expect(table.flags[12]).toBe('removed:incomplete')
    await expect(loadCleanTable(library, id, { resampleSeconds: 60 })).rejects.toThrow(/Cannot resample/)
  })
})

describe('tableToCsv', () => {
  it('writes one row per slot: UTC and local time with its offset, watts, the flag', async () => {
    const id = await importHourly()
    const lines = tableToCsv(await loadCleanTable(library, id))
      .trimEnd()
      .split('\n')
    expect(lines[0]).toBe('time_utc,time_local,p_cons_w,p_prod_w,p_tot_w,flag')
    expect(lines).toHaveLength(49)
    expect(lines[1]).toBe('2023-01-02T00:00:00Z,2023-01-02T00:00:00+00:00,100,0,100,')
    expect(lines[8]).toMatch(/^2023-01-02T07:00:00Z,[^,]+,107,/)
    expect(lines[8].endsWith(',filled:spike')).toBe(true)
    expect(lines[25]).toBe('2023-01-03T00:00:00Z,2023-01-03T00:00:00+00:00,,,,removed:incomplete')
  })

  it('gives local times across a DST change with the offset of each instant', () => {
    const brussels = new ZoneClock('Europe/Brussels')
    expect(localIso(Date.UTC(2022, 2, 27, 0, 45), brussels)).toBe('2022-03-27T01:45:00+01:00')
    expect(localIso(Date.UTC(2022, 2, 27, 1, 0), brussels)).toBe('2022-03-27T03:00:00+02:00')
  })
})
