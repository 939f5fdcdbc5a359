/**
 * The finest chart-summary level of every column in WebAssembly, in one pass over the readings (summary.ts's
 * buildSummary loop, the part that visits every reading; the bucket of a reading is found once for all its
 * columns): the same float operations in the same order, so each level is bit for bit the one the JavaScript
 * loop builds (summary.test.ts compares them). The readings go through the module's memory in blocks, so its
 * memory stays small whatever the dataset's size. Without WebAssembly, summary.ts uses its own loop.
 */
import { instanceWithMemory, ownModule } from '../../wasm/api'
import { encodeModule, WasmFunction } from '../../wasm/emitter'
import { F64, I32, Op } from '../../wasm/opcodes'

/** readings per block copied in */
const BLOCK = 32_768
// byte addresses: parameters, one block of instants (f64), then per column a block of values (f32), then
// per column its buckets: [buckets × 4] f32 min, max, mean, count (SummaryLevel.data) and [buckets] f64 sums
const START_MS = 0 // f64
const WIDTH = 8 // f64
const INSTANTS = 64
const VALUES = INSTANTS + BLOCK * 8
const BUCKET_BYTES = 24

/**
 *   accumulate(n, buckets, columns)
 *     for the n readings of the block: b = floor((instant − startMs) / width), skip outside [0, buckets);
 *     then for each column, skip NaN; min, max, count (float32) and sum (float64) of its bucket b, as
 *     buildSummary does. Column c's values are at VALUES + c · BLOCK · 4, its buckets at bucketsAt(c).
 */
export function buildSummaryModule(): Uint8Array {
  const f = new WasmFunction('accumulate', 3)
  const n = f.param(0)
  const buckets = f.param(1)
  const columns = f.param(2)
  const i = f.local(I32)
  const c = f.local(I32)
  const b = f.local(I32)
  const at = f.local(I32)
  const sum = f.local(I32)
  const area = f.local(I32) // the first column's buckets; each column's take buckets · BUCKET_BYTES bytes
  const v = f.local(F64)
  const bucket = f.local(F64)
  const startMs = f.local(F64)
  const width = f.local(F64)
  f.i32(START_MS).f64Load().set(startMs)
  f.i32(WIDTH).f64Load().set(width)
  f.get(columns)
    .i32(BLOCK * 4)
    .op(Op.i32Mul)
    .i32(VALUES)
    .op(Op.i32Add)
    .set(area)
  f.block((done) => {
    f.loop((next) => {
      f.get(i).get(n).op(Op.i32GeU).brIf(done)
      f.block((skip) => {
        f.get(i).i32(3).op(Op.i32Shl).f64Load(INSTANTS).get(startMs).op(Op.f64Sub).get(width).op(Op.f64Div)
        f.op(Op.f64Floor).tee(bucket).f64(0).op(Op.f64Lt).brIf(skip)
        f.get(bucket).get(buckets).op(Op.f64ConvertI32S).op(Op.f64Ge).brIf(skip)
        f.get(bucket).op(Op.i32TruncF64S).set(b)
        f.i32(0).set(c)
        f.loop((nextColumn) => {
          f.block((empty) => {
            f.get(c).i32(BLOCK).op(Op.i32Mul).get(i).op(Op.i32Add).i32(2).op(Op.i32Shl)
            f.memory(Op.f32Load, 2, VALUES).op(Op.f64PromoteF32).tee(v)
            f.get(v).op(Op.f64Ne).brIf(empty) // NaN: an empty cell
            // this column's bucket b: [min, max, mean, count] at `at`, its float64 sum at `sum`
            f.get(c).get(buckets).op(Op.i32Mul).i32(BUCKET_BYTES).op(Op.i32Mul).get(area).op(Op.i32Add)
            f.tee(sum).get(b).i32(4).op(Op.i32Shl).op(Op.i32Add).set(at)
            f.get(sum)
              .get(buckets)
              .i32(4)
              .op(Op.i32Shl)
              .op(Op.i32Add)
              .get(b)
              .i32(3)
              .op(Op.i32Shl)
              .op(Op.i32Add)
            f.set(sum)
            // float32 min and max: v is a float32 value, so storing it is exact
            f.get(v)
              .get(at)
              .memory(Op.f32Load, 2)
              .op(Op.f64PromoteF32)
              .op(Op.f64Lt)
              .ifElse(() => {
                f.get(at).get(v).op(Op.f32DemoteF64).memory(Op.f32Store, 2)
              })
            f.get(v)
              .get(at)
              .memory(Op.f32Load, 2, 4)
              .op(Op.f64PromoteF32)
              .op(Op.f64Gt)
              .ifElse(() => {
                f.get(at).get(v).op(Op.f32DemoteF64).memory(Op.f32Store, 2, 4)
              })
            // the float64 sum, in reading order, and the float32 count (`data[at + 3]++`)
            f.get(sum).get(sum).f64Load().get(v).op(Op.f64Add).f64Store()
            f.get(at).get(at).memory(Op.f32Load, 2, 12).op(Op.f64PromoteF32).f64(1).op(Op.f64Add)
            f.op(Op.f32DemoteF64).memory(Op.f32Store, 2, 12)
          })
          f.addTo(c, 1)
          f.get(c).get(columns).op(Op.i32LtU).brIf(nextColumn)
        })
      })
      f.addTo(i, 1).br(next)
    })
  })
  return encodeModule([f], 1)
}

