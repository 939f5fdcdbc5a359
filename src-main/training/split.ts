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
