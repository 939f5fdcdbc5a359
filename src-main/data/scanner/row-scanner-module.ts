import { encodeModule, type Label, WasmFunction } from '../../wasm/emitter'
import { F64, I32, I64, Op, Simd, V128 } from '../../wasm/opcodes'
import { Byte, scanContext } from './row-scanner-emit'
import { ScannerLayout, StopReason } from './row-scanner-layout'
import { numberEmitter } from './row-scanner-number'
import { timestampEmitter } from './row-scanner-timestamp'

/**
 * The WebAssembly module behind the import's fast path (row-scanner.ts): it reads the data lines of a chunk
 * of an export file and writes their instants, values and all-zero flags to column arrays, doing in one pass
 * what parse-export.ts's handleLine does per line in JavaScript (split on commas, parseTimestampBytes,
 * parseNumberBytes, the all-zero test, the naive-day evidence).
 *
 * It is a fast path, not a second parser: every result it writes is the one the JavaScript functions give,
 * by the same floating-point operations in the same order (the tests compare the stored columns bit for bit).
 * Whatever it does not handle in exactly that way it leaves to JavaScript, one line at a time: a line with
 * the wrong number of fields, a timestamp or number that is not of the plain forms below (`nan`, junk,
 * huge exponents, the year 0), another home in a long file, a row outside the check window (row-checks.ts:
 * another local day or zone offset, another designator or `day` cell than the window's). It stops before
 * such a line without counting it; export-parser.ts parses that line itself (checks it, words the refusal
 * if it is one), then calls it again.
 *
 *   scan(from, to)  bytes [from, to) of the input area, whole lines ending in '\n'
 *
 * Parameters and results are i32 words in the module's memory (row-scanner-layout.ts): the layout of the
 * file, and after the call the rows written, the lines consumed, the naive/exact counts, the day-column
 * evidence, where it stopped and why.
 */

const NAN_F32_BITS = 0x7fc00000
const { NEWLINE, CR, SPACE, COMMA } = Byte

/** The module's bytes (compiled once per process by row-scanner.ts). */
export function buildRowScannerModule(): Uint8Array {
  return encodeModule([scanFunction()], 1)
}

