/**
 * The one pass of analyseReadings over every reading: p_cons statistics, negative readings, spikes,
 * p_tot mismatches, runs of all-zero rows, flat-lined stretches and the per-day counts. In WebAssembly where there is some
 * (reading-tally-wasm.ts, the same counts and the same float64 sums bit for bit), else the loop below,
 * which is also the reference the tests compare the WebAssembly pass with.
 */
import type { MergedReadings } from '../import/merge-readings'
import { tallyInWasm } from './reading-tally-wasm'

/** What the pass counts; min/max are ±Infinity and sum 0 when no p_cons is present. */
export interface ReadingTally {
  min: number
  max: number
  sum: number
  present: number
  /** negative p_cons readings that are not spikes (a spike is counted once, as a spike) */
  negative: number
  spikes: number
  /** spikes whose p_cons is also negative, and spikes that also break p_tot = p_cons + p_prod */
  spikeNegative: number
  spikeMismatch: number
  /** p_tot mismatches of readings that are not spikes */
  mismatch: number
  zeroRuns: number
  zeroRunRows: number
  longestZeroRun: number
  flatStretches: number
  longestFlat: number
  /** per day of `TallyRules.dayEnds`: one past its last reading's index, and its counts */
  days: DayTally[]
}

export interface DayTally {
  end: number
  /** readings with a p_cons value (all-zero rows included) */
  present: number
  /** readings whose p_cons is empty */
  empty: number
  /** all-zero rows */
  zero: number
}

export interface TallyRules {
  /** the interval in ms: consecutive readings this far apart are contiguous */
  stepMs: number
  /** all-zero rows in a row that make a run */
  minZeroRun: number
  /** equal p_cons readings in a row that make a flat-lined stretch */
  minFlatRun: number
  /** |p| from which a reading is a spike (watts) */
  spikeW: number
  /**
   * UTC ms where each local day ends, from the first reading's day to the last reading's (none: no per-day
   * counts); a reading belongs to the first of these days that ends after it
   */
  dayEnds: number[]
}

/** The tally of `readings`; `wasm: false` runs the JavaScript loop. */
export function tallyReadings(readings: MergedReadings, rules: TallyRules, wasm = true): ReadingTally {
  return (wasm ? tallyInWasm(readings, rules) : null) ?? tallyInJs(readings, rules)
}

function tallyInJs(readings: MergedReadings, rules: TallyRules): ReadingTally {
  const { instants, columns, zero } = readings
  const [cons, prod, tot] = columns
  const n = instants.length
  const { stepMs, minZeroRun, minFlatRun, spikeW, dayEnds } = rules
  const days: DayTally[] = []
  let day: DayTally = { end: 0, present: 0, empty: 0, zero: 0 }
  let min = Infinity
  let max = -Infinity
  let sum = 0
  let present = 0
  let negative = 0
  let spikes = 0
  let spikeNegative = 0
  let spikeMismatch = 0
  let mismatch = 0
  let zeroRuns = 0
  let zeroRunRows = 0
  let longestZeroRun = 0
  let zeroRun = 0
  let flatStretches = 0
  let flatRun = 1
  let longestFlat = 0
  for (let i = 0; i <= n; i++) {
    const contiguous = i > 0 && i < n && instants[i] - instants[i - 1] === stepMs
    // runs of all-zero rows (outages filled with zeros)
    if (i < n && zero[i] === 1 && (zeroRun === 0 || contiguous)) zeroRun++
    else {
      if (zeroRun >= minZeroRun) {
        zeroRuns++
        zeroRunRows += zeroRun
        longestZeroRun = Math.max(longestZeroRun, zeroRun)
      }
      zeroRun = i < n && zero[i] === 1 ? 1 : 0
    }
    // flat lines: the same non-zero p_cons on consecutive slots
    if (i < n && contiguous && zero[i] === 0 && cons[i] === cons[i - 1] && cons[i] !== 0) flatRun++
    else {
      if (flatRun >= minFlatRun) {
        flatStretches++
        longestFlat = Math.max(longestFlat, flatRun)
      }
      flatRun = 1
    }
    if (i === n) break
    // the days that end before this reading are complete (the last day takes every reading left)
    while (days.length < dayEnds.length - 1 && instants[i] >= dayEnds[days.length]) {
      days.push({ ...day, end: i })
      day = { end: 0, present: 0, empty: 0, zero: 0 }
    }
    if (Number.isNaN(cons[i])) day.empty++
    else day.present++
    day.zero += zero[i]
    const c = cons[i]
    const p = prod[i]
    const t = tot[i]
    // one glitch is one warning: a spike's sign and p_tot are counted with the spike, not again
    const spike = Math.abs(c) >= spikeW || Math.abs(p) >= spikeW || Math.abs(t) >= spikeW
    if (spike) spikes++
    if (!Number.isNaN(c)) {
      present++
      sum += c
      if (c < min) min = c
      if (c > max) max = c
      if (c < 0) {
        if (spike) spikeNegative++
        else negative++
      }
    }
    if (!Number.isNaN(c) && !Number.isNaN(p) && !Number.isNaN(t)) {
      if (Math.abs(t - (c + p)) > 1 + 1e-6 * Math.abs(t)) {
        if (spike) spikeMismatch++
        else mismatch++
      }
    }
  }
  if (dayEnds.length > 0) days.push({ ...day, end: n })
  return {
    days,
    min,
    max,
    sum,
    present,
    negative,
    spikes,
    spikeNegative,
    spikeMismatch,
    mismatch,
    zeroRuns,
    zeroRunRows,
    longestZeroRun,
    flatStretches,
    longestFlat,
  }
}
