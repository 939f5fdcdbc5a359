/**
 * `npm run bench:engine -- [--json] [--config S,M,L] [--engine scratch,tfjs-wasm] [--peer torch]
 *   [--threads 1,2] [--precision float32,float64] [--kernels js|wasm-simd] [--fma] [--reps 5] [--seconds 1]`
 *
 * Trains and infers the standard workloads with our engine, TensorFlow.js and (with --peer torch) PyTorch in
 * ONE run: per config every contestant gets a process of its own (so its peak RSS is its own), is set up and
 * warmed up, then the repetitions are interleaved (a training repetition of each contestant in turn, `--reps`
 * rounds, then the same for inference), so load from elsewhere hits all of them alike; each figure is the
 * median of the repetitions, printed with their spread. `--threads` applies to our engine and PyTorch (TF.js
 * runs on one thread); `--precision` to our engine (default: the app's, float32, and float64 for `seed` as the
 * study preset trains it). Without `--kernels` our
 * engine uses what the app uses. `--fma` starts our engine's processes with --experimental-wasm-relaxed-simd,
 * so its float32 products use the fused multiply-add as they do in Electron (Node 20 ships without it).
 */
import {
  BENCH_CONFIGS,
  ENGINES,
  PEERS,
  type BenchConfigName,
  type EngineName,
  type PeerName,
} from './engine-configs'
import {
  NodeContestant,
  TorchContestant,
  torchMissing,
  type ChildAnswer,
  type ChildRequest,
  type Contestant,
  type Rate,
} from './engine-peers'
import { formatTable, type BenchRow } from './engine-table'
import { Workload } from './engine-workload'
import { forwardFlopsPerSample } from '../engine/config'
import { PRECISIONS, type Precision } from '../engine/kernels/matmul'
import { KERNEL_NAMES, type KernelName } from '../engine/kernels/select'

interface Args {
  json: boolean
  configs: BenchConfigName[]
  engines: EngineName[]
  peers: PeerName[]
  threads: number[]
  /** null: the app's choice per config (float32; float64 for seed, as the study preset trains) */
  precisions: Precision[] | null
  kernels: KernelName | null
  fma: boolean
  reps: number
  seconds: number
  child: boolean
}

const USAGE =
  'known: --json, --config seed|S|M|L[,…], --engine scratch|tfjs-cpu|tfjs-wasm[,…], --peer torch, --threads N[,…], ' +
  '--precision float32|float64[,…], --kernels js|wasm-simd, --fma, --reps N, --seconds S'

function parseArgs(argv: string[]): Args {
  const args: Args = {
    json: false,
    configs: ['S', 'M', 'L'],
    engines: ['scratch', 'tfjs-wasm'],
    peers: [],
    threads: [1],
    precisions: null,
    kernels: null,
    fma: false,
    reps: 5,
    seconds: 1,
    child: false,
  }
  const oneOf = <T extends string>(what: string, known: readonly T[], v: string): T => {
    if (!(known as readonly string[]).includes(v))
      throw new Error(`unknown ${what} ${v}; one of ${known.join(', ')}`)
    return v as T
  }
  const positive = (what: string, v: string): number => {
    const n = Number(v)
    if (!Number.isInteger(n) || n < 1 || n > 64)
      throw new Error(`${what} must be a whole number from 1 to 64, got ${v}`)
    return n
  }
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]
    const value = () => {
      const v = argv[++k]
      if (v === undefined) throw new Error(`${a} needs a value`)
      return v
    }
    const list = () => value().split(',')
    if (a === '--json') args.json = true
    else if (a === '--child') args.child = true
    else if (a === '--fma') args.fma = true
    else if (a === '--config')
      args.configs = list().map((c) => oneOf('config', Object.keys(BENCH_CONFIGS) as BenchConfigName[], c))
    else if (a === '--engine') args.engines = list().map((e) => oneOf('engine', ENGINES, e))
    else if (a === '--peer') args.peers = list().map((p) => oneOf('peer', PEERS, p))
    else if (a === '--threads') args.threads = list().map((t) => positive('--threads', t))
    else if (a === '--precision') args.precisions = list().map((p) => oneOf('precision', PRECISIONS, p))
    else if (a === '--kernels') args.kernels = oneOf('kernels', KERNEL_NAMES, value())
    else if (a === '--reps') args.reps = positive('--reps', value())
    else if (a === '--seconds') {
      args.seconds = Number(value())
      if (!(args.seconds > 0)) throw new Error('--seconds must be a positive number')
    } else throw new Error(`unknown argument ${a} (${USAGE})`)
  }
  return args
}

