/**
 * The multi-resolution summary behind the series chart: for a few bucket widths, the min, max,
 * mean and count of each column per bucket. A chart window then costs one blob read and a
 * re-bucketing to the requested number of points, whatever the size of the raw data.
 */

import { summarizeInWasm } from './summary-wasm'

/** Bucket widths in seconds; a dataset keeps those at least 4× its interval. */
export const SUMMARY_LEVELS = [300, 1800, 10_800, 86_400] as const

export function summaryLevels(intervalSeconds: number): number[] {
  return SUMMARY_LEVELS.filter((seconds) => seconds >= 4 * intervalSeconds)
}

export interface SummaryLevel {
  bucketSeconds: number
  /** UTC epoch ms of bucket 0 */
  startMs: number
  buckets: number
  /** Float32Array [buckets × 4]: min, max, mean, count (NaN min/max/mean when count = 0) */
  data: Float32Array
}

/**
 * Summarises one column (see buildColumnSummaries).
 * @param instants Float64Array [N] UTC epoch ms, increasing
 * @param values Float32Array [N] watts, NaN = empty
 */
export function buildSummary(
  instants: Float64Array,
  values: Float32Array,
  startMs: number,
  endMs: number,
  bucketSeconds: number,
  wasm = true,
): SummaryLevel {
  return summarizeColumns(instants, [values], startMs, endMs, bucketSeconds, wasm)[0]
}

/**
 * One level of every column from the readings: in WebAssembly where there is some (summary-wasm.ts, one pass
 * for all the columns, the same numbers bit for bit), else with the JavaScript loop below, column by column.
 */
function summarizeColumns(
  instants: Float64Array,
  columns: Float32Array[],
  startMs: number,
  endMs: number,
  bucketSeconds: number,
  wasm: boolean,
): SummaryLevel[] {
  const width = bucketSeconds * 1000
  const buckets = Math.max(1, Math.ceil((endMs - startMs) / width))
  const fast = wasm ? summarizeInWasm(instants, columns, startMs, width, buckets) : null
  return columns.map((values, c) => ({
    bucketSeconds,
    startMs,
    buckets,
    data: fast?.[c] ?? summarizeInJs(instants, values, startMs, width, buckets),
  }))
}

/** buildSummary's loop in JavaScript: the reference for the WebAssembly one. */
function summarizeInJs(
  instants: Float64Array,
  values: Float32Array,
  startMs: number,
  width: number,
  buckets: number,
): Float32Array {
  const data = new Float32Array(buckets * 4)
  const sums = new Float64Array(buckets)
  for (let b = 0; b < buckets; b++) {
    data[b * 4] = Infinity
    data[b * 4 + 1] = -Infinity
  }
  for (let i = 0; i < instants.length; i++) {
    const v = values[i]
    if (Number.isNaN(v)) continue
    const b = Math.floor((instants[i] - startMs) / width)
    if (b < 0 || b >= buckets) continue
    const at = b * 4
    if (v < data[at]) data[at] = v
    if (v > data[at + 1]) data[at + 1] = v
    sums[b] += v
    data[at + 3]++
  }
  for (let b = 0; b < buckets; b++) {
    const at = b * 4
    const count = data[at + 3]
    if (count === 0) data[at] = data[at + 1] = data[at + 2] = NaN
    else data[at + 2] = sums[b] / count
  }
  return data
}

/**
 * A coarser level from a finer one (its bucket width must divide the coarser width): one pass
 * over the finer buckets instead of over every reading.
 */
export function coarsenSummary(finer: SummaryLevel, bucketSeconds: number, endMs: number): SummaryLevel {
  const ratio = bucketSeconds / finer.bucketSeconds
  if (!Number.isInteger(ratio))
    throw new Error(`${bucketSeconds} s is not a multiple of ${finer.bucketSeconds} s`)
  const buckets = Math.max(1, Math.ceil((endMs - finer.startMs) / (bucketSeconds * 1000)))
  const data = new Float32Array(buckets * 4)
  for (let b = 0; b < buckets; b++) {
    let min = Infinity
    let max = -Infinity
    let sum = 0
    let count = 0
    const last = Math.min(finer.buckets, (b + 1) * ratio)
    for (let f = b * ratio; f < last; f++) {
      const n = finer.data[f * 4 + 3]
      if (n === 0) continue
      if (finer.data[f * 4] < min) min = finer.data[f * 4]
      if (finer.data[f * 4 + 1] > max) max = finer.data[f * 4 + 1]
      sum += finer.data[f * 4 + 2] * n
      count += n
    }
    data[b * 4] = count > 0 ? min : NaN
    data[b * 4 + 1] = count > 0 ? max : NaN
    data[b * 4 + 2] = count > 0 ? sum / count : NaN
    data[b * 4 + 3] = count
  }
  return { bucketSeconds, startMs: finer.startMs, buckets, data }
}

/**
 * Every level of every column, per column: the finest from the readings (all columns in one pass), each
 * coarser one from the previous.
 */
