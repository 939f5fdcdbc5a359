/**
 * Entry of a parse thread (`worker_threads`): parses one range of whole lines of an export file
 * with the ordinary parser and hands the typed columns back (transferred, not copied). Started
 * by `parse-parallel.ts`, which merges the ranges in file order. Built as its own bundle entry
 * (`out/main/parse-thread.js`) so it can be started next to the running code.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { AppError } from '../../shared/result'
import type { HomeAccumulator } from './accumulator'
import { parseExportFile, RangeLineError } from './parse-export'
import { emptyParseTally } from './parse-options'
import type { RangeJob, RangeMessage, RangePart } from './parse-range-protocol'
import { ZoneClock } from '../zone'

/** Parses the job's range and posts its columns, per home in the order the range met them. */
async function run(job: RangeJob): Promise<void> {
  const homes = new Map<string, HomeAccumulator>()
  const tally = emptyParseTally()
  const rows = () => [...homes.values()].reduce((sum, home) => sum + home.length, 0)
  await parseExportFile(job.path, homes, {
    clock: new ZoneClock(job.zone),
    naive: job.naive,
    plausible: job.plausible,
    range: { lines: { start: job.start, end: job.end, header: job.header }, tally },
    onBytes: (read) => parentPort!.postMessage({ type: 'bytes', read, rows: rows() } satisfies RangeMessage),
  })
  // a fresh map: each home holds this file's one record
  const parts: RangePart[] = [...homes.values()].map((accumulator) => {
    const columnNames = accumulator.columnNames()
    return {
      home: accumulator.home,
      rows: accumulator.files[0].rows,
      layout: accumulator.files[0].layout,
      instants: accumulator.instants.view(),
      zero: accumulator.zero.view(),
      columnNames,
      columns: columnNames.map((name) => accumulator.columns.get(name)!.view()),
    }
  })
  const transfer = parts.flatMap((p) => [p.instants.buffer, p.zero.buffer, ...p.columns.map((c) => c.buffer)])
  parentPort!.postMessage({ type: 'done', parts, tally } satisfies RangeMessage, transfer as ArrayBuffer[])
}

/** The refusal as a message: a line refusal keeps its line and problem for the caller to renumber. */
function failure(error: unknown): RangeMessage {
  if (error instanceof RangeLineError) {
    return {
      type: 'failed',
      code: error.code,
      message: error.message,
      line: error.line,
      problem: error.problem,
    }
  }
  if (error instanceof AppError) {
    return { type: 'failed', code: error.code, message: error.message, line: null, problem: null }
  }
  const message = error instanceof Error ? error.message : String(error)
  return { type: 'failed', code: 'internal', message, line: null, problem: null }
}

run(workerData as RangeJob).catch((error: unknown) => parentPort!.postMessage(failure(error)))
