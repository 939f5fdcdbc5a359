import { describe, expect, it } from 'vitest'
import { lstmForward } from '../lstm-layer'
import { Rng } from '../rng'
import { jsKernels } from './gemm-js'
import { createWasmLstmGates } from './lstm-gates-wasm'
import { buildLstmGatesModule } from './lstm-gates-wasm-module'
import type { LstmGatesForward, MatmulKernels } from './matmul'
import { wasmApi } from './wasm-api'

const ULP = Number.EPSILON // relative spacing of doubles in [1, 2)

describe('WebAssembly SIMD LSTM gate activations', () => {
  it('computes e^x within 2 ulp of Math.exp over the whole clamped range, NaN stays NaN', () => {
    const wasm = wasmApi()!
    const memory = new wasm.Memory({ initial: 8 })
    const exports = new wasm.Instance(new wasm.Module(buildLstmGatesModule()), { env: { memory } })
      .exports as {
      exp(dst: number, src: number, n: number): void
    }
    const n = 30000
    const heap = new Float64Array(memory.buffer)
    const special = [
      0,
      1,
      -1,
      1e-300,
      -1e-300,
      708,
      -708,
      709,
      -800,
      1e9,
      -Infinity,
      Infinity,
      NaN,
      0.5 * Math.LN2,
    ]
    const rng = new Rng(4)
    for (let k = 0; k < n; k++) heap[k] = k < special.length ? special[k] : rng.uniform(-720, 720)
    exports.exp(n * 8, 0, n)
    let worst = 0
    for (let k = 0; k < n; k++) {
      const x = heap[k]
      const got = heap[n + k]
      if (Number.isNaN(x)) {
        expect(got).toBeNaN()
        continue
      }
      const want = Math.exp(Math.min(708, Math.max(-708, x))) // the documented clamp
      worst = Math.max(worst, Math.abs(got - want) / want)
    }
    expect(heap[n]).toBe(1) // e^0 exactly
    expect(worst).toBeLessThanOrEqual(2 * ULP)
  })

  /** One lstmForward over random data with the given kernels; every output buffer. */
  function forward(kernels: MatmulKernels, B: number, H: number, T: number) {
    const I = 3
    const rng = new Rng(B * 100 + H)
    const x = new Float64Array(T * B * I).map(() => rng.uniform(-2, 2))
    // large weights: pre-activations up to about ±30, so the gates saturate in places
    const wx = new Float64Array(I * 4 * H).map(() => rng.uniform(-4, 4))
    const wh = new Float64Array(H * 4 * H).map(() => rng.uniform(-2, 2))
    const bias = new Float64Array(4 * H).map(() => rng.uniform(-1, 1))
    const hs = new Float64Array((T + 1) * B * H)
    const cs = new Float64Array((T + 1) * B * H)
    for (let k = 0; k < B * H; k++) cs[k] = rng.uniform(-1, 1) // a non-zero c_0
    const gates = new Float64Array(T * B * 4 * H)
    const tanhC = new Float64Array(T * B * H)
    lstmForward(hs, cs, gates, x, 0, wx, wh, bias, T, B, I, H, kernels, true, tanhC)
    return { hs, cs, gates, tanhC }
  }

  const wasmGates = createWasmLstmGates() as LstmGatesForward
  const withWasmGates: MatmulKernels = { ...jsKernels, name: 'js + wasm gates', lstmGatesForward: wasmGates }

  it.each([
    [1, 2],
    [5, 6],
    [64, 32],
    [3, 128],
  ])('agrees with the JavaScript gate loop to rounding (B = %i, H = %i)', (B, H) => {
    const want = forward(jsKernels, B, H, 6)
    const got = forward(withWasmGates, B, H, 6)
    for (const key of ['hs', 'cs', 'gates', 'tanhC'] as const) {
      let worst = 0
      want[key].forEach(
        (w, k) => (worst = Math.max(worst, Math.abs(got[key][k] - w) / Math.max(1, Math.abs(w)))),
      )
      expect(worst, key).toBeLessThan(1e-13)
    }
    // not trivially equal: every step produced states
    expect(got.hs.filter((v) => v !== 0).length).toBeGreaterThan(5 * B * H)
  })

  it('leaves odd hidden sizes to the JavaScript loop (same bits)', () => {
    const gates = new Float64Array(4 * 3)
    expect(wasmGates(gates, 0, new Float64Array(6), 0, 3, new Float64Array(6), 3, null, 0, 1, 3)).toBe(false)
    const want = forward(jsKernels, 4, 5, 3)
    const got = forward(withWasmGates, 4, 5, 3)
    expect(got.hs).toEqual(want.hs)
    expect(got.gates).toEqual(want.gates)
  })
})
