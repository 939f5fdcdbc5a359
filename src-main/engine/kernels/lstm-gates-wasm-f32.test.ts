import { describe, expect, it } from 'vitest'
import { lstmBackward, lstmForward } from '../lstm-layer'
import { Rng } from '../rng'
import { jsKernels, jsKernels32 } from './gemm-js'
import { createWasmLstmGates, type WasmLstmGates } from './lstm-gates-wasm'
import { buildLstmGatesModule } from './lstm-gates-wasm-module'
import type { FloatArray, MatmulKernels } from './matmul'
import { createWasmArena } from './wasm-arena'
import { f32Lanes } from './wasm-lanes'
import { wasmApi } from '../../wasm/api'

describe('WebAssembly SIMD LSTM gate activations in float32 (f32x4)', () => {
  it('computes e^x within 2 float32 ulp of the exact value over the clamped range, NaN stays NaN', () => {
    const wasm = wasmApi()!
    const memory = createWasmArena()!.memory
    memory.grow(4)
    const exports = new wasm.Instance(new wasm.Module(buildLstmGatesModule(f32Lanes(false))), {
      env: { memory },
    }).exports as { exp(dst: number, src: number, n: number): void }
    const n = 40000
    const heap = new Float32Array(memory.buffer)
    const special = [
      0,
      1,
      -1,
      1e-30,
      -1e-30,
      87,
      -87,
      88,
      -100,
      1e9,
      -Infinity,
      Infinity,
      NaN,
      0.5 * Math.LN2,
    ]
    const rng = new Rng(5)
    for (let k = 0; k < n; k++)
      heap[k] = k < special.length ? special[k] : rng.uniform(k % 2 ? -95 : -10, k % 2 ? 95 : 10)
    exports.exp(n * 4, 0, n)
    let worst = 0
    for (let k = 0; k < n; k++) {
      const x = heap[k]
      const got = heap[n + k]
      if (Number.isNaN(x)) {
        expect(got).toBeNaN()
        continue
      }
      const want = Math.exp(Math.min(87, Math.max(-87, x))) // the documented clamp
      const ulp = 2 ** (Math.floor(Math.log2(want)) - 23)
      worst = Math.max(worst, Math.abs(got - want) / ulp)
    }
    expect(heap[n]).toBe(1) // e^0 exactly
    expect(worst).toBeLessThanOrEqual(2)
  })

  /** One lstmForward and lstmBackward over random data of a precision, every output returned in float64. */
  function run(kernels: MatmulKernels, B: number, H: number, T: number) {
    const I = 3
    const rng = new Rng(B * 100 + H)
    const of = (n: number, lo: number, hi: number) =>
      Float32Array.from({ length: n }, () => rng.uniform(lo, hi))
    const x = of(T * B * I, -2, 2)
    // large weights: pre-activations up to about ±30, so the gates saturate in places
    const wx = of(I * 4 * H, -4, 4)
    const wh = of(H * 4 * H, -2, 2)
    const bias = of(4 * H, -1, 1)
    const dhsValues = of(T * B * H, -1, 1)
    const c0 = of(B * H, -1, 1)
    const buffer = (n: number): FloatArray =>
      kernels.allocate?.(n) ?? (kernels.precision === 'float32' ? new Float32Array(n) : new Float64Array(n))
    const as = (v: Float32Array) => {
      const out = buffer(v.length)
      out.set(v)
      return out
    }
    const [xs, wxs, whs, bs] = [x, wx, wh, bias].map(as)
    const hs = buffer((T + 1) * B * H)
    const cs = buffer((T + 1) * B * H)
    cs.set(c0)
    const gates = buffer(T * B * 4 * H)
    const tanhC = buffer(T * B * H)
    lstmForward(hs, cs, gates, xs, 0, wxs, whs, bs, T, B, I, H, kernels, true, tanhC)
    const out = { hs: Float64Array.from(hs), cs: Float64Array.from(cs), gates: Float64Array.from(gates) }
    const dhs = as(dhsValues)
    const grads = {
      dx: buffer(T * B * I),
      dwx: buffer(I * 4 * H),
      dwh: buffer(H * 4 * H),
      dbias: buffer(4 * H),
    }
    lstmBackward(
      grads.dx,
      grads.dwx,
      grads.dwh,
      grads.dbias,
      gates,
      dhs,
      buffer(B * H),
      buffer(B * H),
      hs,
      cs,
      xs,
      0,
      wxs,
      whs,
      T,
      B,
      I,
      H,
      kernels,
      true,
      tanhC,
    )
    return {
      ...out,
      dz: Float64Array.from(gates),
      dx: Float64Array.from(grads.dx),
      dwx: Float64Array.from(grads.dwx),
      dwh: Float64Array.from(grads.dwh),
      dbias: Float64Array.from(grads.dbias),
    }
  }

  const arena = createWasmArena()!
  const gates32 = createWasmLstmGates(wasmApi()!, arena, f32Lanes(false)) as WasmLstmGates
  const withWasmGates32: MatmulKernels = {
    ...jsKernels32,
    name: 'js + wasm f32 gates',
    allocate: (n) => arena.allocate32(n),
    lstmGatesForward: gates32.forward,
    lstmGatesBackward: gates32.backward,
  }

  it.each([
    [1, 4],
    [5, 8],
    [64, 32],
    [3, 128],
  ])('follows the float64 loop to float32 rounding (B = %i, H = %i)', (B, H) => {
    arena.reset()
    const want = run(jsKernels, B, H, 6) // the reference: float64 throughout, on the same float32 inputs
    const got = run(withWasmGates32, B, H, 6)
    for (const key of ['hs', 'cs', 'gates', 'dz', 'dx', 'dwx', 'dwh', 'dbias'] as const) {
      let worst = 0
      let scale = 0
      want[key].forEach((w, k) => {
        worst = Math.max(worst, Math.abs(got[key][k] - w))
        scale = Math.max(scale, Math.abs(w))
      })
      // six steps of float32 rounding through saturated gates and sums of 3 + H terms
      expect(worst / Math.max(1, scale), key).toBeLessThan(2e-5)
    }
    expect(got.hs.filter((v) => v !== 0).length).toBeGreaterThan(5 * B * H)
  })

  it('leaves hidden sizes that do not fill four lanes, and float64 buffers, to the JavaScript loops', () => {
    arena.reset()
    const six = () => arena.allocate32(6)
    expect(gates32.forward(arena.allocate32(24), 0, six(), 0, 6, six(), 6, null, 0, 1, 6)).toBe(false)
    expect(gates32.backward(arena.allocate32(24), 0, six(), 0, 6, six(), 0, six(), six(), 1, 6)).toBe(false)
    const eight64 = () => arena.allocate(8)
    expect(gates32.forward(arena.allocate(32), 0, eight64(), 0, 4, eight64(), 4, null, 0, 1, 4)).toBe(false)
    const eight = () => arena.allocate32(8)
    expect(gates32.forward(arena.allocate32(32), 0, eight(), 0, 4, eight(), 4, null, 0, 1, 4)).toBe(true)
  })
})
