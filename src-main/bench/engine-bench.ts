/**
 * `npm run bench:engine [-- --json] [-- --config S] [-- --engine scratch] [-- --kernels js|wasm-simd]`
 *
 * Trains and infers the standard workloads with the from-scratch engine and TensorFlow.js (cpu and wasm
 * backends) side by side. Every engine × config runs in its own child process (this script, forked with
 * --child), so the peak RSS it reports belongs to that engine alone. Each figure is the median of a few
 * repetitions of bounded length; slow engines get fewer repetitions so the whole run takes a few minutes.
 * `--kernels` forces the scratch engine's matrix products (plain JavaScript or WebAssembly SIMD); without it the
 * engine uses what the app uses (WebAssembly SIMD where available).
 */
import { fork } from 'node:child_process'
import { KERNEL_NAMES, type KernelName } from '../engine/kernels/select'
import { BENCH_CONFIGS, ENGINES, type BenchConfigName, type EngineName } from './engine-configs'
import { formatTable } from './engine-table'
import { runWorkload, type BenchResult } from './engine-workload'

interface Args {
  json: boolean
  configs: BenchConfigName[]
  engines: EngineName[]
  child: { engine: EngineName; config: BenchConfigName } | null
  seconds: number
  kernels: KernelName | null
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    json: false,
    configs: Object.keys(BENCH_CONFIGS) as BenchConfigName[],
    engines: [...ENGINES],
    child: null,
    seconds: 1,
    kernels: null,
  }
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]
    const value = () => {
      const v = argv[++k]
      if (v === undefined) throw new Error(`${a} needs a value`)
      return v
    }
    if (a === '--json') args.json = true
    else if (a === '--config')
      args.configs = value()
        .split(',')
        .map((c) => checkConfig(c))
    else if (a === '--engine')
      args.engines = value()
        .split(',')
        .map((e) => checkEngine(e))
    else if (a === '--seconds') args.seconds = Number(value())
    else if (a === '--kernels') args.kernels = checkKernels(value())
    else if (a === '--child') {
      const [engine, config] = value().split(':')
      args.child = { engine: checkEngine(engine), config: checkConfig(config) }
    } else
      throw new Error(
        `unknown argument ${a} (known: --json, --config seed|S|M|L, --engine scratch|tfjs-cpu|tfjs-wasm, --seconds N, --kernels js|wasm-simd)`,
      )
  }
  return args
}

function checkConfig(c: string): BenchConfigName {
  if (!(c in BENCH_CONFIGS))
    throw new Error(`unknown config ${c}; one of ${Object.keys(BENCH_CONFIGS).join(', ')}`)
  return c as BenchConfigName
}

function checkEngine(e: string): EngineName {
  if (!(ENGINES as readonly string[]).includes(e))
    throw new Error(`unknown engine ${e}; one of ${ENGINES.join(', ')}`)
  return e as EngineName
}

function checkKernels(k: string): KernelName {
  if (!(KERNEL_NAMES as readonly string[]).includes(k))
    throw new Error(`unknown kernels ${k}; one of ${KERNEL_NAMES.join(', ')}`)
  return k as KernelName
}

/** Run one engine × config in a fresh child process and collect its result. */
function runChild(
  engine: EngineName,
  config: BenchConfigName,
  seconds: number,
  kernels: KernelName | null,
): Promise<BenchResult> {
  return new Promise((resolve, reject) => {
    const argv = ['--child', `${engine}:${config}`, '--seconds', String(seconds)]
    if (kernels) argv.push('--kernels', kernels)
    const child = fork(process.argv[1], argv, {
      execArgv: process.execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    let result: BenchResult | null = null
    child.on('message', (m) => {
      result = m as BenchResult
    })
    child.on('error', reject)
    child.on('exit', (code) => {
      if (result) resolve(result)
      else reject(new Error(`benchmark child ${engine}:${config} exited with code ${code} and no result`))
    })
  })
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  if (args.child) {
    const result = await runWorkload(args.child.engine, args.child.config, args.seconds, args.kernels)
    process.send?.(result)
    return
  }
  const results: BenchResult[] = []
  for (const config of args.configs) {
    for (const engine of args.engines) {
      if (!args.json) process.stderr.write(`running ${engine} on ${config}...\n`)
      const r = await runChild(engine, config, args.seconds, args.kernels)
      results.push(r)
      if (args.json) {
        const { engine: e, config: c, trainSamplesPerSec, inferSamplesPerSec, gflops, peakRssMb, kernels } = r
        console.log(
          JSON.stringify({
            engine: e,
            config: c,
            trainSamplesPerSec,
            inferSamplesPerSec,
            gflops,
            peakRssMb,
            kernels,
          }),
        )
      }
    }
  }
  if (!args.json) console.log(formatTable(results))
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
