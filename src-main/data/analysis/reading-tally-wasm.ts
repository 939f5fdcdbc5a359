/**
 * reading-tally.ts's pass in WebAssembly: the same comparisons and the same float64 sum in reading order,
 * so the tally is the JavaScript loop's exactly (reading-tally.test.ts). The readings go through the
 * module's memory in blocks; the running state (sums, counts, open runs, the previous reading) stays in
 * the module's memory between blocks.
 */
import { instanceWithMemory, ownModule } from '../../wasm/api'
import { encodeModule, WasmFunction } from '../../wasm/emitter'
import { F64, I32, Op } from '../../wasm/opcodes'
import type { MergedReadings } from '../import/merge-readings'
import type { ReadingTally, TallyRules } from './reading-tally'

/** readings per block copied in */
const BLOCK = 32_768

/** float64 state, then int32 state (byte addresses), then the blocks */
const F64_STATE = ['min', 'max', 'sum', 'prevInstant', 'prevCons', 'stepMs', 'spikeW'] as const
const I32_STATE = [
  'present',
  'negative',
  'spikes',
  'spikeNegative',
  'spikeMismatch',
  'mismatch',
  'zeroRuns',
  'zeroRunRows',
  'longestZeroRun',
  'zeroRun',
  'flatStretches',
  'flatRun',
  'longestFlat',
  'minZeroRun',
  'minFlatRun',
  'dayCount',
  'day',
  'dayPresent',
  'dayEmpty',
  'dayZero',
] as const
const I32_AT = F64_STATE.length * 8
/** the blocks start after the int32 state, on a 64-byte boundary */
const INSTANTS = Math.ceil((I32_AT + I32_STATE.length * 4) / 64) * 64
const CONS = INSTANTS + BLOCK * 8
const PROD = CONS + BLOCK * 4
const TOT = PROD + BLOCK * 4
const ZERO = TOT + BLOCK * 4
/** f64 [days]: where each day ends; then i32 [days × 4]: end, present, empty, zero of each closed day */
const DAY_ENDS = ZERO + BLOCK

type F64Name = (typeof F64_STATE)[number]
type I32Name = (typeof I32_STATE)[number]

/**
 *   tally(n, from)
 *     the n readings of the block (`from` is its first reading's index),
 *     as tallyInJs's loop for i < n
 */
