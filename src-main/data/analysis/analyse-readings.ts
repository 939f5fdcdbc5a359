/**
 * What the library records about a home's merged readings: the sampling interval (inferred,
 * never assumed), one count row per local day from the first reading to the last (days without
 * readings included), p_cons statistics and the data-quality warnings.
 */
import type { MergedReadings } from '../import/merge-readings'
import { formatPower, plural } from '../../shared/human-units'
import { tallyReadings } from './reading-tally'
import { expectedReadings, type LocalDay, type ZoneClock } from '../zone'

export const SPIKE_THRESHOLD_W = 100_000

/**
 * The share of negative p_cons readings from which a meter installed backwards is the likely cause;
 * below it, negative readings are isolated glitches and the warning says so instead.
 */
export const BACKWARDS_METER_SHARE = 0.05

export interface DayCounts {
  /** local date `YYYY-MM-DD` in the dataset's zone */
  day: string
  /** UTC epoch ms of local midnight, and of the next one */
  startMs: number
  endMs: number
  expected: number
  /** rows whose p_cons is not empty (all-zero rows included) */
  present: number
  /** rows whose p_cons is empty */
  empty: number
  /** rows where every power column is 0 */
  zero: number
  /** present / expected */
  completeness: number
  /** reading index range [first, end) of the day in the merged arrays */
  first: number
  end: number
}

export interface Warning {
  code: string
  message: string
  count: number
}

export interface ConsumptionStats {
  /** watts over non-empty p_cons readings, or null when there are none */
  min: number | null
  mean: number | null
  max: number | null
}

export interface Analysis {
  intervalSeconds: number
  days: DayCounts[]
  stats: ConsumptionStats
  warnings: Warning[]
}

/** The most frequent step between consecutive readings, in whole seconds, and how many steps disagree. */
export function inferInterval(instants: Float64Array): { intervalSeconds: number; offGrid: number } {
  const counts = new Map<number, number>()
  let runStep = NaN
  let run = 0
  for (let i = 1; i <= instants.length; i++) {
    const step = i < instants.length ? Math.round((instants[i] - instants[i - 1]) / 1000) : NaN
    if (step === runStep) {
      run++
      continue
    }
    if (run > 0) counts.set(runStep, (counts.get(runStep) ?? 0) + run)
    runStep = step
    run = 1
  }
  let intervalSeconds = 0
  let best = 0
  for (const [step, count] of counts) {
    if (step > 0 && (count > best || (count === best && step < intervalSeconds))) {
      best = count
      intervalSeconds = step
    }
  }
  let offGrid = 0
  if (intervalSeconds > 0)
    for (const [step, count] of counts) if (step % intervalSeconds !== 0) offGrid += count
  return { intervalSeconds, offGrid }
}

/** The local days from the first reading's to the last one's (none without readings). */
function spannedDays(instants: Float64Array, clock: ZoneClock): LocalDay[] {
  if (instants.length === 0) return []
  const days = [clock.dayOf(instants[0])]
  const last = clock.dayOf(instants[instants.length - 1]).epochDay
  while (days[days.length - 1].epochDay < last)
    days.push(clock.dayByNumber(days[days.length - 1].epochDay + 1))
  return days
}

const percent = (count: number, total: number) => {
  const share = (100 * count) / Math.max(1, total)
  return `${share < 0.1 ? share.toPrecision(2) : share.toFixed(1)} %`
}

