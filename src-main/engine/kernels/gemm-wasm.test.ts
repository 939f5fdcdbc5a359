import { describe, expect, it } from 'vitest'
import { modelConfig } from '../config'
import { adam } from '../optimizer'
import { Rng } from '../rng'
import { ScratchLstmModel } from '../scratch-model'
import { jsKernels } from './gemm-js'
import { createWasmSimdKernels } from './gemm-wasm'
import { buildGemmModule } from './gemm-wasm-module'
import type { MatmulKernels } from './matmul'
import { kernelsByName } from './select'
import { wasmApi } from '../../wasm/api'

/**
 * The SIMD kernels keep each element's sum in the JavaScript kernels' order (same k-blocks, accumulators from
 * zero, added to C at the end of each block), so the products are compared BIT FOR BIT, not within a tolerance.
 */
describe('WebAssembly SIMD matrix products', () => {
  it('emits a module that validates and compiles', () => {
    const wasm = wasmApi()
    const bytes = buildGemmModule()
    expect(wasm?.validate(bytes)).toBe(true)
    expect(() => new wasm!.Module(bytes)).not.toThrow()
  })

  // jsBelow 0: every product runs in WebAssembly, even the 1×1×1 ones the default would hand to JavaScript
  const wasm = createWasmSimdKernels({ jsBelow: 0 }) as MatmulKernels
  const rng = new Rng(21)
  const fill = (n: number) => {
    const v = new Float64Array(n)
    for (let i = 0; i < n; i++) v[i] = rng.uniform(-1, 1)
    return v
  }
  // around the 4×4 tile, the KC = 256 k-block and the 128-row chunk, 1-wide edges, and the LSTM shapes
  const fixed: [number, number, number][] = [
    [1, 1, 1],
    [1, 8, 2],
    [3, 5, 7],
    [4, 4, 4],
    [5, 9, 300],
    [13, 6, 513],
    [2, 3, 260],
    [64, 128, 32],
    [130, 7, 1],
    [257, 17, 3],
    [32, 128, 770],
    [7, 1, 9],
  ]
  const random: [number, number, number][] = Array.from({ length: 40 }, () => [
    1 + rng.int(70),
    1 + rng.int(70),
    1 + rng.int(rng.uniform(0, 1) < 0.2 ? 600 : 40),
  ])

  for (const kind of ['NN', 'NT', 'TN'] as const) {
    it(`gemm${kind} accumulates bit-identical products to the JavaScript kernels, at offsets`, () => {
      for (const [M, N, K] of [...fixed, ...random]) {
        const offA = rng.int(4)
        const offB = rng.int(4)
        const offC = rng.int(4)
        const a = fill(offA + M * K + 3)
        const b = fill(offB + K * N + 3)
        const c = fill(offC + M * N + 3) // non-zero C: products accumulate
        const expected = c.slice()
        jsKernels[`gemm${kind}`](expected, offC, a, offA, b, offB, M, N, K)
        wasm[`gemm${kind}`](c, offC, a, offA, b, offB, M, N, K)
        // equal everywhere, including the numbers before and after C's region, which must be untouched
        expect(c, `gemm${kind} ${M}×${N}×${K}`).toEqual(expected)
      }
    })
  }

  it('gives the same results after the memory has grown, and with zero-sized products', () => {
    const big = [300, 200, 300] as const
    const small = [5, 6, 7] as const
    for (const [M, N, K] of [small, big, small]) {
      const a = fill(M * K)
      const b = fill(K * N)
      const c = fill(M * N)
      const expected = c.slice()
      jsKernels.gemmNN(expected, 0, a, 0, b, 0, M, N, K)
      wasm.gemmNN(c, 0, a, 0, b, 0, M, N, K)
      expect(c).toEqual(expected)
    }
    const c = fill(4)
    const before = c.slice()
    wasm.gemmTN(c, 0, fill(4), 0, fill(4), 0, 2, 2, 0)
    expect(c).toEqual(before)
  })

  it('is selected by name, and trains an LSTM to the same weights as the JavaScript kernels', () => {
    const simd = kernelsByName('wasm-simd')
    expect(simd.name).toBe('wasm-simd-f64')
    expect(kernelsByName('js')).toBe(jsKernels)
    // B = 9 and H = 6: tile edges in every product; 2 layers, dense head
    const config = modelConfig({ seqLen: 12, predSize: 3, hiddenSizes: [6, 5], inputSize: 2, seed: 5 })
    const B = 9
    const train = (kernels: MatmulKernels) => {
      const model = new ScratchLstmModel(config, { kernels })
      model.compile({ optimizer: adam(), loss: 'mse', clipNorm: 1, weightDecay: 0 })
      const data = new Rng(3)
      const x = new Float64Array(B * 12 * 2).map(() => data.uniform(-1, 1))
      const y = new Float64Array(B * 3).map(() => data.uniform(-1, 1))
      const perStep = new Float64Array(3)
      for (let step = 0; step < 4; step++) model.trainBatch(x, y, B, perStep, 0.01)
      return { weights: model.getWeights(), prediction: model.predict(x, B) }
    }
    const reference = train(jsKernels)
    // gates off: their exponential is not Math.exp (lstm-gates-wasm.test.ts compares them within rounding)
    const withSimd = train(createWasmSimdKernels({ jsBelow: 0, gates: false }) as MatmulKernels)
    expect(withSimd.weights).toEqual(reference.weights)
    expect(withSimd.prediction).toEqual(reference.prediction)
  })
})
