/**
 * `npm run bench:import`: imports a realistic one-year 8-second file (fixed seed; gaps, zero
 * runs, empty fields, spikes, both DST changes) end to end (parse, analyse, store) and reports
 * rows/s, MB/s, peak RSS and chart-window latency; then compares the parse stage with the
 * library CSV parsers we considered (papaparse, csv-parse), and our parse stage on one thread
 * with the same on two threads (`parse-parallel.ts`). Each measurement runs in its own process so
 * peak RSS is that of the measured work only, from a bundle of this file (bundle-for-bench.ts: the code
 * as the app runs it, not transpiled module by module by tsx). `--json` prints one JSON object.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { Library } from '../db/library'
import type { HomeAccumulator } from '../data/import/accumulator'
import { seriesWindow } from '../data/inspect/inspect'
import { parseExportFileParallel } from '../data/import/parse-parallel'
import { ZoneClock } from '../data/zone'
import { bundleForBench } from './bundle-for-bench'
import { parserStage, type StageResult } from './parser-stage'
import { writeSyntheticYear } from './synthetic-year'

const SEED = 20261125

interface ChildResult extends StageResult {
  maxRssMB: number
  /** CPU time of the child (user + system): the work's cost whatever else runs on the machine */
  cpuSeconds: number
}

function runChild(bundle: string, args: string[]): ChildResult {
  const out = execFileSync(process.execPath, [bundle, '--child', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  })
  return JSON.parse(out.trim().split('\n').pop()!)
}

/** Our parse stage on two threads, reported like `parserStage`'s `own-parse` (same checksum). */
async function twoThreadParse(file: string): Promise<StageResult> {
  const t0 = performance.now()
  const homes = new Map<string, HomeAccumulator>()
  await parseExportFileParallel(file, homes, {
    clock: new ZoneClock('Europe/Brussels'),
    naive: 'auto',
    size: statSync(file).size,
    threads: 2,
    onFallback: (reason) => {
      throw new Error(`the threads failed (${reason}): not a two-thread measurement`)
    },
  })
  const seconds = (performance.now() - t0) / 1000
  const home = [...homes.values()][0]
  const instants = home.instants.view()
  const cons = home.columns.get('p_cons')!.view()
  // parser-stage.ts's checksum, so the two rows of the table can be compared
  let t = 0
  let c = 0
  for (let i = 0; i < instants.length; i++) {
    t += instants[i] / 1e6
    if (!Number.isNaN(cons[i])) c += cons[i]
  }
  return { mode: 'own-parse-2t', rows: home.length, seconds, checksum: `${t.toFixed(0)}:${c.toFixed(0)}` }
}

async function child(mode: string, file: string, db: string) {
  const cpu0 = process.cpuUsage()
  const result = mode === 'own-parse-2t' ? await twoThreadParse(file) : await parserStage(mode, file, db)
  const cpu = process.cpuUsage(cpu0)
  const maxRssMB = process.resourceUsage().maxRSS / 1024
  process.stdout.write(
    JSON.stringify({ ...result, maxRssMB, cpuSeconds: (cpu.user + cpu.system) / 1e6 }) + '\n',
  )
}

async function queryLatency(db: string) {
  const library = await Library.open(db)
  const { id } = (await library.get<{ id: number }>('SELECT MAX(id) AS id FROM datasets'))!
  const range = (await library.get<{ start: number; end: number }>(
    'SELECT MIN(start_ms) AS start, MAX(end_ms) AS end FROM dataset_days WHERE dataset_id = ?',
    [id],
  ))!
  const windows: [string, number, number][] = [
    ['whole year', range.start, range.end],
    ['one month', range.start + 150 * 86_400_000, range.start + 180 * 86_400_000],
    ['one week', range.start + 200 * 86_400_000, range.start + 207 * 86_400_000],
    ['one day', range.start + 250 * 86_400_000, range.start + 251 * 86_400_000],
    ['one hour', range.start + 250 * 86_400_000, range.start + 250 * 86_400_000 + 3_600_000],
  ]
  const rows = []
  for (const [label, fromMs, toMs] of windows) {
    const times: number[] = []
    let points = 0
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now()
      const w = await seriesWindow(library, { datasetId: id, column: 'p_cons', fromMs, toMs, points: 1500 })
      times.push(performance.now() - t0)
      points = w.x.length
    }
    times.sort((a, b) => a - b)
    rows.push({ window: label, points, medianMs: times[7], maxMs: times[times.length - 1] })
  }
  await library.close()
  return rows
}

