import { BASELINE_KEYS, type BaselineKey } from '../shared/baseline-names'
import { slotsPerDay } from './grid'

/** The baselines' keys; their names in words are in shared/baseline-names.ts. */
export type BaselineName = BaselineKey
export const BASELINES: BaselineName[] = [...BASELINE_KEYS]

/**
 * The naive forecast of `horizon` slots starting at slot `first` (the slot after the window):
 * persistence repeats the last observed value, the seasonal ones copy the value one day or one
 * week before each target slot. NaN where the needed history is missing.
 * @param values Float64Array [T] watts
 * @param out Float64Array [horizon] watts
 */
export function baselineForecast(
  name: BaselineName,
  values: Float64Array,
  first: number,
  horizon: number,
  intervalMs: number,
  out: Float64Array,
): void {
  const day = slotsPerDay(intervalMs)
  for (let h = 0; h < horizon; h++) {
    const target = first + h
    let source: number
    if (name === 'persistence') source = first - 1
    else if (name === 'sameTimeYesterday') source = target - day
    else source = target - 7 * day
    out[h] = source >= 0 && source < values.length ? values[source] : NaN
  }
}

/**
 * Whether a baseline can forecast from `first`: for the seasonal ones, a target further ahead than
 * the season itself would copy a value that is not yet known at forecast time, so it is excluded.
 */
export function baselineApplies(name: BaselineName, horizon: number, intervalMs: number): boolean {
  const day = slotsPerDay(intervalMs)
  if (name === 'sameTimeYesterday') return horizon <= day
  if (name === 'sameTimeLastWeek') return horizon <= 7 * day
  return true
}