export function buildTallyModule(): Uint8Array {
  const f = new WasmFunction('tally', 2)
  const n = f.param(0)
  const from = f.param(1)
  const F = Object.fromEntries(F64_STATE.map((name) => [name, f.local(F64)])) as Record<F64Name, number>
  const I = Object.fromEntries(I32_STATE.map((name) => [name, f.local(I32)])) as Record<I32Name, number>
  const k = f.local(I32)
  const zero = f.local(I32)
  const contiguous = f.local(I32)
  const t = f.local(F64)
  const c = f.local(F64)
  const p = f.local(F64)
  const tot = f.local(F64)
  const isSpike = f.local(I32)
  F64_STATE.forEach((name, j) =>
    f
      .i32(j * 8)
      .f64Load()
      .set(F[name]),
  )
  I32_STATE.forEach((name, j) =>
    f
      .i32(I32_AT + j * 4)
      .memory(Op.i32Load, 2)
      .set(I[name]),
  )
  const increment = (local: number) => f.addTo(local, 1)
  const maxInto = (target: number, other: number) =>
    f.get(target).get(other).get(target).get(other).op(Op.i32GtS).op(Op.select).set(target)
  const f32At = (base: number, local: number) => {
    f.get(k).i32(2).op(Op.i32Shl).memory(Op.f32Load, 2, base).op(Op.f64PromoteF32).set(local)
  }
  const isNumber = (local: number) => f.get(local).get(local).op(Op.f64Eq)
  /** pushes |x| >= spikeW */
  const spike = (local: number) => f.get(local).op(Op.f64Abs).get(F.spikeW).op(Op.f64Ge)

  f.block((done) => {
    f.loop((next) => {
      f.get(k).get(n).op(Op.i32GeU).brIf(done)
      f.get(k).i32(3).op(Op.i32Shl).f64Load(INSTANTS).set(t)
      f32At(CONS, c)
      f.get(k).memory(Op.i32Load8U, 0, ZERO).set(zero)
      // the days that end before this reading are complete (the last day takes every reading left)
      f.block((daysDone) => {
        f.loop((nextDay) => {
          f.get(I.day).get(I.dayCount).i32(1).op(Op.i32Sub).op(Op.i32GeS).brIf(daysDone)
          f.get(t).get(I.day).i32(3).op(Op.i32Shl).f64Load(DAY_ENDS).op(Op.f64Lt).brIf(daysDone)
          const dayOut = (field: number) =>
            f
              .get(I.day)
              .i32(4)
              .op(Op.i32Shl)
              .get(I.dayCount)
              .i32(3)
              .op(Op.i32Shl)
              .op(Op.i32Add)
              .i32(field * 4)
          dayOut(0).op(Op.i32Add).get(from).get(k).op(Op.i32Add).memory(Op.i32Store, 2, DAY_ENDS)
          dayOut(1).op(Op.i32Add).get(I.dayPresent).memory(Op.i32Store, 2, DAY_ENDS)
          dayOut(2).op(Op.i32Add).get(I.dayEmpty).memory(Op.i32Store, 2, DAY_ENDS)
          dayOut(3).op(Op.i32Add).get(I.dayZero).memory(Op.i32Store, 2, DAY_ENDS)
          f.i32(0).set(I.dayPresent).i32(0).set(I.dayEmpty).i32(0).set(I.dayZero)
          increment(I.day)
          f.br(nextDay)
        })
      })
      isNumber(c).ifElse(
        () => increment(I.dayPresent),
        () => increment(I.dayEmpty),
      )
      f.addLocalTo(I.dayZero, zero)
      // contiguous: not reading 0, and exactly one interval after the previous reading
      f.get(k).get(from).op(Op.i32Or).i32(0).op(Op.i32Ne)
      f.get(t).get(F.prevInstant).op(Op.f64Sub).get(F.stepMs).op(Op.f64Eq).op(Op.i32And).set(contiguous)
      // runs of all-zero rows
      f.get(zero).i32(1).op(Op.i32Eq)
      f.get(I.zeroRun).op(Op.i32Eqz).get(contiguous).op(Op.i32Or).op(Op.i32And)
      f.ifElse(
        () => increment(I.zeroRun),
        () => {
          f.get(I.zeroRun)
            .get(I.minZeroRun)
            .op(Op.i32GeS)
            .ifElse(() => {
              increment(I.zeroRuns)
              f.addLocalTo(I.zeroRunRows, I.zeroRun)
              maxInto(I.longestZeroRun, I.zeroRun)
            })
          f.get(zero).i32(1).op(Op.i32Eq).set(I.zeroRun)
        },
      )
      // flat lines: the same non-zero p_cons on consecutive slots
      f.get(contiguous).get(zero).op(Op.i32Eqz).op(Op.i32And)
      f.get(c).get(F.prevCons).op(Op.f64Eq).op(Op.i32And)
      f.get(c).f64(0).op(Op.f64Ne).op(Op.i32And)
      f.ifElse(
        () => increment(I.flatRun),
        () => {
          f.get(I.flatRun)
            .get(I.minFlatRun)
            .op(Op.i32GeS)
            .ifElse(() => {
              increment(I.flatStretches)
              maxInto(I.longestFlat, I.flatRun)
            })
          f.i32(1).set(I.flatRun)
        },
      )
      // spikes first: a spike's sign and p_tot are counted with the spike, not again
      f32At(PROD, p)
      f32At(TOT, tot)
      spike(c)
      spike(p)
      f.op(Op.i32Or)
      spike(tot)
      f.op(Op.i32Or).set(isSpike)
      f.get(isSpike).ifElse(() => increment(I.spikes))
      // p_cons statistics
      isNumber(c).ifElse(() => {
        increment(I.present)
        f.get(F.sum).get(c).op(Op.f64Add).set(F.sum)
        f.get(c)
          .get(F.min)
          .op(Op.f64Lt)
          .ifElse(() => f.get(c).set(F.min))
        f.get(c)
          .get(F.max)
          .op(Op.f64Gt)
          .ifElse(() => f.get(c).set(F.max))
        f.get(c)
          .f64(0)
          .op(Op.f64Lt)
          .ifElse(() =>
            f.get(isSpike).ifElse(
              () => increment(I.spikeNegative),
              () => increment(I.negative),
            ),
          )
      })
      // p_tot ≠ p_cons + p_prod by more than 1 W (+ 1e-6 relative), where all three are present
      isNumber(c)
      isNumber(p)
      f.op(Op.i32And)
      isNumber(tot)
      f.op(Op.i32And)
      f.get(tot).get(c).get(p).op(Op.f64Add).op(Op.f64Sub).op(Op.f64Abs)
      f.f64(1).f64(1e-6).get(tot).op(Op.f64Abs).op(Op.f64Mul).op(Op.f64Add).op(Op.f64Gt)
      f.op(Op.i32And).ifElse(() =>
        f.get(isSpike).ifElse(
          () => increment(I.spikeMismatch),
          () => increment(I.mismatch),
        ),
      )
      f.get(t).set(F.prevInstant)
      f.get(c).set(F.prevCons)
      f.addTo(k, 1).br(next)
    })
  })
  F64_STATE.forEach((name, j) =>
    f
      .i32(j * 8)
      .get(F[name])
      .f64Store(),
  )
  I32_STATE.forEach((name, j) =>
    f
      .i32(I32_AT + j * 4)
      .get(I[name])
      .memory(Op.i32Store, 2),
  )
  return encodeModule([f], 1)
}

