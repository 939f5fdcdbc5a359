#!/usr/bin/env node
// Second half of `npm run pack:check`: checks the app electron-builder just packed (the `resources`
// folder given as argument) the way the installed app will use it, with plain Node, which cannot read
// inside app.asar at all, so whatever it runs from app.asar.unpacked is really there:
// 1. the import's parse thread (worker_threads) and every chunk it loads are unpacked, and the unpacked
//    thread parses a small export;
// 2. the utility-process entry (out/main/worker.js) and all it loads are in the archive (Electron's
//    utilityProcess reads app.asar itself), and the packed worker, extracted, runs a job;
// 3. TF.js's .wasm binaries are unpacked and TF.js's own loader runs them from app.asar.unpacked;
// 4. the engine's threads (a training's shards, the work pool's items) and every chunk they load are
//    unpacked, and the unpacked pool thread trains a tiny model on two shard threads.
import asar from '@electron/asar'
import { fork } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { builtinModules, createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, posix, resolve } from 'node:path'
import { Worker } from 'node:worker_threads'

const require = createRequire(import.meta.url)
const resources = resolve(process.argv[2] ?? 'dist/linux-unpacked/resources')
const archive = join(resources, 'app.asar')
const unpackedDir = join(resources, 'app.asar.unpacked')
const listing = new Set(
  asar.listPackage(archive, { isPack: false }).map((entry) => entry.replaceAll('\\', '/')),
)
const scratch = mkdtempSync(join(tmpdir(), 'vf-pack-verify-'))
const failures = []

/** Records a failed check; the script exits non-zero at the end if there is any. */
function check(ok, message) {
  if (!ok) failures.push(message)
  return ok
}

/** Whether an archive entry (`out/main/x.js`) is stored unpacked, beside the archive. */
function isUnpacked(entry) {
  return asar.statFile(archive, entry, false)?.unpacked === true
}

/** A file of the archive, read the way the app reads it (unpacked copy first). */
function readEntry(entry) {
  return isUnpacked(entry)
    ? readFileSync(join(unpackedDir, entry), 'utf8')
    : asar.extractFile(archive, entry).toString()
}

/**
 * `entry` and the bundle chunks it requires (`require("./x.js")`), transitively; and the packages it requires.
 * With `lazy: false`, the requires of dynamic imports (`.then(() => require("./x.js"))`) are left out: code a
 * thread holds but never runs there (the TF.js engine, which trains in the worker process only).
 */
function bundleClosure(entry, { lazy = true } = {}) {
  const requires = lazy ? /require\("([^"]+)"\)/g : /(?<!=>\s*)require\("([^"]+)"\)/g
  const files = new Set()
  const packages = new Set()
  const pending = [entry]
  while (pending.length > 0) {
    const file = pending.pop()
    if (files.has(file)) continue
    files.add(file)
    if (!check(listing.has(`/${file}`), `${file} is missing from app.asar`)) continue
    for (const [, target] of readEntry(file).matchAll(requires)) {
      if (target.startsWith('.')) pending.push(posix.join(posix.dirname(file), target))
      else if (!target.startsWith('node:') && !builtinModules.includes(target) && target !== 'electron')
        packages.add(target)
    }
  }
  return { files: [...files], packages: [...packages] }
}

/** A tiny L1 export: one home, `rows` quarter-hours from 2022-05-01 00:00 (naive local). */
function tinyExport(rows) {
  const lines = ['home_id,day,ts,p_cons,p_prod,p_tot']
  for (let k = 0; k < rows; k++) {
    const ts = new Date(Date.UTC(2022, 4, 1, 0, 15 * k)).toISOString().slice(0, 19).replace('T', ' ')
    lines.push(`CDB001,${ts.slice(0, 10)},${ts},${100 + k},0,${100 + k}`)
  }
  const path = join(scratch, 'CDB001_tiny.csv')
  writeFileSync(path, lines.join('\n') + '\n')
  return path
}

/** The first message matching `accept` from a worker thread or process, or a rejection naming `what`. */
function firstMessage(emitter, what, accept, kill) {
  return new Promise((done, fail) => {
    const timer = setTimeout(() => (kill(), fail(new Error(`${what}: no answer in 60 s`))), 60_000)
    emitter.on('message', (message) => {
      if (!accept(message)) return
      clearTimeout(timer)
      done(message)
    })
    emitter.once('error', (error) => (clearTimeout(timer), fail(new Error(`${what}: ${error.message}`))))
    emitter.once('exit', (code) => (clearTimeout(timer), fail(new Error(`${what} exited (code ${code})`))))
  })
}

const rows = 96
const csv = tinyExport(rows)

// 1. The parse thread, from app.asar.unpacked, with plain Node.
const thread = bundleClosure('out/main/parse-thread.js')
check(
  thread.packages.length === 0,
  `the parse thread requires packages (${thread.packages}), which stay packed`,
)
for (const file of thread.files)
  check(
    isUnpacked(file) && statSync(join(unpackedDir, file), { throwIfNoEntry: false }),
    `${file} is not unpacked`,
  )
try {
  const job = {
    path: csv,
    start: 0,
    end: statSync(csv).size,
    header: null,
    zone: 'Europe/Brussels',
    naive: 'auto',
  }
  const worker = new Worker(join(unpackedDir, 'out/main/parse-thread.js'), { workerData: job })
  const answer = await firstMessage(
    worker,
    'the unpacked parse thread',
    (m) => m.type !== 'bytes',
    () => worker.terminate(),
  )
  const part = answer.parts?.[0]
  check(
    answer.type === 'done' && answer.parts.length === 1 && part.home === 'CDB001' && part.rows === rows,
    `the unpacked parse thread answered ${JSON.stringify(answer).slice(0, 200)}`,
  )
  check(part?.columns[0][rows - 1] === 100 + rows - 1, 'the unpacked parse thread read wrong values')
} catch (error) {
  check(false, error.message)
}

