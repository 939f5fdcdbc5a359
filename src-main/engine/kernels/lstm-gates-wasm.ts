import { buildLstmGatesModule } from './lstm-gates-wasm-module'
import type { LstmGatesForward } from './matmul'
import { wasmApi, type WasmMemory } from './wasm-api'

const PAGE_BYTES = 65536

interface GatesExports {
  gatesForward(
    g: number,
    cPrev: number,
    cOut: number,
    hOut: number,
    tcOut: number,
    B: number,
    H: number,
  ): void
}

/**
 * The LSTM step activations in WebAssembly SIMD (lstm-gates-wasm-module.ts). As for the matrix products, the
 * engine's arrays are ordinary Float64Arrays: each step copies its [B, 4H] pre-activations and c_{t−1} in and
 * the activated gates, c_t, h_t and tanh(c_t) out (memcpy-speed copies, ~10 % of the step here). Returns null
 * where WebAssembly SIMD is unavailable.
 */
export function createWasmLstmGates(): LstmGatesForward | null {
  const wasm = wasmApi()
  if (!wasm) return null
  const bytes = buildLstmGatesModule()
  if (!wasm.validate(bytes)) return null
  let memory: WasmMemory
  let fns: GatesExports
  try {
    memory = new wasm.Memory({ initial: 1 })
    fns = new wasm.Instance(new wasm.Module(bytes), { env: { memory } }).exports as unknown as GatesExports
  } catch {
    return null
  }
  let heap = new Float64Array(memory.buffer)
  return (gates, gOff, cs, cPrevOff, cNextOff, hs, hNextOff, tanhC, tcOff, B, H) => {
    if (H % 2 !== 0 || B === 0) return false // two units per instruction: odd sizes stay in JavaScript
    const G = 4 * H
    const BH = B * H
    // layout (in numbers): z / gates [B, 4H] | c_prev | c | h | tanh(c), each [B, H]
    const cPrev = B * G
    const c = cPrev + BH
    const h = c + BH
    const tc = h + BH
    const bytes = (tc + BH) * 8
    if (bytes > memory.buffer.byteLength) {
      memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE_BYTES))
      heap = new Float64Array(memory.buffer) // growing detached the old view
    }
    heap.set(gates.subarray(gOff, gOff + B * G), 0)
    heap.set(cs.subarray(cPrevOff, cPrevOff + BH), cPrev)
    fns.gatesForward(0, cPrev * 8, c * 8, h * 8, tc * 8, B, H)
    gates.set(heap.subarray(0, B * G), gOff)
    cs.set(heap.subarray(c, c + BH), cNextOff)
    hs.set(heap.subarray(h, h + BH), hNextOff)
    if (tanhC !== null) tanhC.set(heap.subarray(tc, tc + BH), tcOff)
    return true
  }
}
