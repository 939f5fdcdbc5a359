/**
 * Starts a fold thread (`fold-thread.ts`) the way start-parse-thread.ts starts a parse thread: the .ts
 * source under tsx or vitest, the bundle (`out/main/fold-thread.js`) next to the running chunk once
 * built, its app.asar.unpacked copy once packaged.
 */
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { Worker } from 'node:worker_threads'
import { unpackedPath } from '../../packaging/unpacked-path'

export function startFoldThread(moduleFile = __filename, moduleDir = __dirname): Worker {
  if (!moduleFile.endsWith('.ts')) return new Worker(unpackedPath(resolve(moduleDir, 'fold-thread.js')))
  // Node 20 does not pass `--import tsx` on to worker threads: the thread registers tsx's hook itself
  const entry = resolve(moduleDir, 'fold-thread.ts')
  const tsx = createRequire(moduleFile).resolve('tsx/cjs')
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(entry)})`, { eval: true })
}
