import { ExternalKind, I32, Op, Section, SIMD_PREFIX, Simd, VOID_BLOCK, type ValueType } from './opcodes'

/**
 * A minimal WebAssembly binary emitter: enough to write a few numeric functions over one imported memory,
 * so the SIMD kernels are built from TypeScript at runtime, with no toolchain and no generated blob.
 * Every function takes i32 parameters and returns nothing (the kernels write their results to memory).
 */

/** Append n as unsigned LEB128 (sizes, indices, SIMD opcodes, memarg fields). */
export function pushUnsigned(out: number[], n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`not a u32: ${n}`)
  do {
    let byte = n & 0x7f
    n = Math.floor(n / 128)
    if (n !== 0) byte |= 0x80
    out.push(byte)
  } while (n !== 0)
}

/** Append n as signed LEB128 (i32.const immediates). */
export function pushSigned(out: number[], n: number): void {
  if (!Number.isInteger(n) || n < -0x80000000 || n > 0x7fffffff) throw new Error(`not an i32: ${n}`)
  for (;;) {
    const byte = n & 0x7f
    n >>= 7 // arithmetic shift keeps the sign
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)
    out.push(done ? byte : byte | 0x80)
    if (done) return
  }
}

function pushName(out: number[], name: string): void {
  const bytes = new TextEncoder().encode(name)
  pushUnsigned(out, bytes.length)
  for (const b of bytes) out.push(b)
}

/** An enclosing block, loop or if: branches name it, the emitter turns it into a relative depth. */
export interface Label {
  readonly depth: number
}

/** log2 of an 8-byte alignment hint (a memarg's hint may not exceed the access's natural alignment). */
const ALIGN_F64 = 3
/** log2 of a 4-byte alignment hint. */
const ALIGN_F32 = 2

/** One function's body under construction. Locals are numbered after the parameters, in order of creation. */
export class WasmFunction {
  readonly code: number[] = []
  private readonly locals: ValueType[] = []
  private open = 0

  constructor(
    readonly exportName: string,
    readonly paramCount: number,
  ) {}

  /** Index of parameter k. */
  param(k: number): number {
    if (k >= this.paramCount) throw new Error(`${this.exportName}: no parameter ${k}`)
    return k
  }

  /** A new local of the given type (zero-initialised by WebAssembly). */
  local(type: ValueType): number {
    this.locals.push(type)
    return this.paramCount + this.locals.length - 1
  }

  op(...bytes: number[]): this {
    this.code.push(...bytes)
    return this
  }

  get(index: number): this {
    this.code.push(Op.localGet)
    pushUnsigned(this.code, index)
    return this
  }

  set(index: number): this {
    this.code.push(Op.localSet)
    pushUnsigned(this.code, index)
    return this
  }

  tee(index: number): this {
    this.code.push(Op.localTee)
    pushUnsigned(this.code, index)
    return this
  }

  i32(n: number): this {
    this.code.push(Op.i32Const)
    pushSigned(this.code, n)
    return this
  }

  /** i64.const n, for n in the i32 range (the same signed LEB128 immediate) */
  i64(n: number): this {
    this.code.push(Op.i64Const)
    pushSigned(this.code, n)
    return this
  }

  /** i64.const of any 64-bit pattern (signed LEB128 of its two's-complement value) */
  i64Bits(value: bigint): this {
    this.code.push(Op.i64Const)
    let n = BigInt.asIntN(64, value)
    for (;;) {
      const byte = Number(n & 0x7fn)
      n >>= 7n // arithmetic shift keeps the sign
      const done = (n === 0n && (byte & 0x40) === 0) || (n === -1n && (byte & 0x40) !== 0)
      this.code.push(done ? byte : byte | 0x80)
      if (done) return this
    }
  }

  /** local += n (i32) */
  addTo(index: number, n: number): this {
    return this.get(index).i32(n).op(Op.i32Add).set(index)
  }

