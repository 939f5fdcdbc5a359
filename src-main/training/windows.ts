import type { SplitName } from './split'
import { SPLIT_CODES } from './split'

export interface WindowShape {
  /** input steps per window */
  seqLen: number
  /** output steps per window */
  predSize: number
  /** slots between consecutive window starts within a segment (default 1) */
  stride: number
}

/**
 * Start slots of every window of one split. A window covers `seqLen` input slots then `predSize`
 * target slots; it is kept only if all of them hold a reading and lie in days of that split, so a
 * window never spans a gap, a removed day or a split boundary.
 * @param values Float64Array [T] watts, NaN = missing
 * @param labels Int8Array [T] split code per slot (see labelSlots)
 * @returns Int32Array [N] first input slot of each window, in time order
 */
export function windowStarts(
  values: Float64Array,
  labels: Int8Array,
  split: SplitName,
  shape: WindowShape,
): Int32Array {
  const span = shape.seqLen + shape.predSize
  const stride = Math.max(1, Math.floor(shape.stride))
  const code = SPLIT_CODES[split]
  const starts: number[] = []
  let runStart = -1
  const closeRun = (end: number) => {
    // contiguous usable run [runStart, end): windows at runStart, runStart + stride, …
    for (let s = runStart; s + span <= end; s += stride) starts.push(s)
  }
  for (let t = 0; t <= values.length; t++) {
    const usable = t < values.length && labels[t] === code && Number.isFinite(values[t])
    if (usable && runStart < 0) runStart = t
    else if (!usable && runStart >= 0) {
      closeRun(t)
      runStart = -1
    }
  }
  return Int32Array.from(starts)
}

/** Lengths of the contiguous usable runs of a split, longest first (to explain why no window fits). */
export function segmentLengths(values: Float64Array, labels: Int8Array, split: SplitName): number[] {
  const code = SPLIT_CODES[split]
  const lengths: number[] = []
  let run = 0
  for (let t = 0; t <= values.length; t++) {
    if (t < values.length && labels[t] === code && Number.isFinite(values[t])) run++
    else if (run > 0) {
      lengths.push(run)
      run = 0
    }
  }
  return lengths.sort((a, b) => b - a)
}
