import { DateTime } from 'luxon'
import { slotAtOrAfter, type SeriesGrid } from './grid'

export type SplitName = 'train' | 'validation' | 'test'
export const SPLIT_CODES: Record<SplitName, number> = { train: 0, validation: 1, test: 2 }

export interface SplitFractions {
  train: number
  validation: number
  test: number
}

export const defaultSplit: SplitFractions = { train: 0.7, validation: 0.15, test: 0.15 }

export interface DaySplit {
  train: string[]
  validation: string[]
  test: string[]
}

/**
 * Splits whole local days chronologically: the first share of the kept days trains, the next
 * validates, the last tests. Never shuffled, so no test day precedes a training day.
 * @param keptDays local dates YYYY-MM-DD (any order; sorted here)
 */
export function splitDays(keptDays: readonly string[], fractions: SplitFractions = defaultSplit): DaySplit {
  const days = [...keptDays].sort()
  const total = fractions.train + fractions.validation + fractions.test
  if (!(total > 0) || fractions.train <= 0 || fractions.validation < 0 || fractions.test <= 0) {
    throw new Error('The split needs positive train and test shares.')
  }
  const n = days.length
  if (n < 3) throw new Error(`Only ${n} usable day(s): at least 3 are needed to train, validate and test.`)
  let nTest = Math.max(1, Math.round((n * fractions.test) / total))
  let nValidation = fractions.validation > 0 ? Math.max(1, Math.round((n * fractions.validation) / total)) : 0
  while (n - nTest - nValidation < 1) {
    if (nValidation > 1) nValidation--
    else nTest--
  }
  const nTrain = n - nTest - nValidation
  return {
    train: days.slice(0, nTrain),
    validation: days.slice(nTrain, nTrain + nValidation),
    test: days.slice(nTrain + nValidation),
  }
}

/**
 * Labels every grid slot with the split its local day belongs to (0 train, 1 validation, 2 test),
 * or -1 for slots outside the kept days. Day boundaries are local midnights in `zone`, so DST days
 * have 23 or 25 hours of slots.
 * @returns Int8Array [T]
 */
export function labelSlots(grid: SeriesGrid, split: DaySplit, zone: string): Int8Array {
  const labels = new Int8Array(grid.values.length).fill(-1)
  for (const name of ['train', 'validation', 'test'] as const) {
    for (const day of split[name]) {
      const { from, to } = daySlotRange(grid, day, zone)
      labels.fill(SPLIT_CODES[name], from, to)
    }
  }
  return labels
}

/** The grid slots [from, to) of one local day (local midnight to local midnight in `zone`). */
export function daySlotRange(grid: SeriesGrid, day: string, zone: string): { from: number; to: number } {
  const start = DateTime.fromISO(day, { zone })
  if (!start.isValid) throw new Error(`Invalid day "${day}" in zone ${zone}.`)
  const from = Math.min(grid.values.length, slotAtOrAfter(grid, start.toMillis()))
  const to = Math.min(grid.values.length, slotAtOrAfter(grid, start.plus({ days: 1 }).toMillis()))
  return { from, to }
}

/**
 * Fallback for recordings shorter than three usable days (the study's file spans a day and a half):
 * the readings of the kept days are split chronologically by count, 70 / 15 / 15 by default, so a
 * day may be shared by two parts but no reading is. Returns the labels and which days each part touches.
 * @param values Float64Array [T] watts, NaN = missing
 */
export function labelSlotsByTime(
  grid: SeriesGrid,
  keptDays: readonly string[],
  zone: string,
  fractions: SplitFractions = defaultSplit,
): { labels: Int8Array; days: DaySplit } {
  const labels = labelSlots(grid, { train: [...keptDays], validation: [], test: [] }, zone)
  let readings = 0
  for (let t = 0; t < labels.length; t++) if (labels[t] === 0 && Number.isFinite(grid.values[t])) readings++
  const total = fractions.train + fractions.validation + fractions.test
  const trainEnd = Math.round((readings * fractions.train) / total)
  const validationEnd = trainEnd + Math.round((readings * fractions.validation) / total)
  const touched: Record<SplitName, Set<string>> = { train: new Set(), validation: new Set(), test: new Set() }
  const sortedDays = [...keptDays].sort()
  let seen = 0
  let code = 0
  for (let t = 0; t < labels.length; t++) {
    if (labels[t] !== 0) continue
    if (Number.isFinite(grid.values[t])) {
      code = seen < trainEnd ? 0 : seen < validationEnd ? 1 : 2
      seen++
    }
    labels[t] = code
  }
  for (const day of sortedDays) {
    const { from, to } = daySlotRange(grid, day, zone)
    for (let t = from; t < to; t++) {
      const name = (['train', 'validation', 'test'] as const)[labels[t]]
      if (name) touched[name].add(day)
    }
  }
  return {
    labels,
    days: { train: [...touched.train], validation: [...touched.validation], test: [...touched.test] },
  }
}