/** The child side: one Workload, driven by the parent's requests. */
function serveChild(): void {
  let workload: Workload | null = null
  const answer = (a: ChildAnswer) => process.send?.(a)
  process.on('message', (m: ChildRequest) => {
    void (async () => {
      try {
        if (m.cmd === 'setup') {
          workload = new Workload(m.spec)
          answer({ ok: true, info: await workload.setup() })
        } else if (m.cmd === 'train') answer({ ok: true, rate: workload!.train(m.seconds) })
        else if (m.cmd === 'infer') answer({ ok: true, rate: workload!.infer(m.seconds) })
        else if (m.cmd === 'rss')
          answer({ ok: true, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })
        else {
          workload?.dispose()
          process.exit(0)
        }
      } catch (error) {
        answer({ ok: false, error: error instanceof Error ? error.message : String(error) })
      }
    })()
  })
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

/** Three significant digits. */
const round3 = (v: number) => Number(v.toPrecision(3))

function contestantsFor(args: Args, config: BenchConfigName, torch: boolean): Contestant[] {
  const list: Contestant[] = []
  const node = (engine: EngineName, precision: Precision, threads: number) =>
    new NodeContestant(
      { engine, config, precision, threads, kernels: args.kernels, seconds: args.seconds },
      process.argv[1],
      engine === 'scratch' && args.fma
        ? [...process.execArgv, '--experimental-wasm-relaxed-simd']
        : process.execArgv,
    )
  for (const engine of args.engines) {
    if (engine !== 'scratch') list.push(node(engine, 'float32', 1))
    else {
      const precisions: Precision[] = args.precisions ?? [config === 'seed' ? 'float64' : 'float32']
      for (const p of precisions) for (const t of args.threads) list.push(node('scratch', p, t))
    }
  }
  if (torch) for (const t of args.threads) list.push(new TorchContestant(config, t, args.seconds))
  return list
}

/** One config: set every contestant up, interleave their repetitions, collect the rows. */
async function benchConfig(args: Args, config: BenchConfigName, torch: boolean): Promise<BenchRow[]> {
  const contestants = contestantsFor(args, config, torch)
  const say = (s: string) => void (!args.json && process.stderr.write(s))
  try {
    const setups = []
    for (const c of contestants) {
      say(`setting up ${c.row.engine} on ${config}…\n`)
      setups.push(await c.setup())
    }
    const train: Rate[][] = contestants.map(() => [])
    const infer: Rate[][] = contestants.map(() => [])
    for (const [what, reps] of [
      ['train', train],
      ['infer', infer],
    ] as const) {
      for (let r = 0; r < args.reps; r++) {
        say(`${config}: ${what} round ${r + 1}/${args.reps}\n`)
        for (const [k, c] of contestants.entries()) reps[k].push(await c[what](args.seconds))
      }
    }
    const flops = 3 * forwardFlopsPerSample(BENCH_CONFIGS[config].model)
    const rows: BenchRow[] = []
    for (const [k, c] of contestants.entries()) {
      const walls = train[k].map((r) => r.perSecond)
      const inferWalls = infer[k].map((r) => r.perSecond)
      const t = median(walls)
      rows.push({
        engine: c.row.engine,
        config,
        threads: setups[k].threads,
        ...(c.row.precision ? { precision: c.row.precision } : {}),
        kernels: setups[k].kernels,
        trainSamplesPerSec: round3(t),
        trainSpread: [round3(Math.min(...walls)), round3(Math.max(...walls))],
        trainCpuSamplesPerSec: round3(median(train[k].map((r) => r.perCpuSecond))),
        inferSamplesPerSec: round3(median(inferWalls)),
        inferSpread: [round3(Math.min(...inferWalls)), round3(Math.max(...inferWalls))],
        gflops: round3((t * flops) / 1e9),
        peakRssMb: await c.peakRssMb(),
        reps: args.reps,
        ...(setups[k].note ? { note: setups[k].note } : {}),
      })
    }
    return rows
  } finally {
    await Promise.all(contestants.map((c) => c.close().catch(() => undefined)))
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  if (args.child) return serveChild()
  let torch = args.peers.includes('torch')
  if (torch) {
    const missing = await torchMissing()
    if (missing) {
      console.error(`${missing}: no torch rows in this run.`)
      torch = false
    }
  }
  const rows: BenchRow[] = []
  for (const config of args.configs) {
    const part = await benchConfig(args, config, torch)
    rows.push(...part)
    if (args.json) for (const row of part) console.log(JSON.stringify(row))
  }
  if (!args.json) console.log(formatTable(rows))
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
