/**
 * The parallel parse (`parse-parallel.ts`) against the sequential one on the same inputs: the
 * threshold is lowered through `parallel.minBytes` so that multi-MB files and the real fixtures
 * go through the threads.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir, voisinFixtures } from '../../test-support/temp-dir'
import type { HomeAccumulator } from './accumulator'
import { parseExportFile } from './parse-export'
import { parseExportFileParallel } from './parse-parallel'
import { readExports, type PreparedDataset } from './read-exports'
import { plausibleSpan } from './row-checks'
import { startParseThread } from './start-parse-thread'
import { civilFromDays } from './timestamps'
import { ZoneClock } from '../zone'

let temp: ReturnType<typeof makeTempDir>
beforeEach(() => (temp = makeTempDir('vf-parallel-')))
afterEach(() => temp.remove())

/**
 * An 8-s export of `rows` readings from 2023-10-28 (the autumn change inside): empty p_cons every
 * 97th row, all-zero rows, a 2-hour gap, two homes in blocks when `twoHomes`, naive local
 * timestamps when `naive`, `day` the UTC date (so the rows of the last hour or two before local
 * midnight contradict ts). `bad` replaces the p_cons of those 0-based data rows with "oops",
 * `from1970` their timestamps with 1970's, `offset` writes them at +01:00 instead of Z;
 * `noteTextFrom` adds a `note` column, numeric before that row and text from it on.
 */
function generate(
  name: string,
  rows: number,
  opts: {
    naive?: boolean
    twoHomes?: boolean
    bad?: number[]
    from1970?: number[]
    offset?: number[]
    noteTextFrom?: number
  } = {},
) {
  const note = opts.noteTextFrom !== undefined
  const lines = [`home_id,day,ts,p_cons,p_prod,p_tot${note ? ',note' : ''}`]
  const start = Date.UTC(2023, 9, 27, 22)
  for (let i = 0; i < rows; i++) {
    if (i >= 5000 && i < 5900) continue
    const t = start + i * 8000
    const home = opts.twoHomes && Math.floor(i / 20_000) % 2 === 1 ? 'GEN002' : 'GEN001'
    const iso = new Date(t).toISOString()
    let ts = opts.naive ? new Date(t + 3_600_000).toISOString().slice(0, 19).replace('T', ' ') : iso
    if (opts.from1970?.includes(i)) ts = ts.replace(/^\d{4}-\d\d-\d\d/, '1970-01-01')
    if (opts.offset?.includes(i)) ts = new Date(t + 3_600_000).toISOString().slice(0, 19) + '+01:00'
    const zero = i % 1000 < 3
    const cons = opts.bad?.includes(i)
      ? 'oops'
      : zero
        ? '0.0'
        : i % 97 === 0
          ? ''
          : (250 + (i % 613) * 0.5).toFixed(1)
    const prod = zero ? '0.0' : (i % 200).toFixed(1)
    const noteCell = note ? `,${i < opts.noteTextFrom! ? i % 7 : 'checked'}` : ''
    lines.push(
      `${home},${iso.slice(0, 10)},${ts},${cons},${prod},${zero ? '0.0' : cons === '' ? '' : '1.5'}${noteCell}`,
    )
  }
  const path = join(temp.dir, name)
  writeFileSync(path, lines.join('\n') + '\n')
  return path
}

/** Everything an import stores and reports, with the columns as raw bytes (NaN bit patterns included). */
function stored(datasets: PreparedDataset[]) {
  const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64')
  return datasets.map((d) => ({
    home: d.home,
    instants: bytes(d.readings.instants),
    columns: d.readings.columns.map(bytes),
    readings: { ...d.readings, instants: null, columns: null },
    analysis: d.analysis,
    files: d.files,
  }))
}

const lastPlausibleDay = () => civilFromDays(Math.floor((plausibleSpan().toMs - 1) / 86_400_000))