export function buildColumnSummaries(
  instants: Float64Array,
  columns: Float32Array[],
  startMs: number,
  endMs: number,
  levels: number[],
  wasm = true,
): SummaryLevel[][] {
  const out: SummaryLevel[][] = columns.map(() => [])
  for (const seconds of levels) {
    const previous = out[0]?.[out[0].length - 1]
    const level =
      previous && seconds % previous.bucketSeconds === 0
        ? out.map((column) => coarsenSummary(column[column.length - 1], seconds, endMs))
        : summarizeColumns(instants, columns, startMs, endMs, seconds, wasm)
    level.forEach((summary, c) => out[c].push(summary))
  }
  return out
}

/** Min/max envelope of a window, at most `points` buckets: what the chart draws. */
export interface Envelope {
  /** bucket width in ms (the interval when `raw`) */
  bucketMs: number
  /** true when these are the readings themselves (few enough to draw) */
  raw: boolean
  /** bucket start (or reading instant), UTC epoch ms */
  x: number[]
  /** readings in the window (in every bucket together) */
  readings: number
  /** watts; null = no reading in the bucket */
  min: (number | null)[]
  max: (number | null)[]
  mean: (number | null)[]
}

/** Re-buckets a summary level into `points` equal buckets over [fromMs, toMs). */
export function envelopeFromSummary(
  level: SummaryLevel,
  fromMs: number,
  toMs: number,
  points: number,
): Envelope {
  const width = (toMs - fromMs) / points
  const min = new Float64Array(points).fill(Infinity)
  const max = new Float64Array(points).fill(-Infinity)
  const sum = new Float64Array(points)
  const count = new Float64Array(points)
  const levelWidth = level.bucketSeconds * 1000
  const first = Math.max(0, Math.floor((fromMs - level.startMs) / levelWidth))
  const last = Math.min(level.buckets, Math.ceil((toMs - level.startMs) / levelWidth))
  for (let b = first; b < last; b++) {
    const at = b * 4
    const n = level.data[at + 3]
    if (n === 0) continue
    const t = level.startMs + b * levelWidth
    const p = Math.min(points - 1, Math.max(0, Math.floor((t - fromMs) / width)))
    if (level.data[at] < min[p]) min[p] = level.data[at]
    if (level.data[at + 1] > max[p]) max[p] = level.data[at + 1]
    sum[p] += level.data[at + 2] * n
    count[p] += n
  }
  return finishEnvelope(fromMs, width, min, max, sum, count, false)
}

/**
 * Buckets raw readings of a window; when they are few, returns them as they are.
 * @param instants Float64Array [n] UTC epoch ms of the readings in the window
 * @param values Float32Array [n] watts
 */
export function envelopeFromReadings(
  instants: Float64Array,
  values: Float32Array,
  fromMs: number,
  toMs: number,
  points: number,
  intervalMs: number,
): Envelope {
  if (instants.length <= points) {
    const x: number[] = []
    const y: (number | null)[] = []
    for (let i = 0; i < instants.length; i++) {
      // a gap of more than 1.5 intervals breaks the line
      if (i > 0 && instants[i] - instants[i - 1] > 1.5 * intervalMs) {
        x.push(instants[i - 1] + intervalMs)
        y.push(null)
      }
      x.push(instants[i])
      y.push(Number.isNaN(values[i]) ? null : values[i])
    }
    const readings = y.reduce<number>((n, v) => (v === null ? n : n + 1), 0)
    return { bucketMs: intervalMs, raw: true, readings, x, min: y, max: y.slice(), mean: y.slice() }
  }
  const width = (toMs - fromMs) / points
  const min = new Float64Array(points).fill(Infinity)
  const max = new Float64Array(points).fill(-Infinity)
  const sum = new Float64Array(points)
  const count = new Float64Array(points)
  for (let i = 0; i < instants.length; i++) {
    const v = values[i]
    if (Number.isNaN(v)) continue
    const p = Math.min(points - 1, Math.max(0, Math.floor((instants[i] - fromMs) / width)))
    if (v < min[p]) min[p] = v
    if (v > max[p]) max[p] = v
    sum[p] += v
    count[p]++
  }
  return finishEnvelope(fromMs, width, min, max, sum, count, false)
}

function finishEnvelope(
  fromMs: number,
  width: number,
  min: Float64Array,
  max: Float64Array,
  sum: Float64Array,
  count: Float64Array,
  raw: boolean,
): Envelope {
  const points = min.length
  const envelope: Envelope = { bucketMs: width, raw, readings: 0, x: [], min: [], max: [], mean: [] }
  for (let p = 0; p < points; p++) {
    envelope.readings += count[p]
    envelope.x.push(Math.round(fromMs + p * width))
    const empty = count[p] === 0
    envelope.min.push(empty ? null : min[p])
    envelope.max.push(empty ? null : max[p])
    envelope.mean.push(empty ? null : sum[p] / count[p])
  }
  return envelope
}
