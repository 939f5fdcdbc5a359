import { encodeModule, type Label, WasmFunction } from '../wasm/emitter'
import { F64, I32, I64, Op, Simd, V128 } from '../wasm/opcodes'

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
 * huge exponents, the year 0), another home in a long file. It stops before such a line without counting
 * it; parse-export.ts parses that line itself (and words the refusal, if it is one), then calls it again.
 *
 *   scan(from, to)  bytes [from, to) of the input area, whole lines ending in '\n'
 *
 * Parameters and results are i32 words in the module's memory (ScannerLayout below): the layout of the
 * file, and after the call the rows written, the lines consumed, the naive/exact counts, the day-column
 * evidence, where it stopped and why.
 */

/** Byte addresses of the module's fixed areas (the column arrays' addresses are parameters). */
export const ScannerLayout = {
  // parameters (i32)
  fieldCount: 0,
  timestampIndex: 4,
  dayIndex: 8,
  homeIndex: 12,
  valueCount: 16,
  homeLength: 20,
  capacity: 24,
  outInstants: 28,
  outZero: 32,
  outValues: 36,
  // results (i32)
  rows: 64,
  lines: 68,
  naiveRows: 72,
  exactRows: 76,
  nextDay: 80,
  sameDay: 84,
  stop: 88,
  reason: 92,
  /** f64[23]: 10^0 … 10^22, the exact powers parseNumberBytes divides by */
  pow10: 128,
  /** the current home id's bytes, as found in the file (long files) */
  homeBytes: 512,
  homeBytesMax: 256,
  /** i32 per value column: the field index of p_cons, p_prod, p_tot, then the meter channels (-1: absent) */
  valueIndex: 1024,
  valuesMax: 4100,
  /** i32[fields + 1]: where each field of the current line starts */
  fieldStarts: 20480,
  /** the chunk's bytes */
  input: 65536,
  inputMax: 1 << 20,
} as const

/** Why `scan` returned. */
export const StopReason = { endOfInput: 0, columnsFull: 1, lineForJavaScript: 2 } as const