  /** local += other local (i32) */
  addLocalTo(index: number, other: number): this {
    return this.get(index).get(other).op(Op.i32Add).set(index)
  }

  f64Zero(): this {
    this.code.push(Op.f64Const, 0, 0, 0, 0, 0, 0, 0, 0)
    return this
  }

  /** f64.const of any value (little-endian IEEE 754 bits). */
  f64(value: number): this {
    this.code.push(Op.f64Const)
    const bits = new DataView(new ArrayBuffer(8))
    bits.setFloat64(0, value, true) // WebAssembly is little-endian whatever the host is
    this.code.push(...new Uint8Array(bits.buffer))
    return this
  }

  /** Any load or store: its opcode, log2 of its natural alignment, and a constant byte offset. */
  memory(opcode: number, alignLog2: number, offset = 0): this {
    this.code.push(opcode)
    return this.memArg(alignLog2, offset)
  }

  f64Load(offset = 0): this {
    this.code.push(Op.f64Load)
    return this.memArg(ALIGN_F64, offset)
  }

  f64Store(offset = 0): this {
    this.code.push(Op.f64Store)
    return this.memArg(ALIGN_F64, offset)
  }

  /** A SIMD instruction without immediates. */
  simd(opcode: number): this {
    this.code.push(SIMD_PREFIX)
    pushUnsigned(this.code, opcode)
    return this
  }

  /**
   * v128 loads/stores: the alignment hint is 8 bytes, all the buffers guarantee (the hint may not promise more
   * than the real alignment; WebAssembly allows any alignment, the hint only helps code generation).
   */
  v128Load(offset = 0): this {
    return this.simd(Simd.v128Load).memArg(ALIGN_F64, offset)
  }

  v128Store(offset = 0): this {
    return this.simd(Simd.v128Store).memArg(ALIGN_F64, offset)
  }

  /** Load one f64 and broadcast it to both lanes. */
  load64Splat(offset = 0): this {
    return this.simd(Simd.v128Load64Splat).memArg(ALIGN_F64, offset)
  }

  /** Load one f32 and broadcast it to the four lanes. */
  load32Splat(offset = 0): this {
    return this.simd(Simd.v128Load32Splat).memArg(ALIGN_F32, offset)
  }

  /** A SIMD load or store with an explicit alignment hint (log2; 0 for any address). */
  simdMemory(opcode: number, alignLog2: number, offset = 0): this {
    return this.simd(opcode).memArg(alignLog2, offset)
  }

  v128Zero(): this {
    this.code.push(SIMD_PREFIX)
    pushUnsigned(this.code, Simd.v128Const)
    for (let k = 0; k < 16; k++) this.code.push(0)
    return this
  }

  /** v128.const with `value` in both f64 lanes (little-endian IEEE 754 bits, as in memory). */
  f64x2Const(value: number): this {
    this.code.push(SIMD_PREFIX)
    pushUnsigned(this.code, Simd.v128Const)
    const lane = new DataView(new ArrayBuffer(8))
    lane.setFloat64(0, value, true) // WebAssembly is little-endian whatever the host is
    const bytes = new Uint8Array(lane.buffer)
    this.code.push(...bytes, ...bytes)
    return this
  }

  /** v128.const with `value` in the four f32 lanes (rounded to float32). */
  f32x4Const(value: number): this {
    this.code.push(SIMD_PREFIX)
    pushUnsigned(this.code, Simd.v128Const)
    const lane = new DataView(new ArrayBuffer(4))
    lane.setFloat32(0, value, true)
    const bytes = new Uint8Array(lane.buffer)
    this.code.push(...bytes, ...bytes, ...bytes, ...bytes)
    return this
  }

  /** `block … end`; a branch to the label jumps past the end. */
  block(body: (end: Label) => void): this {
    return this.structured(Op.block, body)
  }

  /** `loop … end`; a branch to the label jumps back to the top. */
  loop(body: (top: Label) => void): this {
    return this.structured(Op.loop, body)
  }