/** The `scan` function: one loop over the lines, each parsed field by field (see the module comment). */
function scanFunction(): WasmFunction {
  const f = new WasmFunction('scan', 2)
  const P = ScannerLayout
  const from = f.param(0)
  const to = f.param(1)
  const int = () => f.local(I32)
  // parameters, read once
  const fieldCount = int()
  const tsIndex = int()
  const dayIndex = int()
  const homeIndex = int()
  const valueCount = int()
  const homeLength = int()
  const capacity = int()
  const outInstants = int()
  const outZero = int()
  const outValues = int()
  const windowNaive = int()
  const windowOffset = int()
  const windowLo = f.local(F64)
  const windowHi = f.local(F64)
  const windowDayA = f.local(I64) // the window's day bytes 0-7 …
  const windowDayB = int() // … and 8-9
  const pos = int() // the first byte of the line being read: where the scan stops if it stops there
  const rows = int()
  const lines = int()
  const naiveRows = int()
  const exactRows = int()
  const nextDay = int()
  const sameDay = int()
  const reason = int()
  // the line
  const count = int()
  const lineEnd = int()
  const next = int()
  const block = f.local(V128)
  const commas = f.local(V128)
  const newlines = f.local(V128)
  const mask = int()
  // the values
  const j = int()
  const allZero = int()
  const anyPower = int()
  // the current field, scratch locals, and the timestamp and number parts
  const context = scanContext(f)
  const { s, e, at, b, d, fieldBounds, trim } = context
  const { ms, naive, offset, evidenceNext, evidenceSame, timestamp, dayEvidence } = timestampEmitter(
    context,
    tsIndex,
    dayIndex,
  )
  const { value, number } = numberEmitter(context)

  const i32Param = (address: number, local: number) => f.i32(address).memory(Op.i32Load, 2).set(local)
  /** pushes the address of value column j's slot for the current row */
  const valueSlot = () =>
    f
      .get(outValues)
      .get(j)
      .get(capacity)
      .op(Op.i32Mul)
      .get(rows)
      .op(Op.i32Add)
      .i32(2)
      .op(Op.i32Shl)
      .op(Op.i32Add)

  /** Finds the line's end and its fields' starts; an empty line is counted and skipped, as handleLine does. */
  const splitLine = (toJavaScript: Label, nextLine: Label) => {
    f.i32(1).set(count)
    f.i32(P.fieldStarts).get(pos).memory(Op.i32Store, 2)
    // sixteen bytes at a time: a bit mask of the commas and line feeds among them, visited bit by bit
    f.get(pos).set(at)
    f.block((endOfLine) => {
      f.loop((nextBlock) => {
        f.get(at).simdMemory(Simd.v128Load, 0).tee(block).get(commas).simd(Simd.i8x16Eq)
        f.get(block).get(newlines).simd(Simd.i8x16Eq).simd(Simd.v128Or).simd(Simd.i8x16Bitmask).set(mask)
        f.block((blockDone) => {
          f.loop((nextBit) => {
            f.get(mask).op(Op.i32Eqz).brIf(blockDone)
            f.get(at).get(mask).op(Op.i32Ctz).op(Op.i32Add).set(b)
            // the caller passes whole lines; a missing '\n' is left to JavaScript all the same
            f.get(b).get(to).op(Op.i32GeU).brIf(toJavaScript)
            f.get(b).memory(Op.i32Load8U, 0).i32(NEWLINE).op(Op.i32Eq).brIf(endOfLine)
            // one field too many: JavaScript words the refusal
            f.get(count).get(fieldCount).op(Op.i32Eq).brIf(toJavaScript)
            f.get(count)
              .i32(2)
              .op(Op.i32Shl)
              .get(b)
              .i32(1)
              .op(Op.i32Add)
              .memory(Op.i32Store, 2, P.fieldStarts)
            f.addTo(count, 1)
            f.get(mask).get(mask).i32(1).op(Op.i32Sub).op(Op.i32And).set(mask)
            f.br(nextBit)
          })
        })
        f.addTo(at, 16)
        f.get(at).get(to).op(Op.i32GeU).brIf(toJavaScript)
        f.br(nextBlock)
      })
    })
    f.get(b).set(at)
    f.get(at).set(lineEnd)
    f.get(at).i32(1).op(Op.i32Add).set(next)
    // a '\r' before the '\n' is not part of the last field
    f.get(lineEnd)
      .get(pos)
      .op(Op.i32GtU)
      .ifElse(() => {
        f.get(lineEnd)
          .i32(1)
          .op(Op.i32Sub)
          .memory(Op.i32Load8U, 0)
          .i32(CR)
          .op(Op.i32Eq)
          .ifElse(() => {
            f.addTo(lineEnd, -1)
          })
      })
    f.get(lineEnd)
      .get(pos)
      .op(Op.i32Eq)
      .ifElse(() => {
        f.addTo(lines, 1).get(next).set(pos).br(nextLine)
      })
    f.get(count).get(fieldCount).op(Op.i32Ne).brIf(toJavaScript)
    f.get(count).i32(2).op(Op.i32Shl).get(lineEnd).i32(1).op(Op.i32Add).memory(Op.i32Store, 2, P.fieldStarts)
  }

  /** Long files: the row's home_id must be the bytes of the home whose columns are being filled. */
  const sameHome = (toJavaScript: Label) => {
    fieldBounds(homeIndex)
    f.get(e).get(s).op(Op.i32Sub).get(homeLength).op(Op.i32Ne).brIf(toJavaScript)
    f.i32(0).set(at)
    f.block((done) => {
      f.loop((nextByte) => {
        f.get(at).get(homeLength).op(Op.i32GeU).brIf(done)
        f.get(s).get(at).op(Op.i32Add).memory(Op.i32Load8U, 0)
        f.get(at).memory(Op.i32Load8U, 0, P.homeBytes)
        f.op(Op.i32Ne).brIf(toJavaScript)
        f.addTo(at, 1).br(nextByte)
      })
    })
  }

  /** The row must fall in the check window: same designator and offset, instant in [lo, hi), same day cell. */
  const inWindow = (toJavaScript: Label) => {
    f.get(naive).get(windowNaive).op(Op.i32Ne).brIf(toJavaScript)
    f.get(offset).get(windowOffset).op(Op.i32Ne).brIf(toJavaScript)
    f.get(ms).get(windowLo).op(Op.f64Lt).brIf(toJavaScript)
    f.get(ms).get(windowHi).op(Op.f64Ge).brIf(toJavaScript)
    f.get(dayIndex)
      .i32(0)
      .op(Op.i32GeS)
      .ifElse(() => {
        fieldBounds(dayIndex)
        f.get(e).get(s).op(Op.i32Sub).i32(10).op(Op.i32Ne).brIf(toJavaScript)
        f.get(s).memory(Op.i64Load, 0).get(windowDayA).op(Op.i64Eq).op(Op.i32Eqz).brIf(toJavaScript)
        f.get(s).memory(Op.i32Load16U, 0, 8).get(windowDayB).op(Op.i32Ne).brIf(toJavaScript)
      })
  }

  /** Every value column of the row into its slot; anyPower and allZero over p_cons, p_prod and p_tot. */
  const values = (toJavaScript: Label) => {
    f.i32(1).set(allZero)
    f.i32(0).set(anyPower)
    f.i32(0).set(j)
    f.block((done) => {
      f.loop((nextValue) => {
        f.get(j).get(valueCount).op(Op.i32GeU).brIf(done)
        f.get(j)
          .i32(2)
          .op(Op.i32Shl)
          .memory(Op.i32Load, 2, P.valueIndex)
          .tee(d)
          .i32(0)
          .op(Op.i32LtS)
          .ifElse(
            () => {
              // a column this file does not have
              valueSlot().i32(NAN_F32_BITS).memory(Op.i32Store, 2)
            },
            () => {
              fieldBounds(d)
              trim(SPACE, SPACE)
              f.get(s)
                .get(e)
                .op(Op.i32Eq)
                .ifElse(
                  () => {
                    // an empty cell: NaN, and the row is not all zeros
                    valueSlot().i32(NAN_F32_BITS).memory(Op.i32Store, 2)
                    f.get(j)
                      .i32(3)
                      .op(Op.i32LtU)
                      .ifElse(() => f.i32(1).set(anyPower).i32(0).set(allZero))
                  },
                  () => {
                    number(toJavaScript)
                    valueSlot().get(value).op(Op.f32DemoteF64).memory(Op.f32Store, 2)
                    f.get(j)
                      .i32(3)
                      .op(Op.i32LtU)
                      .ifElse(() => {
                        f.i32(1).set(anyPower)
                        f.get(allZero).get(value).f64Zero().op(Op.f64Eq).op(Op.i32And).set(allZero)
                      })
                  },
                )
            },
          )
        f.addTo(j, 1).br(nextValue)
      })
    })
  }

  i32Param(P.fieldCount, fieldCount)
  i32Param(P.timestampIndex, tsIndex)
  i32Param(P.dayIndex, dayIndex)
  i32Param(P.homeIndex, homeIndex)
  i32Param(P.valueCount, valueCount)
  i32Param(P.homeLength, homeLength)
  i32Param(P.capacity, capacity)
  i32Param(P.outInstants, outInstants)
  i32Param(P.outZero, outZero)
  i32Param(P.outValues, outValues)
  i32Param(P.windowNaive, windowNaive)
  i32Param(P.windowOffset, windowOffset)
  f.i32(P.windowLo).f64Load().set(windowLo)
  f.i32(P.windowHi).f64Load().set(windowHi)
  f.i32(P.windowDay).memory(Op.i64Load, 0).set(windowDayA)
  f.i32(P.windowDay).memory(Op.i32Load16U, 0, 8).set(windowDayB)
  f.get(from).set(pos)
  f.i32(COMMA).simd(Simd.i8x16Splat).set(commas)
  f.i32(NEWLINE).simd(Simd.i8x16Splat).set(newlines)
  f.block((exit) => {
    f.loop((nextLine) => {
      f.get(pos)
        .get(to)
        .op(Op.i32GeU)
        .ifElse(() => {
          f.i32(StopReason.endOfInput).set(reason).br(exit)
        })
      f.get(rows)
        .get(capacity)
        .op(Op.i32GeU)
        .ifElse(() => {
          f.i32(StopReason.columnsFull).set(reason).br(exit)
        })
      f.block((toJavaScript) => {
        splitLine(toJavaScript, nextLine)
        f.get(homeIndex)
          .i32(0)
          .op(Op.i32GeS)
          .ifElse(() => sameHome(toJavaScript))
        timestamp(toJavaScript)
        inWindow(toJavaScript)
        dayEvidence(toJavaScript)
        values(toJavaScript)
        // the row is complete: commit it
        f.get(rows).i32(3).op(Op.i32Shl).get(outInstants).op(Op.i32Add).get(ms).f64Store()
        f.get(outZero)
          .get(rows)
          .op(Op.i32Add)
          .get(anyPower)
          .get(allZero)
          .op(Op.i32And)
          .memory(Op.i32Store8, 0)
        f.addTo(rows, 1).addTo(lines, 1)
        f.get(naive).ifElse(
          () => f.addTo(naiveRows, 1),
          () => f.addTo(exactRows, 1),
        )
        f.addLocalTo(nextDay, evidenceNext).addLocalTo(sameDay, evidenceSame)
        f.get(next).set(pos).br(nextLine)
      })
      f.i32(StopReason.lineForJavaScript).set(reason).br(exit)
    })
  })
  const results: [number, number][] = [
    [P.rows, rows],
    [P.lines, lines],
    [P.naiveRows, naiveRows],
    [P.exactRows, exactRows],
    [P.nextDay, nextDay],
    [P.sameDay, sameDay],
    [P.stop, pos],
    [P.reason, reason],
  ]
  for (const [address, local] of results) f.i32(address).get(local).memory(Op.i32Store, 2)
  return f
}