// 2. The utility-process entry: in the archive with all it loads; the packed worker runs a job.
const entry = bundleClosure('out/main/worker.js')
for (const name of entry.packages)
  check(
    listing.has(
      `/node_modules/${name
        .split('/')
        .slice(0, name.startsWith('@') ? 2 : 1)
        .join('/')}/package.json`,
    ),
    `package ${name} (required by the worker) is not packed`,
  )
const extracted = join(scratch, 'app')
asar.extractAll(archive, extracted)
try {
  const child = fork(join(extracted, 'out/main/worker.js'), [], {
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  child.send({
    type: 'start',
    jobId: 'pack-check',
    kind: 'analyse-file',
    params: { path: csv },
    context: { databasePath: join(scratch, 'library.sqlite'), dataDir: scratch },
  })
  const answer = await firstMessage(
    child,
    'the packed worker',
    (m) => m.type !== 'progress' && m.type !== 'ready',
    () => child.kill(),
  )
  check(
    answer.type === 'done' && answer.result?.rows === rows,
    `the packed worker answered ${JSON.stringify(answer).slice(0, 200)}`,
  )
  child.kill()
} catch (error) {
  check(false, error.message)
}

// 3. TF.js's wasm binaries: unpacked, and TF.js's loader runs them from there.
const wasmDir = 'node_modules/@tensorflow/tfjs-backend-wasm/dist'
const binaries = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
]
for (const name of binaries) {
  const file = join(unpackedDir, wasmDir, name)
  if (
    check(
      isUnpacked(`${wasmDir}/${name}`) && statSync(file, { throwIfNoEntry: false }),
      `${wasmDir}/${name} is not unpacked`,
    )
  )
    check(WebAssembly.validate(readFileSync(file)), `${wasmDir}/${name} is not valid WebAssembly`)
}
try {
  const tf = require('@tensorflow/tfjs')
  const wasm = require('@tensorflow/tfjs-backend-wasm')
  tf.enableProdMode()
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false)
  wasm.setWasmPaths(join(unpackedDir, wasmDir) + '/')
  check(await tf.setBackend('wasm'), 'TF.js could not start its wasm backend from app.asar.unpacked')
  const product = tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync()[0]
  check(tf.getBackend() === 'wasm' && product === 11, `TF.js wasm from app.asar.unpacked computed ${product}`)
} catch (error) {
  check(false, `TF.js wasm from app.asar.unpacked: ${error.message}`)
}

// 4. The engine's threads, from app.asar.unpacked, with plain Node.
const engineThreads = ['out/main/shard-thread.js', 'out/main/pool-thread.js'].map((entry) =>
  bundleClosure(entry, { lazy: false }),
)
for (const closure of engineThreads) {
  check(
    closure.packages.length === 0,
    `${closure.files[0]} requires packages (${closure.packages}), which stay packed`,
  )
  for (const file of closure.files)
    check(
      isUnpacked(file) && statSync(join(unpackedDir, file), { throwIfNoEntry: false }),
      `${file} is not unpacked`,
    )
}
try {
  const T = 8
  const n = 64
  const x = Float64Array.from({ length: n * T }, (_, k) => Math.sin(k / 3))
  const y = Float64Array.from({ length: n }, (_, k) => Math.sin((k * T + T) / 3))
  const input = {
    config: {
      inputSize: 1,
      seqLen: T,
      predSize: 1,
      hiddenSizes: [8],
      head: 'dense',
      dropout: 0,
      recurrentInit: 'glorot',
      unitForgetBias: true,
      seed: 1,
    },
    precision: 'float32',
    threads: 2,
    x,
    y,
    n,
    fit: {
      epochs: 1,
      batchSize: 32,
      optimizer: { kind: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
      loss: 'mse',
      clipNorm: 1,
      weightDecay: 0,
    },
  }
  const pool = new Worker(join(unpackedDir, 'out/main/pool-thread.js'), {
    workerData: { cancel: new SharedArrayBuffer(4) },
  })
  pool.postMessage({ type: 'run', item: 0, kind: 'fit-lstm', input })
  const answer = await firstMessage(
    pool,
    'the unpacked pool thread',
    (m) => m.type !== 'ready' && m.type !== 'progress',
    () => pool.terminate(),
  )
  check(
    answer.type === 'done' && answer.result.history.length === 1 && answer.result.threads === 2,
    `the unpacked pool thread answered ${JSON.stringify(answer).slice(0, 200)} (a training on 2 shard threads expected)`,
  )
  await pool.terminate()
} catch (error) {
  check(false, error.message)
}

rmSync(scratch, { recursive: true, force: true })
if (failures.length > 0) {
  for (const failure of failures) console.error(`pack:check: ${failure}`)
  process.exit(1)
}
console.log(
  `pack:check: parse thread unpacked (${thread.files.join(', ')}) and ran on ${rows} rows with plain Node; ` +
    `worker entry packed with ${entry.files.length} chunks and ${entry.packages.length} packages, ran a job; ` +
    `${binaries.length} TF.js wasm binaries unpacked and loaded; engine threads unpacked ` +
    `(${engineThreads.map((c) => c.files.length).join(' + ')} files), a pool thread trained on 2 shard threads`,
)
