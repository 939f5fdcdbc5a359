/**
 * The measured work of the import benchmark, one mode per process: our full import, our parse
 * stage alone, and the same parse stage written with papaparse and with csv-parse (each turning
 * the file into the same typed columns, so the outputs can be compared by checksum).
 */
import { createReadStream } from 'node:fs'
import { parse as csvParse } from 'csv-parse'
import Papa from 'papaparse'
import type { HomeAccumulator } from '../data/import/accumulator'
import { Library } from '../db/library'
import { GrowableFloat32, GrowableFloat64 } from '../data/import/growable'
import { parseExportFile } from '../data/import/parse-export'
import { readExports } from '../data/import/read-exports'
import { storeDatasets } from '../data/store/store-datasets'
import { ZoneClock } from '../data/zone'

export interface StageResult {
  mode: string
  rows: number
  seconds: number
  /** sum of p_cons over non-empty readings and of the instants, to check parsers agree */
  checksum: string
  stages?: Record<string, number>
}

function checksum(instants: Float64Array, cons: Float32Array): string {
  let t = 0
  let c = 0
  for (let i = 0; i < instants.length; i++) {
    t += instants[i] / 1e6
    if (!Number.isNaN(cons[i])) c += cons[i]
  }
  return `${t.toFixed(0)}:${c.toFixed(0)}`
}

/** Columns of the L1 layout from string cells, the way a library parser hands them over. */
class StringRows {
  instants = new GrowableFloat64()
  cons = new GrowableFloat32()
  prod = new GrowableFloat32()
  tot = new GrowableFloat32()
  add(cells: string[]) {
    if (cells[0] === 'home_id' || cells.length < 6) return
    this.instants.push(Date.parse(cells[2].replace(' ', 'T')))
    this.cons.push(cells[3] === '' ? NaN : Number(cells[3]))
    this.prod.push(cells[4] === '' ? NaN : Number(cells[4]))
    this.tot.push(cells[5] === '' ? NaN : Number(cells[5]))
  }
}

export async function parserStage(mode: string, file: string, db: string): Promise<StageResult> {
  const t0 = performance.now()
  if (mode === 'import') {
    const prepared = await readExports([file])
    const t1 = performance.now()
    const library = await Library.open(db)
    await storeDatasets(library, prepared)
    await library.close()
    const t2 = performance.now()
    const r = prepared[0].readings
    return {
      mode,
      rows: r.rows,
      seconds: (t2 - t0) / 1000,
      checksum: checksum(r.instants, r.columns[0]),
      stages: { 'parse + analyse': (t1 - t0) / 1000, store: (t2 - t1) / 1000 },
    }
  }
  if (mode === 'own-parse') {
    const homes = new Map<string, HomeAccumulator>()
    await parseExportFile(file, homes, { clock: new ZoneClock('Europe/Brussels'), naive: 'auto' })
    const home = [...homes.values()][0]
    return {
      mode,
      rows: home.length,
      seconds: (performance.now() - t0) / 1000,
      checksum: checksum(home.instants.view(), home.columns.get('p_cons')!.view()),
    }
  }
  const rows = new StringRows()
  if (mode === 'papaparse') {
    await new Promise<void>((resolve, reject) => {
      Papa.parse(createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }), {
        fastMode: true,
        skipEmptyLines: true,
        chunk: (results: Papa.ParseResult<string[]>) => {
          for (const cells of results.data) rows.add(cells)
        },
        complete: () => resolve(),
        error: (error: Error) => reject(error),
      })
    })
  } else if (mode === 'csv-parse') {
    const parser = createReadStream(file, { highWaterMark: 1 << 20 }).pipe(
      csvParse({ relax_column_count: true }),
    )
    for await (const cells of parser as AsyncIterable<string[]>) rows.add(cells)
  } else throw new Error(`unknown mode ${mode}`)
  return {
    mode,
    rows: rows.instants.length,
    seconds: (performance.now() - t0) / 1000,
    checksum: checksum(rows.instants.view(), rows.cons.view()),
  }
}
