import { describe, expect, it } from 'vitest'
import { modelConfig, type ModelConfig } from './config'
import { jsKernels } from './kernels/gemm-js'
import type { MatmulKernels } from './kernels/matmul'
import { createWasmSimdKernels } from './kernels/gemm-wasm'
import { lossForwardBackward, type LossName } from './losses'
import { LstmNetwork } from './network'
import { Rng } from './rng'

/**
 * Finite-difference gradient check: for EVERY parameter, the analytic gradient from backward() must match the
 * fourth-order central difference (−L(w+2ε) + 8L(w+ε) − 8L(w−ε) + L(w−2ε)) / 12ε of the same float64 loss,
 * relative error < 1e-6. (The plain two-point difference leaves ~1e-12 of rounding noise, which is already 1e-6
 * of the smallest gradients of a 4-layer stack; the fourth-order stencil allows ε = 1e-3 and ~1e-13 noise.)
 */
interface Case {
  name: string
  config: Partial<ModelConfig> & Pick<ModelConfig, 'seqLen' | 'predSize'>
  loss: LossName
  B: number
  /** Target spread: wide targets put Huber's residuals on both sides of δ = 1. */
  targetScale?: number
}

function check(c: Case, kernels: MatmulKernels): { maxRel: number; count: number } {
  const config = modelConfig(c.config)
  const net = new LstmNetwork(config, kernels)
  const rng = new Rng(config.seed)
  // random weights everywhere (biases too), so no gradient is trivially zero
  for (let k = 0; k < net.params.length; k++) net.params[k] = rng.uniform(-0.6, 0.6)
  const { seqLen: T, inputSize: I, predSize: P } = config
  const x = new Float64Array(c.B * T * I).map(() => rng.uniform(-1, 1))
  const scale = c.targetScale ?? 0.8
  const target = new Float64Array(c.B * P).map(() => rng.uniform(-scale, scale))
  const dy = new Float64Array(c.B * P)
  // the dropout masks must be the same in every evaluation: a fresh generator with a fixed seed each time
  const lossAt = (withGrad: boolean): number => {
    const y = net.forward(x, 0, c.B, T, config.dropout > 0, new Rng(99))
    const l = lossForwardBackward(c.loss, withGrad ? dy : null, null, y, target, c.B, P)
    if (withGrad) {
      net.grads.fill(0)
      net.backward(dy)
    }
    return l
  }
  lossAt(true)
  const analytic = net.grads.slice()
  const eps = 1e-3
  let maxRel = 0
  for (let k = 0; k < net.params.length; k++) {
    const w = net.params[k]
    const at = (d: number) => {
      net.params[k] = w + d
      return lossAt(false)
    }
    const numeric = (-at(2 * eps) + 8 * at(eps) - 8 * at(-eps) + at(-2 * eps)) / (12 * eps)
    net.params[k] = w
    const rel = Math.abs(analytic[k] - numeric) / Math.max(Math.abs(analytic[k]) + Math.abs(numeric), 1e-6)
    maxRel = Math.max(maxRel, rel)
  }
  return { maxRel, count: net.params.length }
}

const cases: Case[] = [
  {
    name: '1 layer + dense head, MSE',
    config: { seqLen: 5, predSize: 2, hiddenSizes: [4] },
    loss: 'mse',
    B: 3,
  },
  {
    name: '1 layer + dense head, MAE',
    config: { seqLen: 5, predSize: 3, hiddenSizes: [3] },
    loss: 'mae',
    B: 4,
  },
  {
    name: '1 layer + dense head, Huber (both branches)',
    config: { seqLen: 4, predSize: 3, hiddenSizes: [5] },
    loss: 'huber',
    B: 4,
    targetScale: 3,
  },
  {
    name: '2 layers, 3 input features, dense head, MSE',
    config: { seqLen: 6, predSize: 2, hiddenSizes: [5, 3], inputSize: 3, seed: 3 },
    loss: 'mse',
    B: 3,
  },
  {
    name: '4 layers of mixed sizes, Huber',
    config: { seqLen: 3, predSize: 1, hiddenSizes: [3, 4, 2, 3], inputSize: 2, seed: 4 },
    loss: 'huber',
    B: 2,
    targetScale: 2,
  },
  {
    name: 'single cell (hidden state is the prediction), MSE',
    config: { seqLen: 4, predSize: 2, hiddenSizes: [2], head: 'none', seed: 5 },
    loss: 'mse',
    B: 3,
  },
  {
    name: 'single cell stacked on a layer, MAE',
    config: { seqLen: 4, predSize: 3, hiddenSizes: [4, 3], head: 'none', seed: 6 },
    loss: 'mae',
    B: 2,
  },
  {
    name: '3 layers with dropout between layers and before the head, MSE',
    config: { seqLen: 4, predSize: 2, hiddenSizes: [4, 3, 3], dropout: 0.3, seed: 7 },
    loss: 'mse',
    B: 3,
  },
  {
    name: 'batch of 5 (edges of the 4×4 kernel tiles), 2 layers, MAE',
    config: { seqLen: 7, predSize: 5, hiddenSizes: [6, 5], inputSize: 5, seed: 8 },
    loss: 'mae',
    B: 5,
  },
]

// both kernel sets: the plain-JavaScript reference, and the WebAssembly SIMD products and gate activations with
// every product in WebAssembly (jsBelow 0: by default products this small go to JavaScript)
const kernelSets: [string, MatmulKernels][] = [
  ['js', jsKernels],
  ['wasm-simd', createWasmSimdKernels({ jsBelow: 0 }) as MatmulKernels],
]

describe.each(kernelSets)(
  'finite-difference gradient check (float64, every parameter), %s kernels',
  (_, kernels) => {
    for (const c of cases) {
      it(c.name, () => {
        const { maxRel, count } = check(c, kernels)
        expect(count).toBeGreaterThan(0)
        expect(maxRel).toBeLessThan(1e-6)
      })
    }
  },
)

describe('finite-difference gradient check', () => {
  it('detects a wrong gradient (the check itself can fail)', () => {
    // same comparison with one analytic gradient perturbed by 1 %: must exceed the tolerance
    const config = modelConfig({ seqLen: 3, predSize: 1, hiddenSizes: [2] })
    const net = new LstmNetwork(config)
    const rng = new Rng(11)
    for (let k = 0; k < net.params.length; k++) net.params[k] = rng.uniform(-0.6, 0.6)
    const x = new Float64Array(2 * 3).map(() => rng.uniform(-1, 1))
    const target = new Float64Array(2).map(() => rng.uniform(-1, 1))
    const dy = new Float64Array(2)
    const lossOf = () =>
      lossForwardBackward('mse', dy, null, net.forward(x, 0, 2, 3, false, null), target, 2, 1)
    lossOf()
    net.grads.fill(0)
    net.backward(dy)
    const k = 3
    const wrong = net.grads[k] * 1.01
    const w = net.params[k]
    net.params[k] = w + 1e-5
    const lp = lossOf()
    net.params[k] = w - 1e-5
    const lm = lossOf()
    const numeric = (lp - lm) / 2e-5
    expect(Math.abs(wrong - numeric) / (Math.abs(wrong) + Math.abs(numeric))).toBeGreaterThan(1e-6)
  })
})