  /** `if … else … end` on the i32 on the stack. */
  ifElse(then: () => void, otherwise?: () => void): this {
    this.code.push(Op.if, VOID_BLOCK)
    this.open++
    then()
    if (otherwise) {
      this.code.push(Op.else)
      otherwise()
    }
    this.open--
    this.code.push(Op.end)
    return this
  }

  br(label: Label): this {
    return this.branch(Op.br, label)
  }

  brIf(label: Label): this {
    return this.branch(Op.brIf, label)
  }

  /** The function's code-section entry: local declarations, body, final `end`. */
  encodeBody(): number[] {
    if (this.open !== 0) throw new Error(`${this.exportName}: unbalanced blocks`)
    const out: number[] = []
    pushUnsigned(out, this.locals.length) // one declaration group per local: simple, and the count is small
    for (const t of this.locals) out.push(1, t)
    out.push(...this.code, Op.end)
    return out
  }

  /** memarg immediate: log2 of the alignment hint, then the constant byte offset added to the address. */
  private memArg(align: number, offset: number): this {
    pushUnsigned(this.code, align)
    pushUnsigned(this.code, offset)
    return this
  }

  private structured(opcode: number, body: (label: Label) => void): this {
    this.code.push(opcode, VOID_BLOCK)
    const label = { depth: this.open++ }
    body(label)
    this.open--
    this.code.push(Op.end)
    return this
  }

  private branch(opcode: number, label: Label): this {
    this.code.push(opcode)
    pushUnsigned(this.code, this.open - 1 - label.depth)
    return this
  }
}

function pushSection(out: number[], id: number, content: number[]): void {
  out.push(id)
  pushUnsigned(out, content.length)
  out.push(...content)
}

/**
 * A module importing one memory as `env.memory` (at least `minPages` pages of 64 KiB) and exporting the given
 * functions (all i32 parameters, no results). With `sharedMaxPages` the import is a SHARED memory of at most
 * that many pages (wasm-arena.ts), which is what the kernels are instantiated with.
 */
export function encodeModule(
  functions: WasmFunction[],
  minPages: number,
  sharedMaxPages?: number,
): Uint8Array {
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00] // "\0asm", version 1

  // one type per function: (i32 × paramCount) → ()
  const types: number[] = []
  pushUnsigned(types, functions.length)
  for (const f of functions) {
    types.push(0x60)
    pushUnsigned(types, f.paramCount)
    for (let k = 0; k < f.paramCount; k++) types.push(I32)
    types.push(0) // no results
  }
  pushSection(out, Section.type, types)

  const imports: number[] = [1]
  pushName(imports, 'env')
  pushName(imports, 'memory')
  if (sharedMaxPages === undefined) {
    imports.push(ExternalKind.memory, 0x00) // limits: minimum only
    pushUnsigned(imports, minPages)
  } else {
    imports.push(ExternalKind.memory, 0x03) // limits: minimum and maximum, shared (threads proposal, Wasm 3.0)
    pushUnsigned(imports, minPages)
    pushUnsigned(imports, sharedMaxPages)
  }
  pushSection(out, Section.import, imports)

  const funcs: number[] = []
  pushUnsigned(funcs, functions.length)
  functions.forEach((_, k) => pushUnsigned(funcs, k))
  pushSection(out, Section.function, funcs)

  const exports: number[] = []
  pushUnsigned(exports, functions.length)
  functions.forEach((f, k) => {
    pushName(exports, f.exportName)
    exports.push(ExternalKind.function)
    pushUnsigned(exports, k)
  })
  pushSection(out, Section.export, exports)

  const code: number[] = []
  pushUnsigned(code, functions.length)
  for (const f of functions) {
    const body = f.encodeBody()
    pushUnsigned(code, body.length)
    code.push(...body)
  }
  pushSection(out, Section.code, code)
  return Uint8Array.from(out)
}
