/**
 * The WebAssembly opcodes our emitted modules use (the engine's products and gates, the import's row scanner,
 * tally and summaries), checked against the specification: core opcodes from the core spec's binary format
 * (document/core/binary/instructions.rst, types.rst), SIMD opcodes from the final numbering of the fixed-width
 * SIMD proposal (proposals/simd/BinarySIMD.md, merged into Wasm 2.0). Early drafts of that proposal numbered the
 * SIMD opcodes differently (f64x2.add was 0xa5 there, 0xf0 now): only the final numbering validates in
 * Node ≥ 16.4 / Chromium ≥ 91.
 */

/** Value types (types.rst; v128 from BinarySIMD.md). */
export const I32 = 0x7f
export const I64 = 0x7e
export const F64 = 0x7c
export const V128 = 0x7b
export type ValueType = typeof I32 | typeof I64 | typeof F64 | typeof V128

/** Single-byte core opcodes. */
export const Op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  i64Load: 0x29,
  f32Load: 0x2a,
  f64Load: 0x2b,
  i32Load8U: 0x2d,
  i32Load16U: 0x2f,
  i32Store: 0x36,
  i64Store: 0x37,
  f32Store: 0x38,
  f64Store: 0x39,
  i32Store8: 0x3a,
  i32Const: 0x41,
  i64Const: 0x42,
  f64Const: 0x44,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32Ne: 0x47,
  i32LtS: 0x48,
  i32LtU: 0x49,
  i32GtS: 0x4a,
  i32GtU: 0x4b,
  i32LeS: 0x4c,
  i32LeU: 0x4d,
  i32GeS: 0x4e,
  i32GeU: 0x4f,
  i64Eq: 0x51,
  f64Eq: 0x61,
  f64Ne: 0x62,
  f64Lt: 0x63,
  f64Gt: 0x64,
  f64Ge: 0x66,
  i32Ctz: 0x68,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32DivU: 0x6e,
  i32RemU: 0x70,
  i32And: 0x71,
  i32Or: 0x72,
  i32Shl: 0x74,
  i64Add: 0x7c,
  i64Sub: 0x7d,
  i64Mul: 0x7e,
  i64And: 0x83,
  i64Or: 0x84,
  i64ShrU: 0x88,
  f32Add: 0x92,
  f64Abs: 0x99,
  f64Neg: 0x9a,
  f64Floor: 0x9c,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f64Div: 0xa3,
  i32TruncF64S: 0xaa,
  f32DemoteF64: 0xb6,
  f64ConvertI32S: 0xb7,
  i64ExtendI32U: 0xad,
  f64ConvertI64U: 0xba,
  f64PromoteF32: 0xbb,
} as const

/** Block type of a block/loop/if that leaves nothing on the stack. */
export const VOID_BLOCK = 0x40

/** Prefix byte of every SIMD instruction; the SIMD opcode follows as an unsigned LEB128 number. */
export const SIMD_PREFIX = 0xfd

/** SIMD opcodes (final numbering, BinarySIMD.md). */
export const Simd = {
  v128Load: 0x00,
  v128Load32Splat: 0x09,
  v128Load64Splat: 0x0a,
  v128Store: 0x0b,
  v128Const: 0x0c,
  i8x16Splat: 0x0f,
  f32x4Splat: 0x13,
  f64x2Splat: 0x14,
  i8x16Eq: 0x23,
  v128Or: 0x50,
  i8x16Bitmask: 0x64,
  f64x2ExtractLane: 0x21,
  i32x4Shl: 0xab,
  i32x4Add: 0xae,
  i64x2Shl: 0xcb,
  i64x2Add: 0xce,
  f32x4Neg: 0xe1,
  f32x4Add: 0xe4,
  f32x4Sub: 0xe5,
  f32x4Mul: 0xe6,
  f32x4Div: 0xe7,
  f32x4Min: 0xe8,
  f32x4Max: 0xe9,
  f32x4Pmin: 0xea,
  f32x4Pmax: 0xeb,
  f64x2Neg: 0xed,
  f64x2Add: 0xf0,
  f64x2Sub: 0xf1,
  f64x2Mul: 0xf2,
  f64x2Div: 0xf3,
  f64x2Min: 0xf4,
  f64x2Max: 0xf5,
  f64x2Pmin: 0xf6,
  f64x2Pmax: 0xf7,
} as const

/**
 * Relaxed SIMD opcodes (proposals/relaxed-simd/Overview.md, binary opcodes 0x100–0x113 after the 0xfd prefix,
 * part of Wasm 3.0). Their results may differ between platforms (relaxed_madd is a fused multiply-add where the
 * hardware has one, a multiply then an add elsewhere), so they are used only behind a feature test
 * (wasm/features.ts) with a fallback to the fixed-width instructions.
 */
export const RelaxedSimd = {
  /** a·b + c, per f32 lane: fused or not, the implementation's choice */
  f32x4Madd: 0x105,
  /** a·b + c, per f64 lane */
  f64x2Madd: 0x107,
} as const

/** Module sections (modules.rst), in the order they must appear. */
export const Section = { type: 1, import: 2, function: 3, export: 7, code: 10 } as const

/** Import/export kinds. */
export const ExternalKind = { function: 0x00, memory: 0x02 } as const