const tallyModule = ownModule('reading tally', buildTallyModule)

/** The tally of `readings`, or null without WebAssembly. */
export function tallyInWasm(readings: MergedReadings, rules: TallyRules): ReadingTally | null {
  const dayCount = rules.dayEnds.length
  const instance = instanceWithMemory(tallyModule, DAY_ENDS + dayCount * 24)
  if (!instance) return null
  const { memory } = instance
  const tally = instance.exports.tally as (n: number, from: number) => void
  const { buffer } = memory
  const floats = new Float64Array(buffer, 0, F64_STATE.length)
  const ints = new Int32Array(buffer, I32_AT, I32_STATE.length)
  const f = (name: F64Name) => F64_STATE.indexOf(name)
  const i = (name: I32Name) => I32_STATE.indexOf(name)
  floats[f('min')] = Infinity
  floats[f('max')] = -Infinity
  floats[f('stepMs')] = rules.stepMs
  floats[f('spikeW')] = rules.spikeW
  ints[i('flatRun')] = 1
  ints[i('minZeroRun')] = rules.minZeroRun
  ints[i('minFlatRun')] = rules.minFlatRun
  ints[i('dayCount')] = dayCount
  new Float64Array(buffer, DAY_ENDS, dayCount).set(rules.dayEnds)
  const { instants, columns, zero } = readings
  const blocks: [ArrayLike<number>, Float64Array | Float32Array | Uint8Array][] = [
    [instants, new Float64Array(buffer, INSTANTS, BLOCK)],
    [columns[0], new Float32Array(buffer, CONS, BLOCK)],
    [columns[1], new Float32Array(buffer, PROD, BLOCK)],
    [columns[2], new Float32Array(buffer, TOT, BLOCK)],
    [zero, new Uint8Array(buffer, ZERO, BLOCK)],
  ]
  for (let from = 0; from < instants.length; from += BLOCK) {
    const to = Math.min(instants.length, from + BLOCK)
    for (const [source, block] of blocks) block.set((source as Float64Array).subarray(from, to))
    tally(to - from, from)
    tallyModule.use.calls++
  }
  const closed = new Int32Array(buffer, DAY_ENDS + dayCount * 8, ints[i('day')] * 4)
  const days = Array.from({ length: ints[i('day')] }, (_, d) => ({
    end: closed[d * 4],
    present: closed[d * 4 + 1],
    empty: closed[d * 4 + 2],
    zero: closed[d * 4 + 3],
  }))
  if (dayCount > 0) {
    const [present, empty, zero] = [ints[i('dayPresent')], ints[i('dayEmpty')], ints[i('dayZero')]]
    days.push({ end: instants.length, present, empty, zero })
  }
  // the loop's last step (i = n) in tallyInJs: close the open runs
  const out = {
    days,
    min: floats[f('min')],
    max: floats[f('max')],
    sum: floats[f('sum')],
    present: ints[i('present')],
    negative: ints[i('negative')],
    spikes: ints[i('spikes')],
    spikeNegative: ints[i('spikeNegative')],
    spikeMismatch: ints[i('spikeMismatch')],
    mismatch: ints[i('mismatch')],
    zeroRuns: ints[i('zeroRuns')],
    zeroRunRows: ints[i('zeroRunRows')],
    longestZeroRun: ints[i('longestZeroRun')],
    flatStretches: ints[i('flatStretches')],
    longestFlat: ints[i('longestFlat')],
  }
  const zeroRun = ints[i('zeroRun')]
  if (zeroRun >= rules.minZeroRun) {
    out.zeroRuns++
    out.zeroRunRows += zeroRun
    out.longestZeroRun = Math.max(out.longestZeroRun, zeroRun)
  }
  const flatRun = ints[i('flatRun')]
  if (flatRun >= rules.minFlatRun) {
    out.flatStretches++
    out.longestFlat = Math.max(out.longestFlat, flatRun)
  }
  return out
}
