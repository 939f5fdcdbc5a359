/**
 * What every part of the row scanner's `scan` function shares (row-scanner-module.ts and the timestamp and
 * number parts): the current field's bytes [s, e), scratch locals, and the small emitters built on them.
 */
import type { WasmFunction } from '../../wasm/emitter'
import { I32, Op } from '../../wasm/opcodes'
import { ScannerLayout as P } from './row-scanner-layout'

/** The bytes the scanner looks for. */
export const Byte = {
  NEWLINE: 10,
  CR: 13,
  SPACE: 32,
  QUOTE: 34,
  PLUS: 43,
  COMMA: 44,
  MINUS: 45,
  DOT: 46,
  COLON: 58,
} as const

export type ScanContext = ReturnType<typeof scanContext>

/** The shared locals of `f` and the emitters that use them. */
export function scanContext(f: WasmFunction) {
  const int = () => f.local(I32)
  const s = int() // a field's first byte …
  const e = int() // … and one past its last
  const at = int()
  const b = int()
  const d = int()
  const bad = int()
  const start = int()

  /** pushes the byte at local + plus */
  const byteAt = (local: number, plus = 0) => f.get(local).memory(Op.i32Load8U, 0, plus)
  /** target := the n digits at local + plus read as a number; bad |= one of them is not a digit */
  const digits = (target: number, local: number, plus: number, n: number) => {
    f.i32(0).set(target)
    for (let m = 0; m < n; m++) {
      byteAt(local, plus + m)
        .i32(48)
        .op(Op.i32Sub)
        .set(d)
      f.get(bad).get(d).i32(9).op(Op.i32GtU).op(Op.i32Or).set(bad)
      f.get(target).i32(10).op(Op.i32Mul).get(d).op(Op.i32Add).set(target)
    }
  }
  /** bad |= the i32 that `condition` pushes */
  const orBad = (condition: () => void) => {
    f.get(bad)
    condition()
    f.op(Op.i32Or).set(bad)
  }
  /** s, e := the bytes of the field whose index is in the local `field` */
  const fieldBounds = (field: number) => {
    f.get(field).i32(2).op(Op.i32Shl).tee(d).memory(Op.i32Load, 2, P.fieldStarts).set(s)
    f.get(d)
      .memory(Op.i32Load, 2, P.fieldStarts + 4)
      .i32(1)
      .op(Op.i32Sub)
      .set(e)
  }
  /** pushes 1 when the byte at the address that `address` pushes is c1 or c2 */
  const isEither = (address: () => void, c1: number, c2: number) => {
    address()
    f.memory(Op.i32Load8U, 0).tee(b).i32(c1).op(Op.i32Eq)
    f.get(b).i32(c2).op(Op.i32Eq).op(Op.i32Or)
  }
  /** drops the bytes c1 and c2 from both ends of [s, e) */
  const trim = (c1: number, c2: number) => {
    f.block((done) => {
      f.loop((again) => {
        f.get(s).get(e).op(Op.i32GeS).brIf(done)
        isEither(() => f.get(s), c1, c2)
        f.op(Op.i32Eqz).brIf(done)
        f.addTo(s, 1).br(again)
      })
    })
    f.block((done) => {
      f.loop((again) => {
        f.get(e).get(s).op(Op.i32LeS).brIf(done)
        isEither(() => f.get(e).i32(1).op(Op.i32Sub), c1, c2)
        f.op(Op.i32Eqz).brIf(done)
        f.addTo(e, -1).br(again)
      })
    })
  }

  return { f, s, e, at, b, d, bad, start, byteAt, digits, orBad, fieldBounds, isEither, trim }
}