const summaryModule = ownModule('summary', buildSummaryModule)

/**
 * buildSummary's data of each column for `buckets` buckets of `width` ms from `startMs`, or null without
 * WebAssembly: per column a float32 [buckets × 4] array of min, max, mean, count (NaN min/max/mean when
 * count = 0).
 */
export function summarizeInWasm(
  instants: Float64Array,
  columns: Float32Array[],
  startMs: number,
  width: number,
  buckets: number,
): Float32Array[] | null {
  const area = VALUES + columns.length * BLOCK * 4
  const instance =
    columns.length > 0
      ? instanceWithMemory(summaryModule, area + columns.length * buckets * BUCKET_BYTES)
      : null
  if (!instance) return null
  const { memory } = instance
  const accumulate = instance.exports.accumulate as (n: number, buckets: number, columns: number) => void
  const { buffer } = memory
  new Float64Array(buffer, 0, 2).set([startMs, width])
  const data = columns.map((_, c) => new Float32Array(buffer, area + c * buckets * BUCKET_BYTES, buckets * 4))
  const sums = columns.map(
    (_, c) => new Float64Array(buffer, area + c * buckets * BUCKET_BYTES + buckets * 16, buckets),
  )
  for (const column of data) {
    for (let b = 0; b < buckets; b++) {
      column[b * 4] = Infinity
      column[b * 4 + 1] = -Infinity
    }
  }
  const instantBlock = new Float64Array(buffer, INSTANTS, BLOCK)
  const valueBlocks = columns.map((_, c) => new Float32Array(buffer, VALUES + c * BLOCK * 4, BLOCK))
  for (let from = 0; from < instants.length; from += BLOCK) {
    const to = Math.min(instants.length, from + BLOCK)
    instantBlock.set(instants.subarray(from, to))
    columns.forEach((values, c) => valueBlocks[c].set(values.subarray(from, to)))
    accumulate(to - from, buckets, columns.length)
    summaryModule.use.calls++
  }
  return data.map((column, c) => {
    const out = new Float32Array(column) // out of the module's memory, which is dropped
    for (let b = 0; b < buckets; b++) {
      const at = b * 4
      const count = out[at + 3]
      if (count === 0) out[at] = out[at + 1] = out[at + 2] = NaN
      else out[at + 2] = sums[c][b] / count
    }
    return out
  })
}