const sequential = (paths: string[]) => readExports(paths, { parallel: { threads: 1 } })
/** Through the threads; a fallback to the sequential parse would make the comparison vacuous. */
const parallel = (paths: string[], threads = 2) =>
  readExports(paths, {
    parallel: {
      threads,
      minBytes: 0,
      onFallback: (reason) => {
        throw new Error(`fell back to the sequential parse: ${reason}`)
      },
    },
  })

describe('parallel parse: the same result as the sequential parse', () => {
  it('a generated multi-MB file (offsets, two homes), on 2 and 3 threads', async () => {
    const path = generate('GEN001.csv', 60_000, { twoHomes: true })
    const expected = stored(await sequential([path]))
    expect(expected).toHaveLength(2)
    expect(stored(await parallel([path]))).toEqual(expected)
    expect(stored(await parallel([path], 3))).toEqual(expected)
  })

  it('a generated file with naive local timestamps across the autumn change', async () => {
    const path = generate('GEN003.csv', 40_000, { naive: true })
    const expected = stored(await sequential([path]))
    expect(expected[0].files[0].naive).toBe('local')
    expect(stored(await parallel([path], 3))).toEqual(expected)
  })

  it('a file with empty lines before the header and CRLF line ends', async () => {
    const source = generate('GEN008.csv', 30_000, { twoHomes: true })
    const path = join(temp.dir, 'GEN009.csv')
    writeFileSync(path, '\r\n\n' + readFileSync(source, 'utf8').replaceAll('\n', '\r\n'))
    expect(stored(await parallel([path], 3))).toEqual(stored(await sequential([path])))
  })

  it('the checks: skipped 1970 rows, day contradictions and a column turning to text, with the file lines', async () => {
    const path = generate('GEN010.csv', 50_000, {
      twoHomes: true,
      from1970: [30_000, 31_000, 45_000],
      noteTextFrom: 40_000,
    })
    const expected = stored(await sequential([path]))
    const warnings = expected.flatMap((d) =>
      d.analysis.warnings.map((w) => `${d.home} ${w.code} ${w.count}: ${w.message}`),
    )
    // 30 000 and 31 000 are GEN002's (rows 20 000–39 999), 45 000 GEN001's; line = row + 2 − the 900-row gap
    expect(warnings).toContain(
      'GEN002 implausible-timestamps 2: GEN010.csv: 2 rows with a timestamp outside 2000-01-01 – ' +
        `${lastPlausibleDay()} were skipped (the first at line 29102: "1970-01-01T16:40:00.000Z").`,
    )
    expect(warnings.filter((w) => w.includes('column-ignored'))).toEqual([
      'GEN001 column-ignored 1: GEN010.csv: column "note" ignored: it holds text ("checked" at line 39102), not numbers.',
      'GEN002 column-ignored 1: GEN010.csv: column "note" ignored: it holds text ("checked" at line 39102), not numbers.',
    ])
    // the UTC date in `day`: the last one or two hours before each local midnight
    expect(warnings.filter((w) => w.includes('day-mismatch'))).toEqual([
      'GEN001 day-mismatch 2250: GEN010.csv: 2250 rows whose day column is not the local date of ts in ' +
        'Europe/Brussels (the first at line 2: day 2023-10-27, ts on 2023-10-28).',
      'GEN002 day-mismatch 900: GEN010.csv: 900 rows whose day column is not the local date of ts in ' +
        'Europe/Brussels (the first at line 21152: day 2023-10-29, ts on 2023-10-30).',
    ])
    expect(stored(await parallel([path]))).toEqual(expected)
    expect(stored(await parallel([path], 3))).toEqual(expected)
  })

  it('the real fixtures (8-s, 15-min, wide multi-home, group channels), each alone and together', async () => {
    const paths = ['8s/CDB001.csv', '15min/CDB005_15min.csv', 'wide/CDB003.csv', 'wide/group_1.csv'].map(
      (p) => join(voisinFixtures, p),
    )
    for (const path of paths) expect(stored(await parallel([path]))).toEqual(stored(await sequential([path])))
    expect(stored(await parallel(paths))).toEqual(stored(await sequential(paths)))
  })
})

