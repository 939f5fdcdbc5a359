/** A series as the chart component takes it: plain numbers, never reactive proxies. */
export interface ChartSeries {
  label: string
  /** x values: epoch milliseconds for a time axis, plain numbers otherwise */
  x: ArrayLike<number>
  /** y values; NaN marks a gap that the line does not bridge */
  y: ArrayLike<number>
  color?: string
  /** the palette colour of this index (follows the theme) when no `color` is given; default: the series' own index */
  colorIndex?: number
  /**
   * fill down to another series index (for min/max envelopes), to the origin, or to the series just
   * before this one ('previous': the upper bound of a band filled down to its lower bound)
   */
  fillTo?: number | 'origin' | 'previous'
  /** opacity of the fill, 0–1 (default 0.25) */
  fillOpacity?: number
  /** width of the line in px (default 1.5; 0 for quiet series) */
  lineWidth?: number
  /** the legend's words for this series; tooltips and CSV columns keep `label` */
  legendLabel?: string
  dashed?: boolean
  /** hidden from the legend (envelope borders) */
  quiet?: boolean
  /** draw as bars instead of a line */
  bars?: boolean
  /** read against a second y axis on the right (a count next to watts, for example) */
  axis?: 'right'
  /** draw as separate markers (flagged readings), no line */
  points?: boolean
}

export interface ShadedRange {
  from: number
  to: number
}

/**
 * Copies a series into the `{x, y}` objects Chart.js reads with `parsing: false`. Chart.js
 * patches the arrays it is given, so it must never receive a store's (reactive) array.
 */
export function toPoints(series: ChartSeries): { x: number; y: number | null }[] {
  const length = Math.min(series.x.length, series.y.length)
  const points = new Array<{ x: number; y: number | null }>(length)
  for (let i = 0; i < length; i++) {
    const y = series.y[i]
    points[i] = { x: series.x[i], y: Number.isFinite(y) ? y : null }
  }
  return points
}

/** What Chart.js's `fill` option is for a series: false, 'origin', a dataset index, or '-1' (the one before). */
export function fillOf(series: ChartSeries): false | 'origin' | number | '-1' {
  if (series.fillTo === undefined) return false
  return series.fillTo === 'previous' ? '-1' : series.fillTo
}

/** A `#rrggbb` colour with an opacity, as `#rrggbbaa` (other colour syntaxes are returned as they are). */
export function withOpacity(color: string, opacity: number): string {
  if (!/^#[0-9a-f]{6}$/i.test(color)) return color
  const alpha = Math.round(Math.min(1, Math.max(0, opacity)) * 255)
  return color + alpha.toString(16).padStart(2, '0')
}

/** The palette, read from CSS variables so both themes stay legible. */
export function seriesColor(index: number): string {
  const style = getComputedStyle(document.documentElement)
  const value = style.getPropertyValue(`--series-${index % 6}`).trim()
  return value || ['#2563eb', '#d97706', '#059669', '#dc2626', '#7c3aed', '#0891b2'][index % 6]
}
