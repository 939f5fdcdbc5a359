import { encodeModule, WasmFunction } from './emitter'
import { RelaxedSimd, V128 } from './opcodes'
import { wasmApi } from './api'

/**
 * Feature tests for the optional WebAssembly instruction sets the kernels can use. Each builds the smallest
 * module that needs the feature and asks the engine to validate it: no flag or version number is trusted.
 *
 * Relaxed SIMD (fused multiply-add, Wasm 3.0): on by default from V8 11.4 (Chrome 114, so every Electron since
 * 25, ours included); Node 20 (V8 11.3) has it only behind --experimental-wasm-relaxed-simd, so under Node 20
 * the kernels use separate multiplies and adds.
 */

let relaxed: boolean | undefined

/** A module whose one function computes f32x4.relaxed_madd and f64x2.relaxed_madd of its locals. */
export function relaxedSimdProbe(): Uint8Array {
  const f = new WasmFunction('probe', 0)
  const [a, b, c] = [f.local(V128), f.local(V128), f.local(V128)]
  f.get(a).get(b).get(c).simd(RelaxedSimd.f32x4Madd).set(a)
  f.get(a).get(b).get(c).simd(RelaxedSimd.f64x2Madd).set(a)
  return encodeModule([f], 1)
}

/** Whether this process's WebAssembly validates relaxed SIMD's fused multiply-add (tested once). */
export function relaxedSimdAvailable(): boolean {
  if (relaxed === undefined) {
    const wasm = wasmApi()
    try {
      relaxed = wasm !== null && wasm.validate(relaxedSimdProbe())
    } catch {
      relaxed = false
    }
  }
  return relaxed
}
