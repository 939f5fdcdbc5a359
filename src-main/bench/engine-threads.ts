/**
 * `npx tsx src-main/bench/engine-threads.ts [--precision float32] [--reps 5] [--seconds 1] [--threads 2]`
 *
 * Where another thread stops paying for ONE training: training samples/s with one thread and with `--threads`
 * for LSTMs of 1 layer × H (T = 48, 5 features, the "next hour" preset's shape) over a grid of hidden sizes
 * and batch sizes, the two measured in turn (interleaved repetitions, wall time), so parallel/threads.ts can
 * take its limits from the ratios. Prints a Markdown table of speed-ups, and the work per shard and batch.
 */
import { parseArgs } from 'node:util'
import { forwardFlopsPerSample, modelConfig } from '../engine/config'
import type { Precision } from '../engine/kernels/matmul'
import { adam } from '../engine/optimizer'
import { ScratchLstmModel } from '../engine/scratch-model'
import { timeFor } from './engine-workload'

const { values } = parseArgs({
  options: {
    precision: { type: 'string', default: 'float32' },
    reps: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '1' },
    threads: { type: 'string', default: '2' },
    hidden: { type: 'string', default: '8,16,32,64,128' },
    batch: { type: 'string', default: '8,16,32,64,128,256' },
  },
})

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]

async function main(): Promise<void> {
  const precision = values.precision as Precision
  const threads = Number(values.threads)
  const reps = Number(values.reps)
  const seconds = Number(values.seconds)
  const hiddens = values.hidden.split(',').map(Number)
  const batches = values.batch.split(',').map(Number)
  const T = 48
  const I = 5
  const lines = [
    `| H \\ batch | ${batches.join(' | ')} |`,
    `| --- | ${batches.map(() => '---:').join(' | ')} |`,
  ]
  for (const H of hiddens) {
    const cells: string[] = []
    for (const B of batches) {
      const config = modelConfig({ seqLen: T, predSize: 4, hiddenSizes: [H], inputSize: I })
      const x = new Float64Array(B * T * I).map((_, k) => Math.sin(k))
      const y = new Float64Array(B * 4).map((_, k) => Math.cos(k))
      const perStep = new Float64Array(4)
      const models = [1, threads].map((t) => new ScratchLstmModel(config, { precision, threads: t }))
      for (const m of models) {
        m.compile({ optimizer: adam(), loss: 'mae', clipNorm: 1, weightDecay: 0 })
        await m.prepare(B)
        timeFor(() => m.trainBatch(x, y, B, perStep, 0.001), B, 0.2 * seconds) // warm-up
      }
      const rates = models.map(() => [] as number[])
      for (let r = 0; r < reps; r++)
        models.forEach((m, k) =>
          rates[k].push(timeFor(() => m.trainBatch(x, y, B, perStep, 0.001), B, seconds)),
        )
      const speedup = median(rates[1].map((v, k) => v / rates[0][k]))
      const mflopPerShard = (3 * forwardFlopsPerSample(config) * B) / threads / 1e6
      cells.push(
        `${speedup.toFixed(2)}× (${mflopPerShard < 10 ? mflopPerShard.toFixed(1) : mflopPerShard.toFixed(0)})`,
      )
      for (const m of models) m.dispose()
      process.stderr.write(`H ${H}, batch ${B}: ${cells.at(-1)}\n`)
    }
    lines.push(`| ${H} | ${cells.join(' | ')} |`)
  }
  console.log(`${threads} threads ÷ 1 thread, training samples/s, ${precision} (MFLOP per shard and batch):`)
  console.log(lines.join('\n'))
}

void main()
