import { BENCH_CONFIGS, type BenchConfigName } from './engine-configs'
import type { BenchResult } from './engine-workload'

/** The human-readable benchmark table, with the scratch engine's ratios against the faster TF.js backend. */
export function formatTable(results: BenchResult[]): string {
  const lines = [
    '| config | engine | train samples/s | infer samples/s | train GFLOP/s | peak RSS MB | detail |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- |',
  ]
  for (const r of results) {
    lines.push(
      `| ${r.config} | ${r.engine} | ${r.trainSamplesPerSec} | ${r.inferSamplesPerSec} | ${r.gflops} | ${r.peakRssMb} | ${r.detail} |`,
    )
  }
  lines.push(
    '',
    '| config | scratch ÷ tfjs-cpu (train) | scratch ÷ tfjs-wasm (train) | target (vs faster TF.js) | met |',
  )
  lines.push('| --- | ---: | ---: | ---: | --- |')
  const configs = [...new Set(results.map((r) => r.config))] as BenchConfigName[]
  for (const c of configs) {
    const get = (e: string) => results.find((r) => r.config === c && r.engine === e)?.trainSamplesPerSec
    const s = get('scratch')
    const cpu = get('tfjs-cpu')
    const wasm = get('tfjs-wasm')
    if (s === undefined) continue
    const ratio = (t: number | undefined) => (t ? `${(s / t).toFixed(1)}×` : 'n/a')
    const best = Math.max(cpu ?? 0, wasm ?? 0)
    const target = BENCH_CONFIGS[c].target
    const met = best > 0 ? (s / best >= target ? 'yes' : `no (${(s / best).toFixed(1)}×)`) : 'n/a'
    lines.push(`| ${c} | ${ratio(cpu)} | ${ratio(wasm)} | ≥ ${target}× | ${met} |`)
  }
  return lines.join('\n')
}
