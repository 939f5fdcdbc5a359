/**
 * Fan charts: a forecast's prediction bands as chart series. Each band is two series, its lower
 * bound and its upper bound filled down to it, so the chart draws the band and its CSV export
 * carries both bounds as columns ("LSTM 80 % lower (W)", "LSTM 80 % upper (W)").
 */
import type { ChartSeries } from './chart-data'

/** One band of a forecast: the nominal level (0.8) and its bounds, aligned with the forecast's x. */
export interface BandInput {
  level: number
  lower: ArrayLike<number>
  upper: ArrayLike<number>
}

/** "80 %", "97.5 %": a level as people read it. */
export function levelPercent(level: number): string {
  return `${Number((level * 100).toFixed(1))} %`
}

/** Fill opacity of a band: the widest (95 %) faintest, so nested bands darken towards the forecast. */
const BAND_OPACITY = 0.16

/**
 * The series of a fan chart around `name`'s forecast: for each band, widest first (so narrower ones
 * are drawn over it), its lower bound (no line) then its upper bound, filled down to the lower one.
 * The legend has one entry for them all, "<name> bands (50, 80, 95 %)": nested shades read as a fan,
 * and one entry per band crowded the legend; tooltips and CSV columns name every bound.
 * @param x the forecast's x values (epoch ms on a time axis)
 * @param color the colour of the forecast the bands surround: a palette index (follows the theme) or a CSS `#rrggbb`
 */
export function fanSeries(
  name: string,
  x: ArrayLike<number>,
  bands: readonly BandInput[],
  color: number | string,
): ChartSeries[] {
  const colour = typeof color === 'number' ? { colorIndex: color } : { color }
  const widestFirst = [...bands].sort((a, b) => b.level - a.level)
  const levels = [...widestFirst].reverse().map((b) => Number((b.level * 100).toFixed(1)))
  const legendLabel = `${name} band${levels.length === 1 ? '' : 's'} (${levels.join(', ')} %)`
  return widestFirst.flatMap((band, k): ChartSeries[] => {
    const level = levelPercent(band.level)
    return [
      { label: `${name} ${level} lower`, x, y: band.lower, ...colour, quiet: true },
      {
        label: `${name} ${level} upper`,
        ...(k === 0 ? { legendLabel } : { quiet: true }),
        x,
        y: band.upper,
        ...colour,
        fillTo: 'previous',
        fillOpacity: BAND_OPACITY,
        lineWidth: 0,
      },
    ]
  })
}
