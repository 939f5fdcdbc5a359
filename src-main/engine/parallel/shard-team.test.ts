import { Worker } from 'node:worker_threads'
import { afterEach, describe, expect, it } from 'vitest'
import { modelConfig, paramCount, paramLayout, type ModelConfig } from '../config'
import { getMatmulKernels } from '../kernels/select'
import { LstmNetwork } from '../network'
import { Rng } from '../rng'
import { Slot, type ShardThreadData } from './shard-protocol'
import { ShardTeam } from './shard-team'
import type { Precision } from '../kernels/matmul'
import { adam } from '../optimizer'
import { ScratchLstmModel, type ScratchModelOptions } from '../scratch-model'
import { dailyLoadSeries, makeWindows } from '../synthetic'
import { evaluateLoss, fit, type FitOptions } from '../trainer'

const data = makeWindows(dailyLoadSeries(24 * 12, 24, 0.05), 24, 3)
const settings: FitOptions = {
  epochs: 2,
  batchSize: 40,
  optimizer: adam({ lr: 0.01 }),
  loss: 'mae',
  clipNorm: 1,
  weightDecay: 1e-4,
}
const config = (c: Partial<ModelConfig> = {}) =>
  modelConfig({ seqLen: 24, predSize: 3, hiddenSizes: [12, 8], seed: 4, ...c })

const models: ScratchLstmModel[] = []
function model(c: ModelConfig, options: ScratchModelOptions): ScratchLstmModel {
  const m = new ScratchLstmModel(c, options)
  models.push(m)
  return m
}
afterEach(() => {
  for (const m of models.splice(0)) m.dispose()
})

async function trained(c: ModelConfig, precision: Precision, threads: number) {
  const m = model(c, { precision, threads })
  const batches: number[] = []
  await fit(m, data.x, data.y, data.n, settings, { onBatchEnd: (b) => batches.push(b.loss) })
  return { m, weights: m.getWeights(), batches }
}

describe('one training on several threads (data-parallel minibatches)', () => {
  it('really computes shards on the other threads, one per thread and batch', async () => {
    const { m, batches } = await trained(config(), 'float32', 3)
    expect(m.threadsInUse).toBe(3)
    expect(m.threadFailure).toBeNull()
    // two threads besides this one, each computing one shard of every batch (predictions of the validation
    // come on top when fit evaluates; here there is none)
    expect(m.shardsComputedByThreads).toBe(2 * batches.length)
  })

  for (const precision of ['float64', 'float32'] as const) {
    it(`is bit-reproducible for a given thread count, dropout included (${precision})`, async () => {
      const c = config({ dropout: 0.2 })
      const a = await trained(c, precision, 2)
      const b = await trained(c, precision, 2)
      expect(Array.from(b.weights)).toEqual(Array.from(a.weights))
      expect(b.batches).toEqual(a.batches)
      const three = await trained(c, precision, 3)
      expect(three.m.threadsInUse).toBe(3)
      const again = await trained(c, precision, 3)
      expect(Array.from(again.weights)).toEqual(Array.from(three.weights))
    })
  }

  it('follows the one-thread run to rounding without dropout (same gradients, summed in another order)', async () => {
    const one = await trained(config(), 'float64', 1)
    const two = await trained(config(), 'float64', 2)
    expect(two.m.threadsInUse).toBe(2)
    let worst = 0
    one.weights.forEach((w, k) => (worst = Math.max(worst, Math.abs(two.weights[k] - w))))
    expect(worst).toBeLessThan(1e-9)
    expect(worst).toBeGreaterThan(0) // a real split, not the same code path
    two.batches.forEach((l, k) => expect(l).toBeCloseTo(one.batches[k], 10))
  })

  it('predicts and evaluates the same windows bit for bit whatever the thread count (float64)', async () => {
    const { m } = await trained(config(), 'float64', 1)
    const threaded = model(config(), { precision: 'float64', threads: 3 })
    threaded.setWeights(m.getWeights())
    const before = threaded.shardsComputedByThreads
    expect(Array.from(threaded.predict(data.x, data.n))).toEqual(Array.from(m.predict(data.x, data.n)))
    expect(threaded.shardsComputedByThreads).toBeGreaterThan(before)
    expect(evaluateLoss(threaded, data, 'mae').loss).toBeCloseTo(evaluateLoss(m, data, 'mae').loss, 12)
  })

  it('trains on one thread, and says why, when the threads cannot start', async () => {
    const failing = (): Worker => new Worker('throw new Error("no threads here")', { eval: true })
    const m = model(config(), { precision: 'float32', threads: 2, startShardThread: failing })
    const r = await fit(m, data.x, data.y, data.n, settings)
    expect(r.epochsRun).toBe(2)
    expect(m.threadsInUse).toBe(1)
    expect(m.threadFailure).toMatch(/no threads here/)
    const alone = (await trained(config(), 'float32', 1)).weights
    expect(Array.from(m.getWeights())).toEqual(Array.from(alone))
  })

  it('fails with a message, instead of hanging, when a thread dies without a word in the middle of training', async () => {
    const c = config()
    const params = new SharedArrayBuffer(4 * paramCount(paramLayout(c)))
    // a thread that says it is ready, then ends: it will never answer a batch
    const deserter = (data: ShardThreadData): Worker =>
      new Worker(
        `const { workerData, parentPort } = require('node:worker_threads')
         const control = new Int32Array(workerData.control)
         parentPort.postMessage({ type: 'ready' })
         Atomics.add(control, ${Slot.ready}, 1)
         Atomics.notify(control, ${Slot.ready})`,
        { eval: true, workerData: data },
      )
    const team = new ShardTeam(c, 'float32', 'wasm-simd', 2, 40, params, deserter)
    team.stuckAfterMs = 300
    await team.start()
    const net = new LstmNetwork(c, getMatmulKernels('float32'), { params: new Float32Array(params) })
    const perStep = new Float64Array(3)
    expect(() =>
      team.trainBatch(net, data.x, data.y, 40, 'mae', new Float32Array(120), perStep, new Rng(1)),
    ).toThrow(/a training thread stopped answering/)
    expect(team.failed).toMatch(/stopped answering/)
    await team.close()
  })

  it('refuses an absurd thread count', () => {
    expect(() => new ScratchLstmModel(config(), { threads: 0 })).toThrow(/threads must be a whole number/)
    expect(() => new ScratchLstmModel(config(), { threads: 2.5 })).toThrow(/threads must be a whole number/)
  })
})
