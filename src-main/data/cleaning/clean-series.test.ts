import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Library } from '../../db/library'
import { makeTempDir } from '../../test-support/temp-dir'
import { loadCleanSeries } from './clean-series'
import { cleanDataset } from '../dataset-service'
import { distribution, seriesWindow } from '../inspect/inspect'
import { readExports } from '../import/read-exports'
import { storeDatasets } from '../store/store-datasets'

let temp: ReturnType<typeof makeTempDir>
let library: Library
beforeEach(async () => {
  temp = makeTempDir('vf-clean-')
  library = await Library.open(join(temp.dir, 'lib.sqlite'))
})
afterEach(async () => {
  await library.close()
  temp.remove()
})

/**
 * Two hourly days in UTC: day 1 complete (24 readings, with a one-slot gap at 03:00 that the
 * default recipe fills, an all-zero row at 05:00 and a spike at 07:00), day 2 with 12 readings.
 */
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

describe('loadCleanSeries', () => {
  it('puts readings on the grid, removes incomplete days and flags zero rows and spikes as missing', async () => {
    const id = await importHourly()
    const series = await loadCleanSeries(library, id, 'p_cons', { fillGapsUpToSeconds: 0 })
    expect(series).toMatchObject({
      home: 'CDB950',
      zone: 'UTC',
      intervalSeconds: 3600,
      start: Date.UTC(2023, 0, 2),
    })
    expect(series.keptDays).toEqual(['2023-01-02'])
    expect(series.removedDays).toEqual(['2023-01-03'])
    expect(series.values.length).toBe(48)
    expect(Array.from(series.values.subarray(0, 9))).toEqual([100, 101, 102, NaN, 104, NaN, 106, NaN, 108])
    expect(series.values.subarray(24).every(Number.isNaN)).toBe(true)
  })

  it('fills short gaps by default, keeps zero rows when asked, flips the sign, and resamples', async () => {
    const id = await importHourly()
    const filled = await loadCleanSeries(library, id, 'p_cons')
    expect(filled.values[3]).toBe(103)
    expect(filled.values[5]).toBe(105)
    expect(filled.values[7]).toBe(107)
    const zeros = await loadCleanSeries(library, id, 'p_cons', {
      treatZeroRowsAsMissing: false,
      spikeThresholdW: null,
    })
    expect([zeros.values[5], zeros.values[7]]).toEqual([0, 1_000_000])
    const flipped = await loadCleanSeries(library, id, 'p_prod', { flipSign: true, minCompleteness: 0.4 })
    expect(flipped.values[10]).toBe(10)
    expect(flipped.keptDays).toEqual(['2023-01-02', '2023-01-03'])
    const daily = await loadCleanSeries(library, id, 'p_cons', {
      resampleSeconds: 86_400,
      minCompleteness: 0.4,
    })
    expect(daily.intervalSeconds).toBe(86_400)
    expect(daily.values.length).toBe(2)
    // day 1: 100..123 with 03/05/07 filled on the line → mean 111.5; day 2: 12 of 24 slots → 0.5 ≥ 0.4
    expect(daily.values[0]).toBeCloseTo(111.5, 9)
    expect(daily.values[1]).toBe(50)
  })

  it('uses the saved recipe unless overridden, and saving never touches the readings', async () => {
    const id = await importHourly()
    const before = await library.get<{ n: number; bytes: number }>(
      'SELECT COUNT(*) AS n, SUM(LENGTH(vals)) AS bytes FROM dataset_readings WHERE dataset_id = ?',
      [id],
    )
    const saved = await cleanDataset(library, { datasetId: id, recipe: { minCompleteness: 0.4 }, save: true })
    expect(saved.keptDays).toEqual(['2023-01-02', '2023-01-03'])
    expect((await loadCleanSeries(library, id, 'p_cons')).recipe.minCompleteness).toBe(0.4)
    expect((await loadCleanSeries(library, id, 'p_cons', { minCompleteness: 0.9 })).removedDays).toEqual([
      '2023-01-03',
    ])
    const row = await library.get<{ kept_days: string; recipe: string }>(
      'SELECT kept_days, recipe FROM datasets WHERE id = ?',
      [id],
    )
    expect(JSON.parse(row!.kept_days)).toEqual(['2023-01-02', '2023-01-03'])
    expect(JSON.parse(row!.recipe).minCompleteness).toBe(0.4)
    const after = await library.get(
      'SELECT COUNT(*) AS n, SUM(LENGTH(vals)) AS bytes FROM dataset_readings WHERE dataset_id = ?',
      [id],
    )
    expect(after).toEqual(before)
  })

  it('refuses to resample below the raw interval and unknown datasets', async () => {
    const id = await importHourly()
    await expect(loadCleanSeries(library, id, 'p_cons', { resampleSeconds: 60 })).rejects.toThrow(
      /Cannot resample/,
    )
    await expect(loadCleanSeries(library, 999, 'p_cons')).rejects.toThrow(/No dataset 999/)
  })
})

