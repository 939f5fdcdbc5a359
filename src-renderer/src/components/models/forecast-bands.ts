/**
 * A saved model's forecast with its conformal bands (`model:forecast`'s `levels`, `lower`, `upper`):
 * the bands for the fan chart, and the CSV export with a lower and an upper column per level.
 */
import type { ForecastResult } from '../../../../src-main/shared/model-schemas'
import type { BandInput } from '../charts/chart-bands'

type BandsOf = Pick<ForecastResult, 'levels' | 'lower' | 'upper'>

/** The forecast's bands, one per level with both bounds (none for a model saved before intervals existed). */
export function forecastBands(r: BandsOf): BandInput[] {
  return (r.levels ?? []).flatMap((level) => {
    const lower = r.lower?.[String(level)]
    const upper = r.upper?.[String(level)]
    return lower && upper ? [{ level, lower, upper }] : []
  })
}

/** "80" for 0.8, "97.5" for 0.975: a level in a CSV column name. */
const levelColumn = (level: number) => String(Number((level * 100).toFixed(1)))

/**
 * A forecast as CSV: one row per slot, instants in ISO UTC, watts (empty where unknown); then the
 * band's bounds per level, `lower_80_w,upper_80_w`, narrowest level first.
 */
export function forecastCsv(r: ForecastResult): string {
  const names = Object.keys(r.baselines)
  const bands = forecastBands(r).sort((a, b) => a.level - b.level)
  const cell = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v))
  const header = [
    'time_utc',
    'predicted_w',
    'actual_w',
    ...names.map((n) => `${n}_w`),
    ...bands.flatMap((b) => [`lower_${levelColumn(b.level)}_w`, `upper_${levelColumn(b.level)}_w`]),
  ]
  const lines = [header.join(',')]
  for (let k = 0; k < r.predicted.length; k++) {
    lines.push(
      [
        new Date(r.t[k]).toISOString(),
        cell(r.predicted[k]),
        cell(r.actual[k]),
        ...names.map((n) => cell(r.baselines[n][k])),
        ...bands.flatMap((b) => [cell(b.lower[k]), cell(b.upper[k])]),
      ].join(','),
    )
  }
  return lines.join('\n') + '\n'
}