describe('parallel parse: refusals, failures and cancel', () => {
  it('a bad value in the second half names the file line, as the sequential parse does', async () => {
    const path = generate('GEN004.csv', 50_000, { bad: [45_000] })
    // 45 000 data rows before it less the 900 of the gap, plus the header: line 44 102
    const message = 'GEN004.csv, line 44102: p_cons value "oops" is not a number.'
    await expect(sequential([path])).rejects.toThrow(message)
    await expect(parallel([path])).rejects.toThrow(message)
    await expect(parallel([path], 4)).rejects.toThrow(message)
  })

  it('reports the first bad line in the file when both halves have one', async () => {
    const path = generate('GEN005.csv', 50_000, { bad: [10_000, 45_000] })
    await expect(parallel([path])).rejects.toThrow(
      'GEN005.csv, line 9102: p_cons value "oops" is not a number.',
    )
  })

  it('mixed UTC offsets in the second half: the whole-file refusal names the file lines', async () => {
    const path = generate('GEN011.csv', 50_000, { offset: [44_000, 44_001] })
    const message =
      'GEN011.csv, line 2: mixed UTC offsets: +00:00 here, +01:00 at line 43102, while Europe/Brussels is at ' +
      '+02:00 at this instant (49098 of 49100 rows do not follow Europe/Brussels); re-export the file, or import ' +
      'it with the zone its offsets follow.'
    await expect(sequential([path])).rejects.toThrow(message)
    await expect(parallel([path])).rejects.toThrow(message)
    await expect(parallel([path], 4)).rejects.toThrow(message)
  })

  it('falls back to the sequential parse when a thread cannot start, crashes or stops', async () => {
    const path = generate('GEN006.csv', 30_000)
    const reasons: string[] = []
    /** The home's rows, instants and file records after a parse of `path`. */
    const parse = async (start?: () => Worker) => {
      const homes = new Map<string, HomeAccumulator>()
      const options = {
        clock: new ZoneClock('Europe/Brussels'),
        naive: 'auto' as const,
        size: statSync(path).size,
        threads: 2,
        start,
        onFallback: (reason: string) => reasons.push(reason),
      }
      const files = start
        ? await parseExportFileParallel(path, homes, options)
        : await parseExportFile(path, homes, options)
      const home = homes.get('GEN001')!
      return { files, rows: home.length, instants: Array.from(home.instants.view()), segments: home.segments }
    }
    const expected = await parse()
    const cannotStart = () => {
      throw new Error('no threads here')
    }
    expect(await parse(cannotStart)).toEqual(expected)
    expect(await parse(() => new Worker('throw new Error("boom")', { eval: true }))).toEqual(expected)
    expect(await parse(() => new Worker('process.exit(3)', { eval: true }))).toEqual(expected)
    expect(reasons).toEqual([
      'cannot start a parse thread: no threads here',
      'boom',
      'parse thread stopped (exit code 3)',
    ])
  })

  it('a cancel stops the threads and propagates, adding nothing to the homes', async () => {
    const path = generate('GEN007.csv', 60_000)
    const exited: boolean[] = []
    const homes = new Map<string, HomeAccumulator>()
    const cancel = new Error('cancelled')
    const run = parseExportFileParallel(path, homes, {
      clock: new ZoneClock('Europe/Brussels'),
      naive: 'auto',
      size: statSync(path).size,
      threads: 2,
      start: (job) => {
        const thread = startParseThread(job)
        const k = exited.push(false) - 1
        thread.once('exit', () => (exited[k] = true))
        return thread
      },
      checkpoint: async () => {
        throw cancel
      },
    })
    await expect(run).rejects.toBe(cancel)
    expect(exited).toEqual([true, true])
    expect(homes.size).toBe(0)
  })
})
