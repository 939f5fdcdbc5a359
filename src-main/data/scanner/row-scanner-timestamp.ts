/**
 * The timestamp part of the row scanner's `scan` function: parseTimestampBytes (timestamps.ts) by the same
 * integer and float operations, and the `day` column's evidence for naive files; anything it would refuse or
 * read differently branches to the caller's `toJavaScript` label.
 */
import type { Label } from '../../wasm/emitter'
import { F64, I32, Op } from '../../wasm/opcodes'
import { Byte, type ScanContext } from './row-scanner-emit'

const { SPACE, QUOTE, PLUS, COMMA, MINUS, DOT, COLON } = Byte

/**
 * The emitters of the timestamp of field `tsIndex` (a local) and of the evidence of the `day` field
 * `dayIndex` (a local, -1 when there is none); they leave the row's instant in `ms`, `naive`, `offset`, and
 * the evidence in `evidenceNext` / `evidenceSame`.
 */
export function timestampEmitter(x: ScanContext, tsIndex: number, dayIndex: number) {
  const { f, s, e, at, b, d, bad, start, byteAt, digits, orBad, fieldBounds, isEither, trim } = x
  const int = () => f.local(I32)
  const float = () => f.local(F64)
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
  const offset = int() // the designator's UTC offset in minutes (Z and naive: 0), as ParsedTimestamp.offsetMinutes
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
    f.i32(0).set(offset)
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
            f.get(offsetHours).i32(60).op(Op.i32Mul).get(offsetMinutes).op(Op.i32Add).tee(offset)
            f.i32(60_000).op(Op.i32Mul)
            f.op(Op.f64ConvertI32S).set(fraction)
            // offset := −offset after a '-'
            f.get(offset).i32(0).get(offset).op(Op.i32Sub)
            f.get(designator).i32(PLUS).op(Op.i32Eq).op(Op.select).set(offset)
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

  return { ms, naive, offset, evidenceNext, evidenceSame, timestamp, dayEvidence }
}
