/**
 * Starts a parse thread (`parse-thread.ts`) in any of the ways the code runs: the .ts source under
 * tsx (CLI) or vitest, the electron-vite bundle, where the thread is its own entry
 * (`out/main/parse-thread.js`) next to the chunk that starts it, and the packaged app, where that
 * bundle sits in app.asar, which a worker thread cannot load from: electron-builder unpacks it
 * (`asarUnpack`) and the thread starts from the copy in app.asar.unpacked.
 */
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { Worker } from 'node:worker_threads'
import { unpackedPath } from '../../packaging/unpacked-path'
import type { RangeJob } from './parse-range-protocol'

/** The parse-thread entry next to the running module: the .ts source, or the bundle once built (unpacked copy once packaged). */
export function parseThreadEntry(moduleFile: string, moduleDir: string): string {
  return moduleFile.endsWith('.ts')
    ? resolve(moduleDir, 'parse-thread.ts')
    : unpackedPath(resolve(moduleDir, 'parse-thread.js'))
}

/** A thread parsing `job`'s range; it posts `RangeMessage`s and exits when done. */
export function startParseThread(job: RangeJob, moduleFile = __filename, moduleDir = __dirname): Worker {
  const entry = parseThreadEntry(moduleFile, moduleDir)
  if (!entry.endsWith('.ts')) return new Worker(entry, { workerData: job })
  // Node 20 does not pass `--import tsx` on to worker threads ("Unknown file extension .ts"):
  // the thread registers tsx's require hook itself, then loads the .ts entry
  const tsx = createRequire(moduleFile).resolve('tsx/cjs')
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(entry)})`, {
    eval: true,
    workerData: job,
  })
}
