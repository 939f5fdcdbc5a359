import { buildLstmGatesModule } from './lstm-gates-wasm-module'
import type { LstmGatesBackward, LstmGatesForward } from './matmul'
import { ownModule, reportFallback, type WasmApi } from '../../wasm/api'
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

/** The module, compiled once per process (null when it does not validate: no SIMD, reported once). */
const gatesModule = ownModule('engine gates', buildLstmGatesModule)
/** counted per step run in WebAssembly (wasm/api.ts: a fast path must be seen to be taken) */
export const gatesModuleUse = gatesModule.use

/**
 * The LSTM step activations in WebAssembly SIMD (lstm-gates-wasm-module.ts) on an arena's memory, in place:
 * they handle a step only when its buffers live in the arena (a network's are allocated there) and H is even;
 * otherwise they return false and the JavaScript loops run (copying each step in and out saved nothing
 * measurable). Returns null where the module cannot be instantiated.
 */
export function createWasmLstmGates(wasm: WasmApi, arena: WasmArena): WasmLstmGates | null {
  const module = gatesModule.compiled(wasm)
  if (!module) return null
  let fns: GatesExports
  try {
    fns = new wasm.Instance(module, { env: { memory: arena.memory } }).exports as unknown as GatesExports
  } catch (error) {
    reportFallback(gatesModuleUse, `it cannot be instantiated (${(error as Error).message})`)
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
    const BH = B * H
    const g = arena.addressOf(gates, gOff)
    const cPrev = arena.addressOf(cs, cPrevOff)
    const cNext = arena.addressOf(cs, cNextOff)
    const h = arena.addressOf(hs, hNextOff)
    const tc = tanhC === null ? -1 : arena.addressOf(tanhC, tcOff)
    if (g < 0 || cPrev < 0 || h < 0 || (tc < 0 && tanhC !== null)) return false
    // without a tanh(c) buffer it goes to scratch and is dropped
    fns.gatesForward(g, cPrev, cNext, h, tc >= 0 ? tc : 8 * arena.scratch(BH), B, H)
    gatesModuleUse.calls++
    return true
  }
  const backward: LstmGatesBackward = (gates, gOff, cs, cPrevOff, cNextOff, dhs, dhsOff, dh, dc, B, H) => {
    if (H % 2 !== 0 || B === 0) return false
    const g = arena.addressOf(gates, gOff)
    const cPrev = arena.addressOf(cs, cPrevOff)
    const cNext = arena.addressOf(cs, cNextOff)
    const up = arena.addressOf(dhs, dhsOff)
    const dhAt = arena.addressOf(dh, 0)
    const dcAt = arena.addressOf(dc, 0)
    if (g < 0 || cPrev < 0 || up < 0 || dhAt < 0 || dcAt < 0) return false
    fns.gatesBackward(g, cPrev, cNext, up, dhAt, dcAt, B, H)
    gatesModuleUse.calls++
    return true
  }
  return { forward, backward }
}