describe('seriesWindow', () => {
  it('returns the readings when few, an envelope when many, never more than the points asked', async () => {
    const id = await importHourly()
    const all = await seriesWindow(library, { datasetId: id, column: 'p_cons', view: 'raw' })
    expect(all.raw).toBe(true)
    expect(all.x.length).toBe(36) // contiguous hourly readings: no break inserted
    expect(all.readings).toBe(35) // the empty p_cons at 03:00 is not a reading
    const few = await seriesWindow(library, { datasetId: id, column: 'p_cons', points: 10, view: 'raw' })
    expect(few.raw).toBe(false)
    expect(few.x.length).toBe(10)
    const max = Math.max(...few.max.filter((v): v is number => v !== null))
    expect(max).toBe(1_000_000)
  })

  it('shows the cleaned series by default: the spike, the zero row and the removed day hidden, and says where they are', async () => {
    const id = await importHourly()
    const cleaned = await seriesWindow(library, { datasetId: id, column: 'p_cons' })
    expect(cleaned.view).toBe('cleaned')
    // day 1 without 03:00 (empty), 05:00 (zero row) and 07:00 (spike); day 2 is removed (12 of 24 readings)
    expect(cleaned.readings).toBe(21)
    const shown = cleaned.mean.filter((v): v is number => v !== null)
    expect(shown).toHaveLength(21)
    expect(Math.max(...shown)).toBe(123)
    expect(cleaned.flagged).toEqual({
      x: [Date.UTC(2023, 0, 2, 5), Date.UTC(2023, 0, 2, 7)],
      y: [0, 1_000_000],
      reason: ['zero-row', 'spike'],
      count: 2,
    })
    // the same through the summary levels (a coarse window), and with a recipe being edited
    for (const points of [10, 2]) {
      // 2 buckets of a day each come from the cleaned summary's daily level, 10 from the readings
      const coarse = await seriesWindow(library, { datasetId: id, column: 'p_cons', points })
      expect(Math.max(...coarse.max.filter((v): v is number => v !== null))).toBe(123)
      expect(coarse.max.filter((v) => v !== null)).toHaveLength(points === 2 ? 1 : 5)
      expect(coarse.readings).toBe(21)
    }
    const noSpikeFilter = await seriesWindow(library, {
      datasetId: id,
      column: 'p_cons',
      recipe: { spikeThresholdW: null, minCompleteness: 0 },
    })
    expect(noSpikeFilter.readings).toBe(22 + 12)
    expect(noSpikeFilter.flagged.reason).toEqual(['zero-row'])
  })
})

describe('distribution', () => {
  it('counts missing slots of the kept days only, never the slots of removed days', async () => {
    const id = await importHourly()
    // day 2 is removed; day 1's one-slot holes (03:00 empty, 05:00 zero row, 07:00 spike) are filled
    const filled = await distribution(library, id, 'p_cons')
    expect([filled.total, filled.missing]).toEqual([24, 0])
    await cleanDataset(library, { datasetId: id, recipe: { fillGapsUpToSeconds: 0 }, save: true })
    const holes = await distribution(library, id, 'p_cons')
    expect([holes.total, holes.missing]).toEqual([21, 3])
  })
})

describe('defaultSamplesDir', () => {
  it('points at resources/samples two levels up, unpacked next to app.asar when packaged', async () => {
    const { defaultSamplesDir } = await import('../dataset-service')
    expect(defaultSamplesDir('/repo/out/main', () => false)).toBe('/repo/resources/samples')
    expect(defaultSamplesDir('/opt/VF/resources/app.asar/out/main', () => true)).toBe(
      '/opt/VF/resources/app.asar.unpacked/resources/samples',
    )
    expect(defaultSamplesDir('/opt/VF/resources/app.asar/out/main', () => false)).toBe(
      '/opt/VF/resources/app.asar/resources/samples',
    )
  })
})