const NAN_F32_BITS = 0x7fc00000
const MAX_POW10 = 22
/** digits read as an exact integer before the float64 steps: every value up to 10^15 is exact in float64 */
const EXACT_DIGITS = 15
const [NEWLINE, CR, SPACE, QUOTE, COMMA, MINUS, PLUS, DOT, COLON] = [10, 13, 32, 34, 44, 45, 43, 46, 58]

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
  const float = () => f.local(F64)
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
  // results
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
  const s = int() // a field's first byte …
  const e = int() // … and one past its last
  const at = int()
  const b = int()
  const d = int()
  const bad = int()
  const start = int()
  // the timestamp
  const year = int()
  const month = int()
  const day = int()
  const days = int() // daysFromCivil's result
  const epochDay = int()
  const hour = int()
  const minute = int()
  const second = int()
  const designator = int()
  const rest = int()
  const naive = int()
  const lastA = int() // the last date parsed: its 10 bytes as 4 + 4 + 2, and its day number
  const lastB = int()
  const lastC = int()
  const lastDay = int()
  const haveLast = int()
  const fraction = float()
  const fractionScale = float()
  const ms = float()
  // the day column's evidence for this row (committed with the row)
  const evidenceNext = int()
  const evidenceSame = int()
  // the values
  const j = int()
  const allZero = int()
  const anyPower = int()
  const negative = int()
  const digitsSeen = int()
  const scale = int()
  const exponent = int()
  const exponentNegative = int()
  const mantissa = float()
  // the line split
  const block = f.local(V128)
  const commas = f.local(V128)
  const newlines = f.local(V128)
  const mask = int()
  const wholeMantissa = f.local(I64)
  const eight = f.local(I64)
  const value = float()

  const i32Param = (address: number, local: number) => f.i32(address).memory(Op.i32Load, 2).set(local)
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
  /** days := days since 1970-01-01 of (year ≥ 1, month, day): days_from_civil, every division unsigned */
  const daysFromCivil = () => {
    const y = b
    const era = d
    // y = month <= 2 ? year − 1 : year
    f.get(year).get(month).i32(2).op(Op.i32LeU).op(Op.i32Sub).set(y)
    f.get(y).i32(400).op(Op.i32DivU).set(era)
    // era · 146 097 − 719 468
    f.get(era).i32(146_097).op(Op.i32Mul).i32(719_468).op(Op.i32Sub)
    // + day of the year from March 1: (153 · (month > 2 ? month − 3 : month + 9) + 2) / 5 + day − 1
    f.get(month).i32(3).op(Op.i32Sub).get(month).i32(9).op(Op.i32Add)
    f.get(month).i32(2).op(Op.i32GtU).op(Op.select)
    f.i32(153).op(Op.i32Mul).i32(2).op(Op.i32Add).i32(5).op(Op.i32DivU)
    f.get(day).op(Op.i32Add).i32(1).op(Op.i32Sub).op(Op.i32Add)
    // + year of the era · 365 + yoe / 4 − yoe / 100, with yoe = y − era · 400
    f.get(y).get(era).i32(400).op(Op.i32Mul).op(Op.i32Sub).set(y)
    f.get(y).i32(365).op(Op.i32Mul).op(Op.i32Add)
    f.get(y).i32(4).op(Op.i32DivU).op(Op.i32Add)
    f.get(y).i32(100).op(Op.i32DivU).op(Op.i32Sub)
    f.set(days)
  }
  /** pushes the number of days in month `month` of year `year` */
  const daysInMonth = () => {
    // February: 28 + leap year
    f.i32(28)
    f.get(year).i32(3).op(Op.i32And).op(Op.i32Eqz)
    f.get(year).i32(100).op(Op.i32RemU).i32(0).op(Op.i32Ne)
    f.get(year).i32(400).op(Op.i32RemU).op(Op.i32Eqz).op(Op.i32Or).op(Op.i32And).op(Op.i32Add)
    // other months: 31 − (April, June, September, November)
    f.i32(31)
    for (const [k, thirty] of [4, 6, 9, 11].entries()) {
      f.get(month).i32(thirty).op(Op.i32Eq)
      if (k > 0) f.op(Op.i32Or)
    }
    f.op(Op.i32Sub)
    f.get(month).i32(2).op(Op.i32Eq).op(Op.select)
  }
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

  /** The date part of parseTimestampBytes: epochDay, from the last row's when the 10 bytes are the same. */
  const date = (toJavaScript: Label) => {
    f.get(haveLast)
    f.get(s).memory(Op.i32Load, 0).get(lastA).op(Op.i32Eq).op(Op.i32And)
    f.get(s).memory(Op.i32Load, 0, 4).get(lastB).op(Op.i32Eq).op(Op.i32And)
    f.get(s).memory(Op.i32Load16U, 0, 8).get(lastC).op(Op.i32Eq).op(Op.i32And)
    f.ifElse(
      () => f.get(lastDay).set(epochDay),
      () => {
        f.i32(0).set(bad)
        digits(year, s, 0, 4)
        digits(month, s, 5, 2)
        digits(day, s, 8, 2)
        orBad(() => byteAt(s, 4).i32(MINUS).op(Op.i32Ne))
        orBad(() => byteAt(s, 7).i32(MINUS).op(Op.i32Ne))
        orBad(() => f.get(month).i32(1).op(Op.i32Sub).i32(11).op(Op.i32GtU))
        orBad(() => f.get(day).op(Op.i32Eqz))
        // the year 0 needs floored divisions of negative numbers: left to JavaScript
        orBad(() => f.get(year).op(Op.i32Eqz))
        f.get(bad).brIf(toJavaScript)
        f.get(day)
        daysInMonth()
        f.op(Op.i32GtU).brIf(toJavaScript)
        daysFromCivil()
        f.get(days).tee(epochDay).set(lastDay)
        f.get(s).memory(Op.i32Load, 0).set(lastA)
        f.get(s).memory(Op.i32Load, 0, 4).set(lastB)
        f.get(s).memory(Op.i32Load16U, 0, 8).set(lastC)
        f.i32(1).set(haveLast)
      },
    )
  }

  /** Seconds and fractions after HH:MM; at is the byte after the minutes. */
  const seconds = (toJavaScript: Label) => {
    f.i32(0).set(second)
    f.f64Zero().set(fraction)
    f.get(at)
      .get(e)
      .op(Op.i32LtS)
      .ifElse(() => {
        byteAt(at)
          .i32(COLON)
          .op(Op.i32Eq)
          .ifElse(() => {
            f.i32(0).set(bad)
            digits(second, at, 1, 2)
            orBad(() => f.get(at).i32(3).op(Op.i32Add).get(e).op(Op.i32GtS))
            orBad(() => f.get(second).i32(59).op(Op.i32GtU))
            f.get(bad).brIf(toJavaScript)
            f.addTo(at, 3)
            f.get(at)
              .get(e)
              .op(Op.i32LtS)
              .ifElse(() => {
                isEither(() => f.get(at), DOT, COMMA)
                f.ifElse(() => {
                  // milliseconds, by the same float operations as parseTimestampBytes
                  f.addTo(at, 1)
                  f.get(at).set(start)
                  f.f64(100).set(fractionScale)
                  f.block((done) => {
                    f.loop((nextDigit) => {
                      f.get(at).get(e).op(Op.i32GeS).brIf(done)
                      byteAt(at).i32(48).op(Op.i32Sub).tee(d).i32(9).op(Op.i32GtU).brIf(done)
                      f.get(fraction)
                        .get(d)
                        .op(Op.f64ConvertI32S)
                        .get(fractionScale)
                        .op(Op.f64Mul)
                        .op(Op.f64Add)
                        .set(fraction)
                      f.get(fractionScale).f64(10).op(Op.f64Div).set(fractionScale)
                      f.addTo(at, 1).br(nextDigit)
                    })
                  })
                  f.get(at).get(start).op(Op.i32Eq).brIf(toJavaScript)
                  f.get(fraction).f64(1e-9).op(Op.f64Add).op(Op.f64Floor).set(fraction)
                })
              })
          })
      })
  }

  /** The zone designator after the time: none (naive), Z, or ±HH[[:]MM], applied to ms. */
  const zone = (toJavaScript: Label) => {
    f.i32(0).set(naive)
    f.get(at)
      .get(e)
      .op(Op.i32Eq)
      .ifElse(
        () => f.i32(1).set(naive),
        () => {
          byteAt(at).tee(designator).i32(90).op(Op.i32Eq)
          f.get(designator).i32(122).op(Op.i32Eq).op(Op.i32Or)
          f.get(at).i32(1).op(Op.i32Add).get(e).op(Op.i32Eq).op(Op.i32And)
          f.op(Op.i32Eqz).ifElse(() => {
            f.get(designator).i32(PLUS).op(Op.i32Ne).get(designator).i32(MINUS).op(Op.i32Ne).op(Op.i32And)
            f.brIf(toJavaScript)
            const offsetHours = year
            const offsetMinutes = month
            f.i32(0).set(bad)
            digits(offsetHours, at, 1, 2)
            orBad(() => f.get(offsetHours).i32(14).op(Op.i32GtU))
            f.get(e).get(at).i32(3).op(Op.i32Add).op(Op.i32Sub).set(rest)
            f.i32(0).set(offsetMinutes)
            f.get(rest).i32(3).op(Op.i32Eq)
            byteAt(at, 3).i32(COLON).op(Op.i32Eq).op(Op.i32And)
            f.ifElse(
              () => digits(offsetMinutes, at, 4, 2),
              () => {
                f.get(rest)
                  .i32(2)
                  .op(Op.i32Eq)
                  .ifElse(
                    () => digits(offsetMinutes, at, 3, 2),
                    () => {
                      f.get(rest).brIf(toJavaScript)
                    },
                  )
              },
            )
            orBad(() => f.get(offsetMinutes).i32(59).op(Op.i32GtU))
            f.get(bad).brIf(toJavaScript)
            // ms ∓ offset: exact integers, whatever the order
            f.get(offsetHours)
              .i32(60)
              .op(Op.i32Mul)
              .get(offsetMinutes)
              .op(Op.i32Add)
              .i32(60_000)
              .op(Op.i32Mul)
            f.op(Op.f64ConvertI32S).set(fraction)
            f.get(ms).get(fraction).op(Op.f64Sub)
            f.get(ms).get(fraction).op(Op.f64Add)
            f.get(designator).i32(PLUS).op(Op.i32Eq).op(Op.select).set(ms)
          })
        },
      )
  }

  /** parseTimestampBytes: ms and naive, or JavaScript for anything it would refuse or read differently. */
  const timestamp = (toJavaScript: Label) => {
    fieldBounds(tsIndex)
    trim(SPACE, QUOTE)
    f.get(e).get(s).op(Op.i32Sub).i32(16).op(Op.i32LtS).brIf(toJavaScript)
    byteAt(s, 10).tee(b).i32(SPACE).op(Op.i32Ne)
    f.get(b).i32(84).op(Op.i32Ne).op(Op.i32And)
    f.get(b).i32(116).op(Op.i32Ne).op(Op.i32And).brIf(toJavaScript)
    date(toJavaScript)
    f.i32(0).set(bad)
    digits(hour, s, 11, 2)
    digits(minute, s, 14, 2)
    orBad(() => byteAt(s, 13).i32(COLON).op(Op.i32Ne))
    orBad(() => f.get(hour).i32(23).op(Op.i32GtU))
    orBad(() => f.get(minute).i32(59).op(Op.i32GtU))
    f.get(bad).brIf(toJavaScript)
    f.get(s).i32(16).op(Op.i32Add).set(at)
    seconds(toJavaScript)
    // (epochDay · 86 400 + hour · 3600 + minute · 60 + second) · 1000 + fraction: exact integers in float64
    f.get(epochDay).op(Op.f64ConvertI32S).f64(86_400).op(Op.f64Mul)
    f.get(hour)
      .i32(3600)
      .op(Op.i32Mul)
      .get(minute)
      .i32(60)
      .op(Op.i32Mul)
      .op(Op.i32Add)
      .get(second)
      .op(Op.i32Add)
    f.op(Op.f64ConvertI32S).op(Op.f64Add).f64(1000).op(Op.f64Mul).get(fraction).op(Op.f64Add).set(ms)
    zone(toJavaScript)
  }

  /** Naive rows from 22:00 on: does the `day` column name the same wall-clock day or the next one? */
  const dayEvidence = (toJavaScript: Label) => {
    f.i32(0).set(evidenceNext)
    f.i32(0).set(evidenceSame)
    f.get(naive)
    f.get(dayIndex).i32(0).op(Op.i32GeS).op(Op.i32And)
    f.get(hour).i32(22).op(Op.i32GeU).op(Op.i32And)
    f.ifElse(() => {
      fieldBounds(dayIndex)
      f.get(e)
        .get(s)
        .op(Op.i32Sub)
        .i32(10)
        .op(Op.i32GeS)
        .ifElse(() => {
          // parseDayBytes: digits only, no separator check
          f.i32(0).set(bad)
          digits(year, s, 0, 4)
          digits(month, s, 5, 2)
          digits(day, s, 8, 2)
          orBad(() => f.get(month).i32(1).op(Op.i32Sub).i32(11).op(Op.i32GtU))
          orBad(() => f.get(day).i32(1).op(Op.i32Sub).i32(30).op(Op.i32GtU))
          f.get(bad)
            .op(Op.i32Eqz)
            .ifElse(() => {
              f.get(year).op(Op.i32Eqz).brIf(toJavaScript)
              daysFromCivil()
              f.get(days).get(epochDay).i32(1).op(Op.i32Add).op(Op.i32Eq).set(evidenceNext)
              f.get(days).get(epochDay).op(Op.i32Eq).set(evidenceSame)
            })
        })
    })
  }

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
