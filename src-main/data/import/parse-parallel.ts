/**
 * Parses one large export file on several cores: the file is cut at line ends into one range per
 * thread (`cut-ranges.ts`), each thread streams its own range (`parse-thread.ts`, flat memory),
 * and the ranges' columns are appended in file order (`merge-ranges.ts`). The outcome is the one
 * `parseExportFile` gives: same rows in the same order, same file records, the first refusal in
 * the file with its line number. The calling thread hashes the file meanwhile.
 *
 * A data refusal is reported as the sequential parser words it; a cancel (`checkpoint` throwing)
 * stops the threads and propagates; any other trouble with the threads (cannot start, crash,
 * unexpected error) falls back to `parseExportFile` on this thread: the threads only save time.
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { basename } from 'node:path'
import type { Worker } from 'node:worker_threads'
import { AppError } from '../../shared/result'
import type { HomeAccumulator, SourceFile } from './accumulator'
import { cutRanges } from './cut-ranges'
import { mergeRanges } from './merge-ranges'
import { parseExportFile, type ParseOptions } from './parse-export'
import type { RangeJob, RangeMessage } from './parse-range-protocol'
import { plausibleSpan } from './row-checks'
import { startParseThread } from './start-parse-thread'

/** How often progress is reported and a cancel looked for while the threads work. */
const POLL_MS = 100

export interface ParallelOptions extends ParseOptions {
  /** the file's size in bytes */
  size: number
  /** ranges (threads) to cut the file into; fewer when it cannot be cut that often */
  threads: number
  /** starts a thread; replaceable so tests can make one fail */
  start?: (job: RangeJob) => Worker
  /** told why, when the threads failed and the file is parsed on this thread instead */
  onFallback?: (reason: string) => void
}

/** Trouble with the threads themselves (not the data, not a cancel): parse on this thread instead. */
class ThreadFailure extends Error {}

type RangeDone = Extract<RangeMessage, { type: 'done' }>
type RangeFailed = Extract<RangeMessage, { type: 'failed' }>

/** Parses `path` into `homes` as `parseExportFile` does, on up to `options.threads` threads. */
export async function parseExportFileParallel(
  path: string,
  homes: Map<string, HomeAccumulator>,
  options: ParallelOptions,
): Promise<SourceFile[]> {
  // one "now" for the threads, the merge and the sequential fallback
  options = { ...options, plausible: options.plausible ?? plausibleSpan() }
  let parsed: { sha256: string; ranges: RangeDone[] } | null
  try {
    parsed = await parseRanges(path, options)
  } catch (error) {
    if (!(error instanceof ThreadFailure)) throw error
    options.onFallback?.(error.message)
    // nothing was added to `homes` yet: the sequential parse starts from the same state
    parsed = null
  }
  if (!parsed) return parseExportFile(path, homes, options)
  const file = { path, name: basename(path), bytes: options.size, sha256: parsed.sha256 }
  return mergeRanges(file, homes, parsed.ranges, { ...options, plausible: options.plausible! })
}

/**
 * Runs the threads and returns their ranges in file order with the file's hash; null when the
 * file cannot be cut. Throws the first data refusal in the file, a cancel, or a ThreadFailure.
 */
async function parseRanges(
  path: string,
  options: ParallelOptions,
): Promise<{ sha256: string; ranges: RangeDone[] } | null> {
  const cuts = await cutRanges(path, options.size, options.threads).catch(() => null)
  if (!cuts) return null
  const start = options.start ?? startParseThread
  const read = cuts.starts.map(() => 0)
  const rows = cuts.starts.map(() => 0)
  const threads: Worker[] = []
  try {
    const outcomes = cuts.starts.map((from, k) => {
      const job: RangeJob = {
        path,
        start: from,
        end: cuts.ends[k],
        header: k === 0 ? null : cuts.header,
        zone: options.clock.zone,
        naive: options.naive,
        plausible: options.plausible!,
      }
      let thread: Worker
      try {
        thread = start(job)
      } catch (error) {
        throw new ThreadFailure(`cannot start a parse thread: ${(error as Error).message}`)
      }
      threads.push(thread)
      return new Promise<RangeDone | RangeFailed>((done, fail) => {
        thread.on('message', (message: RangeMessage) => {
          if (message.type === 'bytes') {
            read[k] = message.read
            rows[k] = message.rows
          } else done(message)
        })
        thread.once('error', (error) => fail(new ThreadFailure(error.message)))
        // after 'done' or 'failed' this changes nothing (a settled promise stays settled)
        thread.once('exit', (code) => fail(new ThreadFailure(`parse thread stopped (exit code ${code})`)))
      })
    })
    const hashing = hashFile(path).catch((error: Error) => {
      throw new ThreadFailure(`cannot hash ${path}: ${error.message}`)
    })
    // a rejection is seen through `all` below; these keep an unawaited one from being "unhandled"
    for (const outcome of [hashing, ...outcomes]) outcome.catch(() => undefined)
    const all = Promise.all([hashing, Promise.all(outcomes)])
    let settled: [string, (RangeDone | RangeFailed)[]] | null = null
    while (!settled) {
      settled = await Promise.race([all, pause(POLL_MS).then(() => null)])
      options.onBytes?.(
        read.reduce((a, b) => a + b, 0),
        rows.reduce((a, b) => a + b, 0),
      )
      await options.checkpoint?.()
    }
    const [sha256, results] = settled
    return { sha256, ranges: inFileOrder(basename(path), results) }
  } finally {
    // finished threads have exited already; this stops the rest after a refusal, a cancel or a failure
    await Promise.all(threads.map((thread) => thread.terminate()))
  }
}

/** The ranges if all succeeded; else the first refusal in the file, numbered from the lines before it. */
function inFileOrder(name: string, results: (RangeDone | RangeFailed)[]): RangeDone[] {
  let linesBefore = 0
  const ranges: RangeDone[] = []
  for (const result of results) {
    if (result.type === 'failed') {
      // only a refusal of the data is the user's to see; anything else is the threads' trouble
      if (result.code !== 'invalid-input') throw new ThreadFailure(result.message)
      if (result.line === null) throw new AppError(result.code, result.message)
      throw new AppError(result.code, `${name}, line ${linesBefore + result.line}: ${result.problem}`)
    }
    linesBefore += result.tally.lines
    ranges.push(result)
  }
  return ranges
}

/** SHA-256 of the file, streamed (the file's identity in the library, as the sequential parse computes it). */
async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const piece of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(piece)
  }
  return hash.digest('hex')
}

const pause = (ms: number) => new Promise<void>((done) => setTimeout(done, ms))
