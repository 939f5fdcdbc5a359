import { describe, expect, it } from 'vitest'
import { modelConfig, type ModelConfig } from './config'
import { PRECISIONS, type Precision } from './kernels/matmul'
import { adam, sgd } from './optimizer'
import { ScratchLstmModel } from './scratch-model'
import { dailyLoadSeries, makeWindows, sineSeries } from './synthetic'
import { evaluateLoss, fit, type FitOptions } from './trainer'

const base = (o: Partial<FitOptions> = {}): FitOptions => ({
  epochs: 10,
  batchSize: 32,
  optimizer: adam({ lr: 0.01 }),
  loss: 'mse',
  clipNorm: 1,
  weightDecay: 0,
  ...o,
})

describe.each(PRECISIONS)('learning sanity in %s', (precision: Precision) => {
  function model(c: Partial<ModelConfig> & Pick<ModelConfig, 'seqLen' | 'predSize'>) {
    const m = new ScratchLstmModel(modelConfig(c), { precision })
    expect(m.net.params).toBeInstanceOf(precision === 'float32' ? Float32Array : Float64Array)
    return m
  }

  it('fits a noiseless sine wave to a low loss', async () => {
    const d = makeWindows(sineSeries(400, 24), 12, 1)
    const m = model({ seqLen: 12, predSize: 1, hiddenSizes: [16] })
    const before = evaluateLoss(m, d, 'mse').loss
    const r = await fit(m, d.x, d.y, d.n, base({ epochs: 25 }))
    const after = evaluateLoss(m, d, 'mse').loss
    expect(before).toBeGreaterThan(0.05)
    expect(after).toBeLessThan(1e-3)
    expect(r.history).toHaveLength(25)
  })

  it('fits a synthetic daily load profile (2 layers, MAE, 4 steps ahead) to a low loss', async () => {
    const d = makeWindows(dailyLoadSeries(24 * 30, 24), 24, 4)
    const m = model({ seqLen: 24, predSize: 4, hiddenSizes: [12, 8], seed: 2 })
    const before = evaluateLoss(m, d, 'mae')
    await fit(m, d.x, d.y, d.n, base({ epochs: 25, loss: 'mae' }))
    const after = evaluateLoss(m, d, 'mae')
    expect(after.loss).toBeLessThan(0.08)
    expect(after.loss).toBeLessThan(before.loss / 4)
    // every output step is learned, not only the mean
    for (const l of after.perStep) expect(l).toBeLessThan(0.12)
  })

  it('reproduces a seeded run bit for bit (shuffling, dropout, init), and another seed differs', async () => {
    const d = makeWindows(dailyLoadSeries(24 * 6, 24, 0.05), 24, 2)
    const run = async (seed: number) => {
      const m = model({ seqLen: 24, predSize: 2, hiddenSizes: [6, 5], dropout: 0.2, seed })
      await fit(m, d.x, d.y, d.n, base({ epochs: 3, batchSize: 16 }))
      return m.getWeights()
    }
    const a = await run(42)
    const b = await run(42)
    const c = await run(43)
    expect(Array.from(b)).toEqual(Array.from(a))
    expect(Array.from(c)).not.toEqual(Array.from(a))
  })

  it('online mode (update after every time step, the study’s seed architecture) lowers the loss', async () => {
    const d = makeWindows(sineSeries(300, 24), 2, 2)
    const m = model({ seqLen: 2, predSize: 2, hiddenSizes: [2], head: 'none' })
    const before = evaluateLoss(m, d, 'mse').loss
    const r = await fit(m, d.x, d.y, d.n, base({ epochs: 8, online: true, optimizer: adam({ lr: 0.02 }) }))
    const after = evaluateLoss(m, d, 'mse').loss
    expect(r.history[7].loss).toBeLessThan(r.history[0].loss)
    expect(after).toBeLessThan(before / 3)
  })

  it('SGD with momentum lowers the loss', async () => {
    const d = makeWindows(sineSeries(300, 24), 12, 1)
    const m = model({ seqLen: 12, predSize: 1, hiddenSizes: [8] })
    const before = evaluateLoss(m, d, 'mse').loss
    await fit(m, d.x, d.y, d.n, base({ epochs: 10, optimizer: sgd({ lr: 0.1, momentum: 0.9 }) }))
    expect(evaluateLoss(m, d, 'mse').loss).toBeLessThan(before / 5)
  })

  it('weight decay keeps kernels smaller, and lr decay is applied per epoch', async () => {
    const d = makeWindows(sineSeries(200, 24), 12, 1)
    const norm = async (weightDecay: number) => {
      const m = model({ seqLen: 12, predSize: 1, hiddenSizes: [8] })
      const r = await fit(m, d.x, d.y, d.n, base({ epochs: 4, weightDecay, lrDecay: 0.5 }))
      expect(r.history.map((h) => h.lr)).toEqual([0.01, 0.005, 0.0025, 0.00125])
      return m.getWeights().reduce((s, w) => s + w * w, 0)
    }
    expect(await norm(0.1)).toBeLessThan(await norm(0))
  })

  it('stops between batches when asked, and reports every batch with a loss per output step', async () => {
    const d = makeWindows(sineSeries(200, 24), 12, 3)
    const m = model({ seqLen: 12, predSize: 3, hiddenSizes: [4] })
    const seen: number[][] = []
    const r = await fit(m, d.x, d.y, d.n, base({ epochs: 5, batchSize: 20 }), {
      onBatchEnd: (b) => seen.push(Array.from(b.perStep)),
      shouldStop: () => seen.length >= 3,
    })
    expect(r.stopped).toBe(true)
    expect(seen).toHaveLength(3)
    expect(r.epochsRun).toBe(1)
    for (const s of seen) expect(s).toHaveLength(3)
  })

  it('evaluates with the mean equal to the average of the per-step losses', () => {
    const d = makeWindows(sineSeries(100, 24), 12, 3)
    const m = model({ seqLen: 12, predSize: 3, hiddenSizes: [4] })
    const e = evaluateLoss(m, d, 'huber')
    expect(e.loss).toBeCloseTo(e.perStep.reduce((a, b) => a + b) / 3, 12)
  })
})
