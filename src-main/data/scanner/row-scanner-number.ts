/**
 * The number part of the row scanner's `scan` function: parseNumberBytes (numbers.ts) by the same float
 * operations in the same order; its slow path (`nan`, junk, exponents beyond the exact powers of ten)
 * branches to the caller's `toJavaScript` label.
 */
import type { Label } from '../../wasm/emitter'
import { F64, I32, I64, Op } from '../../wasm/opcodes'
import { Byte, type ScanContext } from './row-scanner-emit'
import { ScannerLayout as P } from './row-scanner-layout'

const { PLUS, MINUS, DOT } = Byte
const MAX_POW10 = 22
/** digits read as an exact integer before the float64 steps: every value up to 10^15 is exact in float64 */
const EXACT_DIGITS = 15

/** The emitter of the number in [s, e) (trimmed, not empty); it leaves the number in `value`. */
export function numberEmitter(x: ScanContext) {
  const { f, s, e, at, b, d, start, byteAt } = x
  const int = () => f.local(I32)
  const negative = int()
  const digitsSeen = int()
  const scale = int()
  const exponent = int()
  const exponentNegative = int()
  const mantissa = f.local(F64)
  const wholeMantissa = f.local(I64)
  const eight = f.local(I64)
  const value = f.local(F64)

  /**
   * The first eight digits after the point at once (SWAR, as simdjson's parse_eight_digits_unrolled) when they
   * still fall in the exact integer part of the mantissa: the same integer as eight steps of mantissa · 10 + d.
   * Float32 artefacts such as 170.31216430664062 are where the long numbers of the exports come from.
   */
  const eightDigits = () => {
    f.get(e).get(at).op(Op.i32Sub).i32(8).op(Op.i32GeS)
    f.get(digitsSeen)
      .i32(EXACT_DIGITS - 8)
      .op(Op.i32LeS)
      .op(Op.i32And)
    f.ifElse(() => {
      // all eight bytes digits: each high nibble is 3, and stays 3 after adding 6
      f.get(at).memory(Op.i64Load, 0).tee(eight).i64Bits(0xf0f0f0f0f0f0f0f0n).op(Op.i64And)
      f.get(eight).i64Bits(0x0606060606060606n).op(Op.i64Add).i64Bits(0xf0f0f0f0f0f0f0f0n).op(Op.i64And)
      f.i64(4).op(Op.i64ShrU).op(Op.i64Or).i64Bits(0x3333333333333333n).op(Op.i64Eq)
      f.ifElse(() => {
        // the first digit is the lowest byte: pairs, then fours, then the eight-digit number
        f.get(eight).i64Bits(0x3030303030303030n).op(Op.i64Sub).tee(eight).i64(10).op(Op.i64Mul)
        f.get(eight).i64(8).op(Op.i64ShrU).op(Op.i64Add).set(eight)
        f.get(eight).i64Bits(0x000000ff000000ffn).op(Op.i64And).i64Bits(0x000f424000000064n).op(Op.i64Mul)
        f.get(eight).i64(16).op(Op.i64ShrU).i64Bits(0x000000ff000000ffn).op(Op.i64And)
        f.i64Bits(0x0000271000000001n).op(Op.i64Mul).op(Op.i64Add).i64(32).op(Op.i64ShrU)
        f.get(wholeMantissa).i64(100_000_000).op(Op.i64Mul).op(Op.i64Add).set(wholeMantissa)
        f.addTo(scale, 8).addTo(digitsSeen, 8).addTo(at, 8)
      })
    })
  }

  /** parseNumberBytes on [s, e) (trimmed, not empty): value, or JavaScript for its slow path. */
  const number = (toJavaScript: Label) => {
    f.get(s).set(at)
    f.i32(0).set(negative)
    byteAt(at)
      .tee(b)
      .i32(MINUS)
      .op(Op.i32Eq)
      .ifElse(
        () => f.i32(1).set(negative).addTo(at, 1),
        () => {
          f.get(b)
            .i32(PLUS)
            .op(Op.i32Eq)
            .ifElse(() => f.addTo(at, 1))
        },
      )
    f.i64(0).set(wholeMantissa)
    f.i32(0).set(digitsSeen)
    f.i32(0).set(scale)
    const mantissaDigits = (afterPoint: boolean) => {
      f.block((done) => {
        f.loop((nextDigit) => {
          f.get(at).get(e).op(Op.i32GeS).brIf(done)
          byteAt(at).i32(48).op(Op.i32Sub).tee(d).i32(9).op(Op.i32GtU).brIf(done)
          // parseNumberBytes's mantissa · 10 + d in float64 is exact for the first 15 digits, so they are
          // gathered in an integer (a shorter dependency chain); later digits round as it does, step by step
          f.get(digitsSeen)
            .i32(EXACT_DIGITS)
            .op(Op.i32LtU)
            .ifElse(
              () => {
                f.get(wholeMantissa)
                  .i64(10)
                  .op(Op.i64Mul)
                  .get(d)
                  .op(Op.i64ExtendI32U)
                  .op(Op.i64Add)
                  .set(wholeMantissa)
              },
              () => {
                f.get(digitsSeen)
                  .i32(EXACT_DIGITS)
                  .op(Op.i32Eq)
                  .ifElse(() => {
                    f.get(wholeMantissa).op(Op.f64ConvertI64U).set(mantissa)
                  })
                f.get(mantissa).f64(10).op(Op.f64Mul).get(d).op(Op.f64ConvertI32S).op(Op.f64Add).set(mantissa)
              },
            )
          if (afterPoint) f.addTo(scale, 1)
          f.addTo(digitsSeen, 1).addTo(at, 1).br(nextDigit)
        })
      })
    }
    mantissaDigits(false)
    f.get(at)
      .get(e)
      .op(Op.i32LtS)
      .ifElse(() => {
        byteAt(at)
          .i32(DOT)
          .op(Op.i32Eq)
          .ifElse(() => {
            f.addTo(at, 1)
            eightDigits()
            mantissaDigits(true)
          })
      })
    f.get(digitsSeen).op(Op.i32Eqz).brIf(toJavaScript)
    f.get(digitsSeen)
      .i32(EXACT_DIGITS)
      .op(Op.i32LeU)
      .ifElse(() => {
        f.get(wholeMantissa).op(Op.f64ConvertI64U).set(mantissa)
      })
    f.get(at)
      .get(e)
      .op(Op.i32LtS)
      .ifElse(() => {
        byteAt(at).tee(b).i32(101).op(Op.i32Ne).get(b).i32(69).op(Op.i32Ne).op(Op.i32And).brIf(toJavaScript)
        f.addTo(at, 1)
        // "1e" at the end of the cell: parseNumberBytes ends in its slow path whatever follows
        f.get(at).get(e).op(Op.i32GeS).brIf(toJavaScript)
        f.i32(0).set(exponentNegative)
        byteAt(at)
          .tee(b)
          .i32(MINUS)
          .op(Op.i32Eq)
          .ifElse(
            () => f.i32(1).set(exponentNegative).addTo(at, 1),
            () => {
              f.get(b)
                .i32(PLUS)
                .op(Op.i32Eq)
                .ifElse(() => f.addTo(at, 1))
            },
          )
        f.get(at).set(start)
        f.i32(0).set(exponent)
        f.block((done) => {
          f.loop((nextDigit) => {
            f.get(at).get(e).op(Op.i32GeS).brIf(done)
            byteAt(at).i32(48).op(Op.i32Sub).tee(d).i32(9).op(Op.i32GtU).brIf(toJavaScript)
            f.get(exponent).i32(10).op(Op.i32Mul).get(d).op(Op.i32Add).tee(exponent)
            // beyond the table of exact powers anyway: JavaScript's `10 **`
            f.i32(9999).op(Op.i32GtU).brIf(toJavaScript)
            f.addTo(at, 1).br(nextDigit)
          })
        })
        f.get(at).get(start).op(Op.i32Eq).brIf(toJavaScript)
        f.get(scale).get(exponent).op(Op.i32Add)
        f.get(scale).get(exponent).op(Op.i32Sub)
        f.get(exponentNegative).op(Op.select).set(scale)
      })
    f.get(mantissa).set(value)
    f.get(scale)
      .i32(0)
      .op(Op.i32GtS)
      .ifElse(
        () => {
          f.get(scale).i32(MAX_POW10).op(Op.i32GtS).brIf(toJavaScript)
          f.get(mantissa).get(scale).i32(3).op(Op.i32Shl).f64Load(P.pow10).op(Op.f64Div).set(value)
        },
        () => {
          f.get(scale)
            .op(Op.i32Eqz)
            .op(Op.i32Eqz)
            .ifElse(() => {
              f.get(scale).i32(-MAX_POW10).op(Op.i32LtS).brIf(toJavaScript)
              f.get(mantissa)
                .i32(0)
                .get(scale)
                .op(Op.i32Sub)
                .i32(3)
                .op(Op.i32Shl)
                .f64Load(P.pow10)
                .op(Op.f64Mul)
                .set(value)
            })
        },
      )
    f.get(negative).ifElse(() => f.get(value).op(Op.f64Neg).set(value))
  }

  return { value, number }
}
