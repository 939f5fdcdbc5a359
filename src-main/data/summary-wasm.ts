/**
 * The finest chart-summary level in WebAssembly (summary.ts's buildSummary loop, the part that visits every
 * reading): the same float operations in the same order, so the level is bit for bit the one the JavaScript
 * loop builds (summary.test.ts compares them). The readings go through the module's memory in blocks, so
 * its memory stays small whatever the dataset's size. Without WebAssembly, summary.ts uses its own loop.
 */
import { compiledOnce, wasmApi } from '../wasm/api'
import { encodeModule, WasmFunction } from '../wasm/emitter'
import { F64, I32, Op } from '../wasm/opcodes'

const PAGE = 65_536
/** readings per block copied in */
const BLOCK = 32_768
// byte addresses: parameters, then one block of instants (f64) and values (f32), then the buckets
const START_MS = 0 // f64
const WIDTH = 8 // f64
const INSTANTS = 64
const VALUES = INSTANTS + BLOCK * 8
/** [buckets × 4] f32 min, max, mean, count, as SummaryLevel.data, then [buckets] f64 sums */
const BUCKETS = VALUES + BLOCK * 4

/**
 *   accumulate(n, buckets)
 *     for the n readings of the block: skip NaN; b = floor((instant − startMs) / width), skip outside
 *     [0, buckets); min, max, count (float32) and sum (float64) of bucket b, as buildSummary does.
 */
function buildSummaryModule(): Uint8Array {
  const f = new WasmFunction('accumulate', 2)
  const n = f.param(0)
  const buckets = f.param(1)
  const i = f.local(I32)
  const at = f.local(I32)
  const b = f.local(I32)
  const sums = f.local(I32)
  const v = f.local(F64)
  const bucket = f.local(F64)
  const startMs = f.local(F64)
  const width = f.local(F64)
  f.i32(START_MS).f64Load().set(startMs)
  f.i32(WIDTH).f64Load().set(width)
  f.get(buckets).i32(4).op(Op.i32Shl).i32(BUCKETS).op(Op.i32Add).set(sums)
  f.block((done) => {
    f.loop((next) => {
      f.get(i).get(n).op(Op.i32GeU).brIf(done)
      f.block((skip) => {
        f.get(i).i32(2).op(Op.i32Shl).memory(Op.f32Load, 2, VALUES).op(Op.f64PromoteF32).tee(v)
        f.get(v).op(Op.f64Ne).brIf(skip) // NaN: an empty cell
        f.get(i).i32(3).op(Op.i32Shl).f64Load(INSTANTS).get(startMs).op(Op.f64Sub).get(width).op(Op.f64Div)
        f.op(Op.f64Floor).tee(bucket).f64(0).op(Op.f64Lt).brIf(skip)
        f.get(bucket).get(buckets).op(Op.f64ConvertI32S).op(Op.f64Ge).brIf(skip)
        f.get(bucket).op(Op.i32TruncF64S).tee(b).i32(4).op(Op.i32Shl).i32(BUCKETS).op(Op.i32Add).set(at)
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
        f.get(b).i32(3).op(Op.i32Shl).get(sums).op(Op.i32Add).tee(b)
        f.get(b).f64Load().get(v).op(Op.f64Add).f64Store()
        f.get(at).get(at).memory(Op.f32Load, 2, 12).op(Op.f64PromoteF32).f64(1).op(Op.f64Add)
        f.op(Op.f32DemoteF64).memory(Op.f32Store, 2, 12)
      })
      f.addTo(i, 1).br(next)
    })
  })
  return encodeModule([f], 1)
}

const compiledSummary = compiledOnce(buildSummaryModule)

/**
 * buildSummary's data for `buckets` buckets of `width` ms from `startMs`, or null without WebAssembly.
 * Returns the float32 [buckets × 4] array: min, max, mean, count (NaN min/max/mean when count = 0).
 */
export function summarizeInWasm(
  instants: Float64Array,
  values: Float32Array,
  startMs: number,
  width: number,
  buckets: number,
): Float32Array | null {
  const wasm = wasmApi()
  const module = wasm ? compiledSummary(wasm) : null
  if (!wasm || !module) return null
  const memory = new wasm.Memory({ initial: Math.ceil((BUCKETS + buckets * 24) / PAGE) })
  const accumulate = new wasm.Instance(module, { env: { memory } }).exports.accumulate as (
    n: number,
    buckets: number,
  ) => void
  const { buffer } = memory
  new Float64Array(buffer, 0, 2).set([startMs, width])
  const data = new Float32Array(buffer, BUCKETS, buckets * 4)
  const sums = new Float64Array(buffer, BUCKETS + buckets * 16, buckets)
  for (let b = 0; b < buckets; b++) {
    data[b * 4] = Infinity
    data[b * 4 + 1] = -Infinity
  }
  const instantBlock = new Float64Array(buffer, INSTANTS, BLOCK)
  const valueBlock = new Float32Array(buffer, VALUES, BLOCK)
  for (let from = 0; from < instants.length; from += BLOCK) {
    const to = Math.min(instants.length, from + BLOCK)
    instantBlock.set(instants.subarray(from, to))
    valueBlock.set(values.subarray(from, to))
    accumulate(to - from, buckets)
  }
  const out = new Float32Array(data) // out of the module's memory, which is dropped
  for (let b = 0; b < buckets; b++) {
    const at = b * 4
    const count = out[at + 3]
    if (count === 0) out[at] = out[at + 1] = out[at + 2] = NaN
    else out[at + 2] = sums[b] / count
  }
  return out
}