async function main() {
  const json = process.argv.includes('--json')
  const file = join(tmpdir(), `voisin-bench-year-${SEED}.csv`)
  if (!existsSync(file)) {
    const t0 = performance.now()
    const rows = await writeSyntheticYear(file, SEED)
    if (!json)
      console.error(
        `generated ${file}: ${rows.toLocaleString('en')} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      )
  }
  const bytes = statSync(file).size
  const loadBefore = Number(loadavg()[0].toFixed(2))
  const dir = mkdtempSync(join(tmpdir(), 'vf-bench-'))
  try {
    const db = join(dir, 'bench.sqlite')
    const bundle = bundleForBench(__filename, 'import-bench')
    const endToEnd = runChild(bundle, ['import', file, db])
    const latency = await queryLatency(db)
    const parsers = ['own-parse', 'own-parse-2t', 'papaparse', 'csv-parse'].map((mode) =>
      runChild(bundle, [mode, file, join(dir, 'x.sqlite')]),
    )
    const report = {
      date: new Date().toISOString().slice(0, 10),
      node: process.version,
      cores: cpus().length,
      /** what ran: this file and the parse thread bundled by esbuild, as the app runs them */
      code: 'bundled',
      /** other work on the machine slows the wall-clock figures: the 1-minute load average before the run */
      loadAverage: loadBefore,
      file: { bytes, megabytes: bytes / 1e6, rows: endToEnd.rows },
      endToEnd: {
        seconds: endToEnd.seconds,
        rowsPerSecond: endToEnd.rows / endToEnd.seconds,
        megabytesPerSecond: bytes / 1e6 / endToEnd.seconds,
        maxRssMB: endToEnd.maxRssMB,
        cpuSeconds: endToEnd.cpuSeconds,
        stages: endToEnd.stages,
      },
      chartQuery: latency,
      parseStage: parsers.map((p) => ({
        parser: p.mode,
        seconds: p.seconds,
        rowsPerSecond: p.rows / p.seconds,
        megabytesPerSecond: bytes / 1e6 / p.seconds,
        maxRssMB: p.maxRssMB,
        cpuSeconds: p.cpuSeconds,
        checksum: p.checksum,
      })),
    }
    if (json) {
      console.log(JSON.stringify(report))
      return
    }
    const f = (n: number, d = 0) =>
      n.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d })
    console.log(
      `Import benchmark, ${report.date}, Node ${report.node}, ${report.cores} cores, load average ${report.loadAverage} at start (bundled code)`,
    )
    console.log(
      `file: ${f(report.file.megabytes, 1)} MB, ${f(report.file.rows)} rows (one year of 8-s data, seed ${SEED})`,
    )
    console.log(
      `end to end (parse, analyse, store): ${f(report.endToEnd.seconds, 2)} s, ${f(report.endToEnd.rowsPerSecond)} rows/s, ` +
        `${f(report.endToEnd.megabytesPerSecond, 1)} MB/s, peak RSS ${f(report.endToEnd.maxRssMB)} MB, ` +
        `CPU ${f(report.endToEnd.cpuSeconds, 2)} s`,
    )
    console.log(
      `  stages: ${Object.entries(report.endToEnd.stages ?? {})
        .map(([k, v]) => `${k} ${f(v as number, 2)} s`)
        .join(', ')}`,
    )
    console.log('chart window query (1500 points, median / max of 15):')
    for (const q of latency)
      console.log(
        `  ${q.window.padEnd(11)} ${String(q.points).padStart(5)} points  ${f(q.medianMs, 1)} / ${f(q.maxMs, 1)} ms`,
      )
    console.log('parse stage only (file → typed columns), same output checked by checksum:')
    for (const p of report.parseStage) {
      console.log(
        `  ${p.parser.padEnd(12)} ${f(p.seconds, 2)} s  ${f(p.rowsPerSecond)} rows/s  ${f(p.megabytesPerSecond, 1)} MB/s  ` +
          `CPU ${f(p.cpuSeconds, 2)} s  peak RSS ${f(p.maxRssMB)} MB  checksum ${p.checksum}`,
      )
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[2] === '--child') void child(process.argv[3], process.argv[4], process.argv[5])
else void main()
