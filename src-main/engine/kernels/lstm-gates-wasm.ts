import { buildLstmGatesModule } from './lstm-gates-wasm-module'
import type { LstmGatesBackward, LstmGatesForward, Precision } from './matmul'
import { ownModule, reportFallback, type OwnModule, type WasmApi, type WasmModuleUse } from '../../wasm/api'
import type { WasmArena } from './wasm-arena'
import { f32Lanes, F64_LANES, type Lanes } from './wasm-lanes'

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

/**
 * The modules, one per precision, each compiled once per process on first use (null when it does not validate:
 * no SIMD, reported once under its name).
 */
const gatesModules: Record<Precision, OwnModule> = {
  float64: ownModule('engine gates', () => buildLstmGatesModule(F64_LANES)),
  // the gate module uses no multiply-add: one float32 module whatever the products use
  float32: ownModule('engine gates f32', () => buildLstmGatesModule(f32Lanes(false))),
}
/** counted per step run in WebAssembly (wasm/api.ts: a fast path must be seen to be taken) */
export const gatesModuleUses: Record<Precision, WasmModuleUse> = {
  float64: gatesModules.float64.use,
  float32: gatesModules.float32.use,
}

/**
 * The LSTM step activations in WebAssembly SIMD (lstm-gates-wasm-module.ts) on an arena's memory, in place,
 * in the precision of `lanes`: they handle a step only when its buffers live in the arena (a network's are
 * allocated there), are of that precision and H fills whole vectors (a multiple of 2 in float64, 4 in
 * float32); otherwise they return false and the JavaScript loops run (copying each step in and out saved
 * nothing measurable). Returns null where the module cannot be instantiated.
 */
export function createWasmLstmGates(
  wasm: WasmApi,
  arena: WasmArena,
  lanes: Lanes = F64_LANES,
): WasmLstmGates | null {
  const module = gatesModules[lanes.precision].compiled(wasm)
  const use = gatesModuleUses[lanes.precision]
  const E = lanes.bytes
  const W = lanes.lanes
  if (!module) return null
  let fns: GatesExports
  try {
    fns = new wasm.Instance(module, { env: { memory: arena.memory } }).exports as unknown as GatesExports
  } catch (error) {
    reportFallback(use, `it cannot be instantiated (${(error as Error).message})`)
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
    if (H % W !== 0 || B === 0) return false // W units per instruction: other sizes stay in JavaScript
    const BH = B * H
    const g = arena.addressOf(gates, gOff, E)
    const cPrev = arena.addressOf(cs, cPrevOff, E)
    const cNext = arena.addressOf(cs, cNextOff, E)
    const h = arena.addressOf(hs, hNextOff, E)
    const tc = tanhC === null ? -1 : arena.addressOf(tanhC, tcOff, E)
    if (g < 0 || cPrev < 0 || h < 0 || (tc < 0 && tanhC !== null)) return false
    // without a tanh(c) buffer it goes to scratch and is dropped
    fns.gatesForward(g, cPrev, cNext, h, tc >= 0 ? tc : arena.scratchBytes(E * BH), B, H)
    use.calls++
    return true
  }
  const backward: LstmGatesBackward = (gates, gOff, cs, cPrevOff, cNextOff, dhs, dhsOff, dh, dc, B, H) => {
    if (H % W !== 0 || B === 0) return false
    const g = arena.addressOf(gates, gOff, E)
    const cPrev = arena.addressOf(cs, cPrevOff, E)
    const cNext = arena.addressOf(cs, cNextOff, E)
    const up = arena.addressOf(dhs, dhsOff, E)
    const dhAt = arena.addressOf(dh, 0, E)
    const dcAt = arena.addressOf(dc, 0, E)
    if (g < 0 || cPrev < 0 || up < 0 || dhAt < 0 || dcAt < 0) return false
    fns.gatesBackward(g, cPrev, cNext, up, dhAt, dcAt, B, H)
    use.calls++
    return true
  }
  return { forward, backward }
}
