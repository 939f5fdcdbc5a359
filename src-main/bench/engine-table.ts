import { BENCH_CONFIGS, TWO_THREAD_TARGET, type BenchConfig, type BenchConfigName } from './engine-configs'

/** One contestant on one config: the JSON line of `bench:engine --json`, and a row of its table. */
export interface BenchRow {
  /** scratch (ours), tfjs-cpu, tfjs-wasm, torch */
  engine: string
  config: BenchConfigName
  /** threads the contestant really ran on (ours: threads in use; PyTorch: torch.get_num_threads()) */
  threads: number
  /** ours only: float32 or float64 */
  precision?: string
  /** ours only: the matrix-product kernels */
  kernels: string | null
  /** medians of the repetitions, and their [min, max] */
  trainSamplesPerSec: number
  trainSpread: [number, number]
  /**
   * training samples per second of the contestant's CPU time (all its threads): on a busy machine a steadier
   * figure of one thread's speed than wall time (other processes take turns on the cores, not its CPU time)
   */
  trainCpuSamplesPerSec: number
  inferSamplesPerSec: number
  inferSpread: [number, number]
  /** training GFLOP/s: samples/s × 3 × forward matrix-product FLOPs per sample */
  gflops: number
  peakRssMb: number
  reps: number
  note?: string
}

const name = (r: BenchRow) =>
  r.precision ? `${r.engine} ${r.precision === 'float32' ? 'f32' : 'f64'}` : r.engine
const spread = ([lo, hi]: [number, number]) => `${lo}–${hi}`

/** The human-readable tables: every row, then ours against PyTorch, TF.js and ourselves on one thread. */
export function formatTable(rows: BenchRow[]): string {
  const lines = [
    '| config | engine | threads | train samples/s (median, spread) | train per CPU-s | infer samples/s (median, spread) | train GFLOP/s | peak RSS MB | detail |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ]
  for (const r of rows) {
    lines.push(
      `| ${r.config} | ${name(r)} | ${r.threads} | ${r.trainSamplesPerSec} (${spread(r.trainSpread)}) | ${r.trainCpuSamplesPerSec} | ` +
        `${r.inferSamplesPerSec} (${spread(r.inferSpread)}) | ${r.gflops} | ${r.peakRssMb} | ${r.kernels ?? r.note ?? ''} |`,
    )
  }
  lines.push(
    '',
    '| config | ours | ÷ torch, same threads | ÷ torch, 1 thread | ÷ tfjs-wasm | ÷ ours, 1 thread | target |',
  )
  lines.push('| --- | --- | ---: | ---: | ---: | ---: | --- |')
  const ratio = (a: number, b: number | undefined) => (b ? `${(a / b).toFixed(2)}×` : 'n/a')
  for (const config of [...new Set(rows.map((r) => r.config))]) {
    const of = (engine: string, threads: number, precision?: string) =>
      rows.find(
        (r) =>
          r.config === config && r.engine === engine && r.threads === threads && r.precision === precision,
      )?.trainSamplesPerSec
    for (const ours of rows.filter((r) => r.config === config && r.engine === 'scratch')) {
      const t = ours.trainSamplesPerSec
      const torch1 = of('torch', 1)
      const alone = of('scratch', 1, ours.precision)
      const targets: string[] = []
      const torchTarget = (BENCH_CONFIGS[config] as BenchConfig).torchTarget
      if (torchTarget && ours.threads === 1 && ours.precision === 'float32' && torch1)
        targets.push(`≥ ${torchTarget}× torch: ${t / torch1 >= torchTarget ? 'met' : 'not met'}`)
      if ((config === 'M' || config === 'L') && ours.threads === 2 && alone)
        targets.push(
          `≥ ${TWO_THREAD_TARGET}× own 1 thread: ${t / alone >= TWO_THREAD_TARGET ? 'met' : 'not met'}`,
        )
      lines.push(
        `| ${config} | ${name(ours)}, ${ours.threads} thread(s) | ${ratio(t, of('torch', ours.threads))} | ` +
          `${ratio(t, torch1)} | ${ratio(t, of('tfjs-wasm', 1))} | ${ours.threads === 1 ? '–' : ratio(t, alone)} | ${targets.join('; ')} |`,
      )
    }
    const torch1 = of('torch', 1)
    for (const torch of rows.filter((r) => r.config === config && r.engine === 'torch' && r.threads > 1))
      lines.push(
        `| ${config} | (torch, ${torch.threads} threads ÷ torch, 1 thread) | | ${ratio(torch.trainSamplesPerSec, torch1)} | | | |`,
      )
  }
  return lines.join('\n')
}
