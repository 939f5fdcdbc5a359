import { buildLstmGatesModule } from './lstm-gates-wasm-module'
import type { LstmGatesBackward, LstmGatesForward } from './matmul'
import { compiledOnce, type WasmApi } from './wasm-api'
import type { WasmArena } from './wasm-arena'

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
  gatesBackward(
    g: number,
    cPrev: number,
    cNext: number,
    dhs: number,
    dh: number,
    dc: number,
    B: number,
    H: number,
  ): void
}

export interface WasmLstmGates {
  forward: LstmGatesForward
  backward: LstmGatesBackward
}

/** The compiled module, once per process (null when it does not validate: no SIMD). */
const gatesModule = compiledOnce(buildLstmGatesModule)

/**
 * The LSTM step activations in WebAssembly SIMD (lstm-gates-wasm-module.ts) on an arena's memory. Buffers that
 * live in the arena (a network's, allocated there) are read and written in place; otherwise the step's blocks
 * are copied through the arena's scratch region. Returns null where the module cannot be instantiated.
 */
export function createWasmLstmGates(wasm: WasmApi, arena: WasmArena): WasmLstmGates | null {
  const module = gatesModule(wasm)
  if (!module) return null
  let fns: GatesExports
  try {
    fns = new wasm.Instance(module, { env: { memory: arena.memory } }).exports as unknown as GatesExports
  } catch {
    return null
  }
  const forward: LstmGatesForward = (
    gates,
    gOff,
    cs,
    cPrevOff,
    cNextOff,
    hs,
    hNextOff,
    tanhC,
    tcOff,
    B,
    H,
  ) => {
    if (H % 2 !== 0 || B === 0) return false // two units per instruction: odd sizes stay in JavaScript
    const BG = B * 4 * H
    const BH = B * H
    const g = arena.addressOf(gates, gOff)
    const cPrev = arena.addressOf(cs, cPrevOff)
    const cNext = arena.addressOf(cs, cNextOff)
    const h = arena.addressOf(hs, hNextOff)
    const tc = tanhC === null ? -1 : arena.addressOf(tanhC, tcOff)
    if (g >= 0 && cPrev >= 0 && h >= 0 && (tc >= 0 || tanhC === null)) {
      // in place; without a tanh(c) buffer it goes to scratch and is dropped
      const tcAt = tc >= 0 ? tc : 8 * arena.scratch(BH)
      fns.gatesForward(g, cPrev, cNext, h, tcAt, B, H)
      return true
    }
    // copied: z / gates [B, 4H] | c_prev | c | h | tanh(c), each [B, H]
    const s = arena.scratch(BG + 4 * BH)
    const m = arena.heap
    const [zAt, cpAt, cAt, hAt, tAt] = [s, s + BG, s + BG + BH, s + BG + 2 * BH, s + BG + 3 * BH]
    m.set(gates.subarray(gOff, gOff + BG), zAt)
    m.set(cs.subarray(cPrevOff, cPrevOff + BH), cpAt)
    fns.gatesForward(8 * zAt, 8 * cpAt, 8 * cAt, 8 * hAt, 8 * tAt, B, H)
    gates.set(m.subarray(zAt, zAt + BG), gOff)
    cs.set(m.subarray(cAt, cAt + BH), cNextOff)
    hs.set(m.subarray(hAt, hAt + BH), hNextOff)
    if (tanhC !== null) tanhC.set(m.subarray(tAt, tAt + BH), tcOff)
    return true
  }
  const backward: LstmGatesBackward = (gates, gOff, cs, cPrevOff, cNextOff, dhs, dhsOff, dh, dc, B, H) => {
    if (H % 2 !== 0 || B === 0) return false
    const BG = B * 4 * H
    const BH = B * H
    const g = arena.addressOf(gates, gOff)
    const cPrev = arena.addressOf(cs, cPrevOff)
    const cNext = arena.addressOf(cs, cNextOff)
    const up = arena.addressOf(dhs, dhsOff)
    const dhAt = arena.addressOf(dh, 0)
    const dcAt = arena.addressOf(dc, 0)
    if (g >= 0 && cPrev >= 0 && up >= 0 && dhAt >= 0 && dcAt >= 0) {
      fns.gatesBackward(g, cPrev, cNext, up, dhAt, dcAt, B, H)
      return true
    }
    // copied: gates → dz [B, 4H] | c_prev | c | dL/dh from above | dh | dc, each [B, H]
    const s = arena.scratch(BG + 5 * BH)
    const m = arena.heap
    const [zAt, cpAt, cnAt, uAt, hAt, cAt] = [0, BG, BG + BH, BG + 2 * BH, BG + 3 * BH, BG + 4 * BH].map(
      (o) => s + o,
    )
    m.set(gates.subarray(gOff, gOff + BG), zAt)
    m.set(cs.subarray(cPrevOff, cPrevOff + BH), cpAt)
    m.set(cs.subarray(cNextOff, cNextOff + BH), cnAt)
    m.set(dhs.subarray(dhsOff, dhsOff + BH), uAt)
    m.set(dh.subarray(0, BH), hAt)
    m.set(dc.subarray(0, BH), cAt)
    fns.gatesBackward(8 * zAt, 8 * cpAt, 8 * cnAt, 8 * uAt, 8 * hAt, 8 * cAt, B, H)
    gates.set(m.subarray(zAt, zAt + BG), gOff)
    dc.set(m.subarray(cAt, cAt + BH), 0)
    return true
  }
  return { forward, backward }
}
