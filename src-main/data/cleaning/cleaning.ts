/**
 * The cleaning steps, as pure functions over a regular grid: which days to keep, short-gap
 * interpolation and mean resampling. Recorded as a recipe, never applied to the stored import.
 */
import type { CleaningRecipe } from './clean-series'

/** Day counts the day rules need. */
export interface DayForCleaning {
  day: string
  expected: number
  present: number
  zero: number
}

/** A day is zero-dominated when all-zero rows make up at least half of its expected readings. */
export const ZERO_DOMINATED_SHARE = 0.5

/** Why a day is removed, or null when it is kept. */
export function removalReason(
  day: DayForCleaning,
  recipe: CleaningRecipe,
): 'incomplete' | 'zero-dominated' | null {
  const completeness = day.expected > 0 ? day.present / day.expected : 0
  if (completeness < recipe.minCompleteness) return 'incomplete'
  if (recipe.dropZeroDominatedDays && day.zero >= ZERO_DOMINATED_SHARE * day.expected) return 'zero-dominated'
  return null
}

/** Splits the days into kept and removed (local `YYYY-MM-DD`, in order), with why each is removed. */
export function classifyDays(
  days: DayForCleaning[],
  recipe: CleaningRecipe,
): {
  keptDays: string[]
  removedDays: string[]
  removalReasons: Record<string, 'incomplete' | 'zero-dominated'>
} {
  const keptDays: string[] = []
  const removedDays: string[] = []
  const removalReasons: Record<string, 'incomplete' | 'zero-dominated'> = {}
  for (const day of days) {
    const reason = removalReason(day, recipe)
    if (reason) {
      removedDays.push(day.day)
      removalReasons[day.day] = reason
    } else keptDays.push(day.day)
  }
  return { keptDays, removedDays, removalReasons }
}

/**
 * Fills runs of at most `maxSlots` NaN slots that have a value on both sides, by linear
 * interpolation, inside [start, end) only. Returns the number of slots filled.
 * @param values Float64Array [T] watts on a regular grid; modified in place
 */
export function fillShortGaps(
  values: Float64Array,
  maxSlots: number,
  start = 0,
  end = values.length,
): number {
  if (maxSlots < 1) return 0
  let filled = 0
  let i = start
  while (i < end) {
    if (!Number.isNaN(values[i])) {
      i++
      continue
    }
    const gapStart = i
    while (i < end && Number.isNaN(values[i])) i++
    const length = i - gapStart
    if (gapStart === start || i === end || length > maxSlots) continue
    const before = values[gapStart - 1]
    const after = values[i]
    for (let k = 0; k < length; k++)
      values[gapStart + k] = before + ((after - before) * (k + 1)) / (length + 1)
    filled += length
  }
  return filled
}

/**
 * Mean power per bin of `binSeconds`; a bin whose share of valid slots is below `minCoverage`
 * is NaN. Bins start at slot 0 (local midnight), so they stay aligned with local days.
 * @param values Float64Array [T] watts at `intervalSeconds`
 * @returns Float64Array [ceil(T · interval / bin)] watts at `binSeconds`
 */
export function resampleMean(
  values: Float64Array,
  intervalSeconds: number,
  binSeconds: number,
  minCoverage: number,
): Float64Array {
  const bins = Math.ceil((values.length * intervalSeconds) / binSeconds)
  const sum = new Float64Array(bins)
  const valid = new Float64Array(bins)
  const slots = new Float64Array(bins)
  for (let i = 0; i < values.length; i++) {
    const b = Math.floor((i * intervalSeconds) / binSeconds)
    slots[b]++
    const v = values[i]
    if (Number.isNaN(v)) continue
    sum[b] += v
    valid[b]++
  }
  const out = new Float64Array(bins)
  for (let b = 0; b < bins; b++) {
    // a bin whose slots are all present has coverage 1; the last bin may be short
    const expected = Math.max(slots[b], 1)
    out[b] = valid[b] > 0 && valid[b] / expected >= minCoverage ? sum[b] / valid[b] : NaN
  }
  return out
}
