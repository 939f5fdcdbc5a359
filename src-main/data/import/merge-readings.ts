/**
 * Puts a home's readings in time order and drops duplicate instants (files of the same home
 * often overlap). Of several readings of one instant the first with a `p_cons` value is kept.
 */
import type { HomeAccumulator } from './accumulator'

/** A home's readings, sorted by instant, one per instant. */
export interface MergedReadings {
  home: string
  /** [N] UTC epoch ms, strictly increasing */
  instants: Float64Array
  /** column names; `p_cons`, `p_prod`, `p_tot` first */
  columnNames: string[]
  /** [N] watts per column; NaN = empty cell */
  columns: Float32Array[]
  /** [N] 1 when every power column of the row was 0 */
  zero: Uint8Array
  /** data rows read (before duplicates were dropped) */
  rows: number
  duplicates: number
  /** duplicates whose values disagreed with the kept reading */
  conflicting: number
}

function isSorted(values: Float64Array, start: number, end: number): boolean {
  for (let i = start + 1; i < end; i++) if (values[i] < values[i - 1]) return false
  return true
}

/**
 * The row order that sorts the readings, stable (file order breaks ties). Files that are each
 * sorted and do not overlap are simply ordered by their first instant, which avoids a 4 M-row sort.
 */
function sortOrder(accumulator: HomeAccumulator): Uint32Array {
  const instants = accumulator.instants.data
  const n = accumulator.length
  const segments = [...accumulator.segments].filter((s) => s.end > s.start)
  const order = new Uint32Array(n)
  const eachSorted = segments.every((s) => isSorted(instants, s.start, s.end))
  if (eachSorted) {
    segments.sort((a, b) => instants[a.start] - instants[b.start] || a.start - b.start)
    let disjoint = true
    for (let k = 1; k < segments.length; k++) {
      if (instants[segments[k].start] <= instants[segments[k - 1].end - 1]) disjoint = false
    }
    if (disjoint) {
      let at = 0
      for (const s of segments) for (let i = s.start; i < s.end; i++) order[at++] = i
      return order
    }
  }
  for (let i = 0; i < n; i++) order[i] = i
  return order.sort((a, b) => instants[a] - instants[b] || a - b)
}

/** Sorts and de-duplicates the accumulated readings of one home. */
export function mergeReadings(accumulator: HomeAccumulator): MergedReadings {
  const n = accumulator.length
  const source = accumulator.instants.data
  // the common case (one sorted file, no duplicates) keeps the parsed arrays as they are
  let increasing = true
  for (let i = 1; i < n && increasing; i++) increasing = source[i] > source[i - 1]
  if (increasing) {
    return {
      home: accumulator.home,
      instants: accumulator.instants.view(),
      columnNames: accumulator.columnNames(),
      columns: accumulator.columnNames().map((name) => accumulator.columns.get(name)!.view()),
      zero: accumulator.zero.view(),
      rows: n,
      duplicates: 0,
      conflicting: 0,
    }
  }
  const order = sortOrder(accumulator)
  const cons = accumulator.columns.get('p_cons')!.data
  // keep[i] = row index chosen for the i-th distinct instant
  const keep = new Uint32Array(n)
  let kept = 0
  let conflicting = 0
  for (let k = 0; k < n; k++) {
    const row = order[k]
    if (kept > 0 && source[keep[kept - 1]] === source[row]) {
      const held = keep[kept - 1]
      if (Number.isNaN(cons[held]) && !Number.isNaN(cons[row])) keep[kept - 1] = row
      else if (!Number.isNaN(cons[row]) && cons[row] !== cons[held]) conflicting++
      continue
    }
    keep[kept++] = row
  }
  const instants = new Float64Array(kept)
  for (let i = 0; i < kept; i++) instants[i] = source[keep[i]]
  const columnNames = accumulator.columnNames()
  const columns = columnNames.map((name) => {
    const data = accumulator.columns.get(name)!.data
    const out = new Float32Array(kept)
    for (let i = 0; i < kept; i++) out[i] = data[keep[i]]
    return out
  })
  const zeroSource = accumulator.zero.data
  const zero = new Uint8Array(kept)
  for (let i = 0; i < kept; i++) zero[i] = zeroSource[keep[i]]
  return {
    home: accumulator.home,
    instants,
    columnNames,
    columns,
    zero,
    rows: n,
    duplicates: n - kept,
    conflicting,
  }
}
