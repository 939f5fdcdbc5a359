import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { modelConfig } from '../config'
import { adam } from '../optimizer'
import { ScratchLstmModel } from '../scratch-model'
import { makeWindows, sineSeries } from '../synthetic'
import { evaluateLoss, fit } from '../trainer'
import { useTfjsBackend } from './backend'
import { TfjsLstmModel } from './tfjs-model'

describe('the TensorFlow.js engine behind the same interface', () => {
  it('trains with the one trainer (dropout, lr decay) and lowers the loss', async () => {
    await useTfjsBackend('cpu')
    const d = makeWindows(sineSeries(200, 24), 12, 2)
    const m = new TfjsLstmModel(modelConfig({ seqLen: 12, predSize: 2, hiddenSizes: [8, 6], dropout: 0.1 }))
    const before = evaluateLoss(m, d, 'mae').loss
    const r = await fit(m, d.x, d.y, d.n, {
      epochs: 6,
      batchSize: 32,
      optimizer: adam({ lr: 0.01 }),
      loss: 'mae',
      clipNorm: 1,
      weightDecay: 0,
      lrDecay: 0.9,
    })
    expect(r.history).toHaveLength(6)
    expect(evaluateLoss(m, d, 'mae').loss).toBeLessThan(before / 2)
    m.dispose()
  })

  it('starts from the same weights as the scratch engine, and its files load into the scratch engine', async () => {
    await useTfjsBackend('cpu')
    const config = modelConfig({ seqLen: 6, predSize: 2, hiddenSizes: [4], seed: 5 })
    const t = new TfjsLstmModel(config)
    const s = new ScratchLstmModel(config)
    const wt = t.getWeights()
    const ws = s.getWeights()
    for (let k = 0; k < ws.length; k++) expect(wt[k]).toBeCloseTo(ws[k], 6)
    const x = Float64Array.from({ length: 3 * 6 }, (_, k) => Math.sin(k))
    const loaded = ScratchLstmModel.fromBytes(t.serialize())
    const a = t.predict(x, 3)
    const b = loaded.predict(x, 3)
    for (let k = 0; k < a.length; k++) expect(Math.abs(a[k] - b[k])).toBeLessThan(1e-5)
    t.dispose()
  })

  it('runs offline on the wasm backend with the same results as cpu', async () => {
    const config = modelConfig({ seqLen: 8, predSize: 2, hiddenSizes: [6, 4], seed: 6 })
    const x = Float64Array.from({ length: 4 * 8 }, (_, k) => Math.cos(k / 3))
    await useTfjsBackend('cpu')
    const cpu = new TfjsLstmModel(config)
    const onCpu = cpu.predict(x, 4)
    cpu.dispose()
    await useTfjsBackend('wasm')
    expect(tf.getBackend()).toBe('wasm')
    const wasm = new TfjsLstmModel(config)
    const onWasm = wasm.predict(x, 4)
    for (let k = 0; k < onCpu.length; k++) expect(Math.abs(onCpu[k] - onWasm[k])).toBeLessThan(1e-5)
    wasm.dispose()
  })
})
