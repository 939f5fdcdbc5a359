import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Library } from '../../db/library'
import { makeTempDir } from '../../test-support/temp-dir'
import { readExports } from '../import/read-exports'
import { storeDatasets } from './store-datasets'
import { loadReadings } from './stored-readings'

let temp: ReturnType<typeof makeTempDir>
let library: Library
beforeEach(async () => {
  temp = makeTempDir('vf-store-')
  library = await Library.open(join(temp.dir, 'lib.sqlite'))
})
afterEach(async () => {
  await library.close()
  temp.remove()
})

describe('storeDatasets', () => {
  it('stores more days than one INSERT batch holds, each day once, and reads every reading back', async () => {
    // 450 days of hourly readings (three batches of days), a day without readings in the middle
    const lines = ['ts,p_cons,p_prod,p_tot']
    const start = Date.UTC(2023, 0, 1)
    for (let h = 0; h < 450 * 24; h++) {
      if (h >= 300 * 24 && h < 301 * 24) continue
      const ts = new Date(start + h * 3_600_000).toISOString()
      lines.push(`${ts},${h % 97 === 0 ? '' : (h % 500) + 0.25},-${h % 7},${h % 3}`)
    }
    const path = join(temp.dir, 'CDB951.csv')
    writeFileSync(path, lines.join('\n') + '\n')
    const prepared = await readExports([path], { zone: 'UTC' })
    const [{ datasetId: id }] = await storeDatasets(library, prepared)

    const counts = await library.get<{ days: number; readings: number; distinctDays: number }>(
      'SELECT COUNT(*) AS days, SUM(count) AS readings, COUNT(DISTINCT day) AS distinctDays FROM dataset_readings WHERE dataset_id = ?',
      [id],
    )
    expect(counts).toEqual({ days: 449, readings: 449 * 24, distinctDays: 449 })
    const summaries = await library.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM dataset_summaries WHERE dataset_id = ?',
      [id],
    )
    // hourly readings keep the one-day level only (levels are at least 4 intervals), per column
    expect(summaries!.n).toBe(3)

    const { readings } = prepared[0]
    const back = await loadReadings(library, id, readings.columnNames, readings.columnNames)
    expect(back.instants).toEqual(readings.instants)
    back.values.forEach((values, c) => expect(values).toEqual(readings.columns[c]))
  })
})
