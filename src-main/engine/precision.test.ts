import { describe, expect, it } from 'vitest'
import { modelConfig, type ModelConfig } from './config'
import { lossForwardBackward } from './losses'
import { LstmNetwork } from './network'
import { getMatmulKernels } from './kernels/select'
import type { MatmulKernels } from './kernels/matmul'
import { Rng } from './rng'
import { ScratchLstmModel } from './scratch-model'
import { relaxedSimdAvailable } from '../wasm/features'

/**
 * The float32 fast path against the float64 reference, on the same weights (float64 copies of float32 values,
 * so both start from identical numbers): forward outputs within 1e-5 relative to the outputs' size, and
 * gradients within float32 rounding. Training curves are compared on real households in
 * training/precision-fixtures.test.ts.
 */
const cases: { name: string; config: Partial<ModelConfig> & Pick<ModelConfig, 'seqLen' | 'predSize'> }[] = [
  { name: '1 layer × 32, dense head, T = 48', config: { seqLen: 48, predSize: 4, hiddenSizes: [32] } },
  {
    name: '2 layers × 64, 3 features, T = 96',
    config: { seqLen: 96, predSize: 4, hiddenSizes: [64, 64], inputSize: 3 },
  },
  {
    name: 'odd sizes (JavaScript gate loops)',
    config: { seqLen: 20, predSize: 3, hiddenSizes: [7, 6], inputSize: 2 },
  },
  { name: 'single cell', config: { seqLen: 12, predSize: 4, hiddenSizes: [16, 4], head: 'none' } },
]

function twins(c: Partial<ModelConfig> & Pick<ModelConfig, 'seqLen' | 'predSize'>) {
  const config = modelConfig(c)
  const f64 = new LstmNetwork(config, getMatmulKernels('float64'))
  const f32 = new LstmNetwork(config, getMatmulKernels('float32'))
  const rng = new Rng(3)
  for (let k = 0; k < f64.params.length; k++) f64.params[k] = Math.fround(rng.uniform(-0.4, 0.4))
  f32.params.set(f64.params)
  const B = 37 // off the 4×8 tile
  const { seqLen: T, inputSize: I, predSize: P } = config
  const x = new Float64Array(B * T * I).map(() => Math.fround(rng.uniform(-1, 1)))
  const target = new Float64Array(B * P).map(() => rng.uniform(-0.8, 0.8))
  return { config, f64, f32, B, T, P, x, target }
}

/** max |a − b| over max |b|: the error relative to the size of the reference values. */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0
  let scale = 0
  for (let k = 0; k < b.length; k++) {
    worst = Math.max(worst, Math.abs(a[k] - b[k]))
    scale = Math.max(scale, Math.abs(b[k]))
  }
  return worst / scale
}

describe('float32 fast path against the float64 reference', () => {
  it('runs float32 networks on the float32 WebAssembly kernels (the fast path is in use)', () => {
    const net = new LstmNetwork(modelConfig({ seqLen: 4, predSize: 1 }), getMatmulKernels('float32'))
    expect(net.mm.name).toBe(relaxedSimdAvailable() ? 'wasm-simd-f32-fma' : 'wasm-simd-f32')
    expect(net.params).toBeInstanceOf(Float32Array)
    const model = new ScratchLstmModel(modelConfig({ seqLen: 4, predSize: 1 }), { precision: 'float32' })
    expect(model.net.mm.precision).toBe('float32')
    expect(model.net.grads).toBeInstanceOf(Float32Array)
  })

  it('runs the float32 gate activations in WebAssembly at every step, forward and backward', () => {
    const calls = { forward: 0, backward: 0 }
    const inner = getMatmulKernels('float32').withOwnMemory!()
    const counting: MatmulKernels = {
      ...inner,
      withOwnMemory: undefined,
      lstmGatesForward: (...args) => {
        const done = inner.lstmGatesForward!(...args)
        if (done) calls.forward++
        return done
      },
      lstmGatesBackward: (...args) => {
        const done = inner.lstmGatesBackward!(...args)
        if (done) calls.backward++
        return done
      },
    }
    const T = 12
    const net = new LstmNetwork(modelConfig({ seqLen: T, predSize: 2, hiddenSizes: [16, 8] }), counting)
    const x = new Float64Array(5 * T).map((_, k) => Math.sin(k))
    net.forward(x, 0, 5, T, true, null)
    net.backward(new Float32Array(10).fill(0.1))
    // two layers × T steps each way: none of them fell back to the JavaScript loops
    expect(calls).toEqual({ forward: 2 * T, backward: 2 * T })
  })

  it('predicts a window the same alone or in a batch, bit for bit (no product changes kernels with the batch)', () => {
    // a small network: at one window its products are tiny, and must still round as in a batch of 40
    const model = new ScratchLstmModel(
      modelConfig({ seqLen: 16, predSize: 2, hiddenSizes: [4], inputSize: 2 }),
      {
        precision: 'float32',
      },
    )
    const rng = new Rng(8)
    const x = new Float64Array(40 * 16 * 2).map(() => rng.uniform(-1, 1))
    const batch = model.predict(x, 40)
    for (const k of [0, 17, 39]) {
      const alone = model.predict(x.subarray(k * 32, (k + 1) * 32), 1)
      expect(Array.from(alone)).toEqual(Array.from(batch.subarray(k * 2, k * 2 + 2)))
    }
  })

  for (const c of cases) {
    it(`gives the same forward outputs within 1e-5 relative: ${c.name}`, () => {
      const t = twins(c.config)
      const y64 = t.f64.forward(t.x, 0, t.B, t.T, false, null).slice()
      const y32 = t.f32.forward(t.x, 0, t.B, t.T, false, null).slice()
      expect(y32).toBeInstanceOf(Float32Array)
      expect(relativeError(y32, y64)).toBeLessThan(1e-5)
      // a real difference of precision, not the same code twice
      expect(Array.from(y32)).not.toEqual(Array.from(y64))
    })

    it(`gives the same gradients to float32 rounding: ${c.name}`, () => {
      const t = twins(c.config)
      const grads = (net: LstmNetwork) => {
        const y = net.forward(t.x, 0, t.B, t.T, true, null)
        const dy = net.precision === 'float32' ? new Float32Array(t.B * t.P) : new Float64Array(t.B * t.P)
        lossForwardBackward('mse', dy, null, y, t.target, t.B, t.P)
        net.grads.fill(0)
        net.backward(dy)
        return Float64Array.from(net.grads)
      }
      const g64 = grads(t.f64)
      const g32 = grads(t.f32)
      expect(relativeError(g32, g64)).toBeLessThan(1e-4)
    })
  }
})
