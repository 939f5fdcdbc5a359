import { beforeAll, describe, expect, it } from 'vitest'
import { modelConfig, type ModelConfig } from '../config'
import { lossForwardBackward, type LossName } from '../losses'
import { adam, sgd, type OptimizerConfig } from '../optimizer'
import { Rng } from '../rng'
import { ScratchLstmModel } from '../scratch-model'
import { useTfjsBackend } from './backend'
import { TfjsLstmModel } from './tfjs-model'

/**
 * Agreement with TensorFlow.js (Keras-API layers, cpu backend, float32): the same weights loaded into both
 * engines give the same outputs, the same gradient for every weight, and the same weights after 10 updates.
 */
const TOL = 1e-5

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length)
  let m = 0
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]))
  return m
}

function pair(c: Partial<ModelConfig> & Pick<ModelConfig, 'seqLen' | 'predSize'>, B: number) {
  const config = modelConfig(c)
  const scratch = new ScratchLstmModel(config)
  const tfm = new TfjsLstmModel(config)
  const rng = new Rng(config.seed + 100)
  // random weights everywhere (biases too); float32-representable so both engines hold the same numbers
  const w = Float64Array.from(Float32Array.from(scratch.getWeights(), () => rng.uniform(-0.5, 0.5)))
  scratch.setWeights(w)
  tfm.setWeights(w)
  const { seqLen: T, inputSize: I, predSize: P } = config
  const x = Float64Array.from(Float32Array.from({ length: B * T * I }, () => rng.uniform(-1, 1)))
  const y = Float64Array.from(Float32Array.from({ length: B * P }, () => rng.uniform(-1, 1)))
  return { config, scratch, tfm, x, y, B }
}

function scratchGradients(m: ScratchLstmModel, x: Float64Array, y: Float64Array, B: number, loss: LossName) {
  const { seqLen: T, predSize: P } = m.config
  const yHat = m.net.forward(x, 0, B, T, false, null)
  const dy = new Float64Array(B * P)
  const l = lossForwardBackward(loss, dy, null, yHat, y, B, P)
  m.net.grads.fill(0)
  m.net.backward(dy)
  return { loss: l, grads: m.net.grads.slice() }
}

const models: [string, Partial<ModelConfig> & Pick<ModelConfig, 'seqLen' | 'predSize'>, number][] = [
  ['1 layer + dense head', { seqLen: 7, predSize: 2, hiddenSizes: [6] }, 5],
  [
    '2 layers, 3 features + dense head',
    { seqLen: 6, predSize: 3, hiddenSizes: [5, 4], inputSize: 3, seed: 2 },
    4,
  ],
  ['single cell (no head)', { seqLen: 5, predSize: 3, hiddenSizes: [3], head: 'none', seed: 3 }, 3],
]

describe('agreement with TensorFlow.js (cpu backend, Keras LSTM layers)', () => {
  beforeAll(async () => {
    await useTfjsBackend('cpu')
  })

  for (const [name, c, B] of models) {
    it(`${name}: forward outputs agree within 1e-5`, () => {
      const p = pair(c, B)
      const diff = maxAbsDiff(p.scratch.predict(p.x, B), p.tfm.predict(p.x, B))
      expect(diff).toBeLessThan(TOL)
      p.tfm.dispose()
    })

    for (const loss of ['mse', 'mae', 'huber'] as const) {
      it(`${name}: every parameter gradient agrees within 1e-5 (${loss})`, () => {
        const p = pair(c, B)
        // wide targets put Huber on both branches
        const y = loss === 'huber' ? p.y.map((v) => v * 3) : p.y
        const a = scratchGradients(p.scratch, p.x, y, B, loss)
        const b = p.tfm.lossAndGradients(p.x, y, B, loss)
        expect(Math.abs(a.loss - b.loss)).toBeLessThan(TOL)
        // the comparison is meaningful: gradients are far from zero
        expect(Math.max(...a.grads.map(Math.abs))).toBeGreaterThan(1e-2)
        expect(maxAbsDiff(a.grads, b.grads)).toBeLessThan(TOL)
        p.tfm.dispose()
      })
    }
  }

  const updates: [string, OptimizerConfig, number, number][] = [
    ['Adam (defaults)', adam(), 0, 0],
    ['Adam lr 0.01 with gradient clipping', adam({ lr: 0.01 }), 0.5, 0],
    ['SGD with momentum and weight decay', sgd({ lr: 0.05, momentum: 0.9 }), 0, 0.01],
  ]
  for (const [name, optimizer, clipNorm, weightDecay] of updates) {
    it(`${name}: weights agree after 10 updates (1 and 2 layers)`, () => {
      for (const [, c, B] of models.slice(0, 2)) {
        const p = pair(c, B)
        const settings = { optimizer, loss: 'mse' as const, clipNorm, weightDecay }
        p.scratch.compile(settings)
        p.tfm.compile(settings)
        const P = p.config.predSize
        const ps = new Float64Array(P)
        const pt = new Float64Array(P)
        const start = p.scratch.getWeights()
        for (let step = 0; step < 10; step++) {
          const la = p.scratch.trainBatch(p.x, p.y, B, ps, optimizer.lr)
          const lb = p.tfm.trainBatch(p.x, p.y, B, pt, optimizer.lr)
          expect(Math.abs(la - lb)).toBeLessThan(TOL)
          expect(maxAbsDiff(ps, pt)).toBeLessThan(TOL)
        }
        const wa = p.scratch.getWeights()
        // the weights moved, and moved the same way in both engines
        expect(maxAbsDiff(wa, start)).toBeGreaterThan(optimizer.lr)
        expect(maxAbsDiff(wa, p.tfm.getWeights())).toBeLessThan(TOL)
        p.tfm.dispose()
      }
    })
  }
})
