/**
 * Starts one of the engine's threads (a shard thread, a pool thread) in any of the three ways the code runs:
 * the .ts source under tsx (CLI) or vitest, and the electron-vite bundle, where each thread is its own entry
 * (`out/main/<name>.js`) next to the chunk that starts it.
 */
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { Worker } from 'node:worker_threads'
import { unpackedPath } from '../../packaging/unpacked-path'

/**
 * The entry `name` next to the running module: the .ts source, or the bundle once built (its app.asar.unpacked
 * copy once packaged: a worker thread cannot load scripts from app.asar).
 */
export function threadEntry(name: string, moduleFile: string, moduleDir: string): string {
  return moduleFile.endsWith('.ts')
    ? resolve(moduleDir, `${name}.ts`)
    : unpackedPath(resolve(moduleDir, `${name}.js`))
}

/** A thread running `entry` (from threadEntry) with `workerData`. */
export function startThread(entry: string, workerData: unknown, moduleFile = __filename): Worker {
  if (!entry.endsWith('.ts')) return new Worker(entry, { workerData })
  // Node 20 does not pass `--import tsx` on to worker threads ("Unknown file extension .ts"):
  // the thread registers tsx's require hook itself, then loads the .ts entry
  const tsx = createRequire(moduleFile).resolve('tsx/cjs')
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(entry)})`, {
    eval: true,
    workerData,
  })
}
