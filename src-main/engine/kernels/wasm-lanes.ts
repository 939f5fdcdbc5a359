import type { WasmFunction } from '../../wasm/emitter'
import { Op, RelaxedSimd, Simd } from '../../wasm/opcodes'

/**
 * The number type a WebAssembly kernel module is emitted for: float64 (two lanes per v128, the reference
 * path) or float32 (four lanes, the fast path). The module builders are written once against this
 * description, so the two modules differ only in the instructions it names.
 */
export interface Lanes {
  readonly precision: 'float64' | 'float32'
  /** bytes per number */
  readonly bytes: 8 | 4
  /** numbers per v128 */
  readonly lanes: 2 | 4
  /** log2 of `bytes`: the natural alignment of a scalar access */
  readonly alignLog2: 3 | 2
  readonly add: number
  readonly sub: number
  readonly mul: number
  readonly div: number
  readonly neg: number
  readonly pmin: number
  readonly pmax: number
  /** Relaxed SIMD's a·b + c, or null where the module must not use it (feature test failed, or float64). */
  readonly madd: number | null
  readonly scalarLoad: number
  readonly scalarStore: number
  readonly scalarAdd: number
  /** Pushes one number from memory broadcast to every lane. */
  splatLoad(f: WasmFunction, offset?: number): void
  /** Pushes a v128 with `value` in every lane. */
  constant(f: WasmFunction, value: number): void
}

export const F64_LANES: Lanes = {
  precision: 'float64',
  bytes: 8,
  lanes: 2,
  alignLog2: 3,
  add: Simd.f64x2Add,
  sub: Simd.f64x2Sub,
  mul: Simd.f64x2Mul,
  div: Simd.f64x2Div,
  neg: Simd.f64x2Neg,
  pmin: Simd.f64x2Pmin,
  pmax: Simd.f64x2Pmax,
  madd: null,
  scalarLoad: Op.f64Load,
  scalarStore: Op.f64Store,
  scalarAdd: Op.f64Add,
  splatLoad: (f, offset = 0) => void f.load64Splat(offset),
  constant: (f, value) => void f.f64x2Const(value),
}

/** Float32 lanes; with `fma` the products use relaxed SIMD's multiply-add (only where it validates). */
export function f32Lanes(fma: boolean): Lanes {
  return {
    precision: 'float32',
    bytes: 4,
    lanes: 4,
    alignLog2: 2,
    add: Simd.f32x4Add,
    sub: Simd.f32x4Sub,
    mul: Simd.f32x4Mul,
    div: Simd.f32x4Div,
    neg: Simd.f32x4Neg,
    pmin: Simd.f32x4Pmin,
    pmax: Simd.f32x4Pmax,
    madd: fma ? RelaxedSimd.f32x4Madd : null,
    scalarLoad: Op.f32Load,
    scalarStore: Op.f32Store,
    scalarAdd: Op.f32Add,
    splatLoad: (f, offset = 0) => void f.load32Splat(offset),
    constant: (f, value) => void f.f32x4Const(value),
  }
}
