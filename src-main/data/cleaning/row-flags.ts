/**
 * Which readings the cleaning recipe hides, row by row: the one rule shared by the cleaned series
 * (training), the cleaned chart, the statistics and the data export, so they never disagree.
 */
import type { CleaningRecipe } from './clean-series'

/** Why a reading is hidden by the recipe: kept, a spike, or an all-zero row (an outage filled with zeros). */
export const ReadingFlag = { kept: 0, spike: 1, zeroRow: 2 } as const
export type ReadingFlag = (typeof ReadingFlag)[keyof typeof ReadingFlag]

/** The flag's name as exports and charts print it. */
export const flagNames: Record<ReadingFlag, string> = { 0: '', 1: 'spike', 2: 'zero-row' }

/**
 * The flag of one row from its power columns (watts, NaN = empty).
 * Spike: |p| at or above the recipe's threshold in any power column. Zero row: p_cons is 0 and every
 * other power column is 0 or absent, when the recipe treats such rows as missing.
 */
export function flagReading(
  cons: number,
  prod: number,
  tot: number,
  recipe: Pick<CleaningRecipe, 'spikeThresholdW' | 'treatZeroRowsAsMissing'>,
): ReadingFlag {
  const threshold = recipe.spikeThresholdW ?? Infinity
  if (Math.abs(cons) >= threshold || Math.abs(prod) >= threshold || Math.abs(tot) >= threshold)
    return ReadingFlag.spike
  if (
    recipe.treatZeroRowsAsMissing &&
    cons === 0 &&
    (prod === 0 || Number.isNaN(prod)) &&
    (tot === 0 || Number.isNaN(tot))
  )
    return ReadingFlag.zeroRow
  return ReadingFlag.kept
}

/**
 * For each reading, whether it falls in one of the kept local days.
 * @param instants Float64Array [n] UTC epoch ms, increasing
 * @param days the dataset's days in order, with their UTC bounds
 */
export function inKeptDays(
  instants: Float64Array,
  days: readonly { day: string; startMs: number; endMs: number }[],
  kept: ReadonlySet<string>,
): Uint8Array {
  const out = new Uint8Array(instants.length)
  let d = 0
  for (let i = 0; i < instants.length; i++) {
    const t = instants[i]
    while (d < days.length && days[d].endMs <= t) d++
    if (d < days.length && days[d].startMs <= t && kept.has(days[d].day)) out[i] = 1
  }
  return out
}