/** Statistics and warnings of one home's readings. */
export function analyseReadings(
  readings: MergedReadings,
  clock: ZoneClock,
  notes: {
    naive: { files: string[]; as: 'utc' | 'local'; zone: string }[]
    /** what the import's checks found in the files (parse time: skipped rows, day mismatches, ignored columns) */
    files?: Warning[]
  } = { naive: [] },
): Analysis {
  const n = readings.instants.length
  const { intervalSeconds, offGrid } = inferInterval(readings.instants)
  const interval = Math.max(1, intervalSeconds)
  const localDays = intervalSeconds > 0 ? spannedDays(readings.instants, clock) : []
  const tally = tallyReadings(readings, {
    stepMs: interval * 1000,
    minZeroRun: Math.max(2, Math.ceil(900 / interval)),
    minFlatRun: Math.max(3, Math.ceil(7200 / interval)),
    spikeW: SPIKE_THRESHOLD_W,
    dayEnds: localDays.map((day) => day.endMs),
  })
  // one count row per local day, days without readings included
  const days = localDays.map((day, d): DayCounts => {
    const { end, present, empty, zero } = tally.days[d]
    const expected = expectedReadings(day, interval)
    return {
      day: day.day,
      startMs: day.startMs,
      endMs: day.endMs,
      expected,
      present,
      empty,
      zero,
      completeness: expected > 0 ? present / expected : 0,
      first: d > 0 ? tally.days[d - 1].end : 0,
      end,
    }
  })
  const { min, max, sum, present, negative, spikes, mismatch, zeroRuns, zeroRunRows, longestZeroRun } = tally
  const { flatStretches, longestFlat, spikeNegative, spikeMismatch } = tally
  const hours = (rows: number) => ((rows * interval) / 3600).toFixed(1)
  const warnings: Warning[] = []
  if (n > 0 && present === 0) {
    warnings.push({
      code: 'no-readings',
      message: 'Every p_cons value is empty: there is no consumption to model.',
      count: n,
    })
  }
  // Each reading is counted under one warning: a spike's sign and p_tot belong to the spike's warning.
  if (spikes > 0) {
    const extreme =
      min <= -SPIKE_THRESHOLD_W
        ? `, p_cons down to ${formatPower(min)}`
        : max >= SPIKE_THRESHOLD_W
          ? `, p_cons up to ${formatPower(max)}`
          : ''
    const one = spikes === 1
    const also = [
      spikeNegative > 0
        ? one
          ? 'is negative'
          : `${spikeNegative} ${spikeNegative === 1 ? 'is' : 'are'} negative`
        : '',
      spikeMismatch > 0
        ? one
          ? 'breaks p_tot = p_cons + p_prod'
          : `${spikeMismatch} ${spikeMismatch === 1 ? 'breaks' : 'break'} p_tot = p_cons + p_prod`
        : '',
    ].filter(Boolean)
    const alsoText =
      also.length === 0
        ? ''
        : one
          ? ` It ${also.join(' and ')} as well; other warnings do not count it again.`
          : ` Of them, ${also.join(' and ')}; other warnings do not count them again.`
    warnings.push({
      code: 'spikes',
      message:
        `${plural(spikes, 'reading')} with |p| ≥ ${formatPower(SPIKE_THRESHOLD_W)}${extreme}: ` +
        `${one ? 'a measurement glitch' : 'measurement glitches'}, usually next to gaps; cleaning treats ${one ? 'it' : 'them'} as missing.${alsoText}`,
      count: spikes,
    })
  }
  if (negative > 0) {
    const share = negative / Math.max(1, present)
    warnings.push({
      code: 'negative-consumption',
      message:
        share >= BACKWARDS_METER_SHARE
          ? `${percent(negative, present)} of the p_cons readings are negative (a meter installed backwards?); cleaning offers a sign flip.`
          : `${plural(negative, 'p_cons reading')} ${negative === 1 ? 'is' : 'are'} negative (${percent(negative, present)}): too few for a meter installed backwards; look at ${negative === 1 ? 'it' : 'them'} in the raw series.`,
      count: negative,
    })
  }
  if (zeroRuns > 0) {
    warnings.push({
      code: 'zero-runs',
      message: `${plural(zeroRuns, 'run')} of all-zero rows (${plural(zeroRunRows, 'reading')}, longest ${hours(longestZeroRun)} h): outages the export filled with zeros; cleaning treats them as missing.`,
      count: zeroRuns,
    })
  }
  if (flatStretches > 0) {
    warnings.push({
      code: 'flat-lines',
      message: `${plural(flatStretches, 'stretch', 'stretches')} where p_cons repeats the same value for 2 h or more (longest ${hours(longestFlat)} h): a stuck meter or a filled gap.`,
      count: flatStretches,
    })
  }
  if (mismatch > 0) {
    warnings.push({
      code: 'p-tot-mismatch',
      message: `${plural(mismatch, 'reading')} where p_tot ≠ p_cons + p_prod (by more than 1 W).`,
      count: mismatch,
    })
  }
  if (offGrid > 0) {
    warnings.push({
      code: 'mixed-intervals',
      message: `${plural(offGrid, 'step')} between readings ${offGrid === 1 ? 'is' : 'are'} not a multiple of the ${intervalSeconds} s interval (mixed sampling).`,
      count: offGrid,
    })
  }
  if (readings.conflicting > 0) {
    warnings.push({
      code: 'conflicting-duplicates',
      message: `${plural(readings.conflicting, 'duplicate instant')} had different values; the first reading with a value was kept.`,
      count: readings.conflicting,
    })
  }
  for (const note of notes.naive) {
    warnings.push({
      code: 'naive-timestamps',
      message: `Timestamps without a zone in ${note.files.join(', ')} were read as ${note.as === 'utc' ? 'UTC' : `${note.zone} local time`}.`,
      count: note.files.length,
    })
  }
  warnings.push(...(notes.files ?? []))
  return {
    intervalSeconds,
    days,
    stats: present > 0 ? { min, mean: sum / present, max } : { min: null, mean: null, max: null },
    warnings,
  }
}
