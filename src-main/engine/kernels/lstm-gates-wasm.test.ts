import { describe, expect, it } from 'vitest'
import { lstmBackward, lstmForward } from '../lstm-layer'
import { Rng } from '../rng'
import { jsKernels } from './gemm-js'
import { createWasmLstmGates, type WasmLstmGates } from './lstm-gates-wasm'
import { buildLstmGatesModule } from './lstm-gates-wasm-module'
import type { MatmulKernels } from './matmul'
import { wasmApi } from '../../wasm/api'
import { createWasmArena } from './wasm-arena'

const ULP = Number.EPSILON // relative spacing of doubles in [1, 2)

describe('WebAssembly SIMD LSTM gate activations', () => {
  it('computes e^x within 2 ulp of Math.exp over the whole clamped range, NaN stays NaN', () => {
    const wasm = wasmApi()!
    const memory = createWasmArena()!.memory // the module imports a shared memory, as the arena's
    memory.grow(8)
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

  /**
   * One lstmForward, then one lstmBackward, over random data with the given kernels; every output buffer
   * (the forward pass's before the backward pass overwrites the gates with dz).
   */
  function forward(kernels: MatmulKernels, B: number, H: number, T: number) {
    const I = 3
    const rng = new Rng(B * 100 + H)
    const x = new Float64Array(T * B * I).map(() => rng.uniform(-2, 2))
    // large weights: pre-activations up to about ±30, so the gates saturate in places
    const wx = new Float64Array(I * 4 * H).map(() => rng.uniform(-4, 4))
    const wh = new Float64Array(H * 4 * H).map(() => rng.uniform(-2, 2))
    const bias = new Float64Array(4 * H).map(() => rng.uniform(-1, 1))
    // the step buffers where a network keeps them: in the arena when the kernels have one
    const buffer = (n: number) => kernels.allocate?.(n) ?? new Float64Array(n)
    const hs = buffer((T + 1) * B * H)
    const cs = buffer((T + 1) * B * H)
    for (let k = 0; k < B * H; k++) cs[k] = rng.uniform(-1, 1) // a non-zero c_0
    const gates = buffer(T * B * 4 * H)
    const tanhC = buffer(T * B * H)
    lstmForward(hs, cs, gates, x, 0, wx, wh, bias, T, B, I, H, kernels, true, tanhC)
    const out = { hs: hs.slice(), cs: cs.slice(), gates: gates.slice(), tanhC: tanhC.slice() }
    const dhs = buffer(T * B * H).map(() => rng.uniform(-1, 1))
    const grads = {
      dx: new Float64Array(T * B * I),
      dwx: new Float64Array(I * 4 * H),
      dwh: new Float64Array(H * 4 * H),
      dbias: new Float64Array(4 * H),
    }
    const scratch = () => buffer(B * H)
    lstmBackward(
      grads.dx,
      grads.dwx,
      grads.dwh,
      grads.dbias,
      gates,
      dhs,
      scratch(),
      scratch(),
      hs,
      cs,
      x,
      0,
      wx,
      wh,
      T,
      B,
      I,
      H,
      kernels,
      true,
      tanhC,
    )
    return { ...out, ...grads, dz: gates }
  }

  const arena = createWasmArena()!
  const wasmGates = createWasmLstmGates(wasmApi()!, arena) as WasmLstmGates
  const withWasmGates: MatmulKernels = {
    ...jsKernels,
    name: 'js + wasm gates',
    allocate: (n) => arena.allocate(n),
    lstmGatesForward: wasmGates.forward,
    lstmGatesBackward: wasmGates.backward,
  }
  const withWasmForwardOnly: MatmulKernels = {
    ...jsKernels,
    name: 'js + wasm forward',
    allocate: (n) => arena.allocate(n),
    lstmGatesForward: wasmGates.forward,
  }

  it.each([
    [1, 2],
    [5, 6],
    [64, 32],
    [3, 128],
  ])('agrees with the JavaScript gate loop to rounding (B = %i, H = %i)', (B, H) => {
    const want = forward(jsKernels, B, H, 6)
    const got = forward(withWasmGates, B, H, 6)
    for (const key of ['hs', 'cs', 'gates', 'tanhC', 'dx', 'dwx', 'dwh', 'dbias'] as const) {
      let worst = 0
      want[key].forEach(
        (w, k) => (worst = Math.max(worst, Math.abs(got[key][k] - w) / Math.max(1, Math.abs(w)))),
      )
      expect(worst, key).toBeLessThan(1e-13)
    }
    // not trivially equal: every step produced states
    expect(got.hs.filter((v) => v !== 0).length).toBeGreaterThan(5 * B * H)
  })

  it('backpropagates through the gates exactly as the JavaScript loop does (same forward pass, same bits)', () => {
    // the backward pass has no exponential of its own: tanh(c_t) is recomputed with the forward pass's
    // instructions, and every other operation is in the JavaScript loop's order
    const want = forward(withWasmForwardOnly, 7, 10, 5)
    const got = forward(withWasmGates, 7, 10, 5)
    for (const key of ['dz', 'dx', 'dwx', 'dwh', 'dbias'] as const) expect(got[key], key).toEqual(want[key])
  })

  it('leaves odd hidden sizes to the JavaScript loops (same bits)', () => {
    const six = () => arena.allocate(6)
    expect(wasmGates.forward(arena.allocate(12), 0, six(), 0, 3, six(), 3, null, 0, 1, 3)).toBe(false)
    expect(wasmGates.backward(arena.allocate(12), 0, six(), 0, 3, six(), 0, six(), six(), 1, 3)).toBe(false)
    const want = forward(jsKernels, 4, 5, 3)
    const got = forward(withWasmGates, 4, 5, 3)
    for (const key of ['hs', 'gates', 'dz', 'dwh', 'dx'] as const) expect(got[key], key).toEqual(want[key])
  })

  it('leaves buffers outside its memory to the JavaScript loops (same bits)', () => {
    const four = () => new Float64Array(4)
    expect(wasmGates.forward(new Float64Array(8), 0, four(), 0, 2, four(), 2, null, 0, 1, 2)).toBe(false)
    expect(wasmGates.backward(new Float64Array(8), 0, four(), 0, 2, four(), 0, four(), four(), 1, 2)).toBe(
      false,
    )
    const outside: MatmulKernels = { ...withWasmGates, allocate: undefined }
    const want = forward(jsKernels, 3, 4, 3)
    const got = forward(outside, 3, 4, 3)
    for (const key of ['hs', 'gates', 'dz', 'dwh', 'dx'] as const) expect(got[key], key).toEqual(want[key])
  })
})
