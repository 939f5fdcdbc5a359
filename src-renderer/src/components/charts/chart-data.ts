/** A series as the chart component takes it: plain numbers, never reactive proxies. */
export interface ChartSeries {
  label: string
  /** x values: epoch milliseconds for a time axis, plain numbers otherwise */
  x: ArrayLike<number>
  /** y values; NaN marks a gap that the line does not bridge */
  y: ArrayLike<number>
  color?: string
  /** fill down to another series index (for min/max envelopes), or to the origin */
  fillTo?: number | 'origin'
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

/** The palette, read from CSS variables so both themes stay legible. */
export function seriesColor(index: number): string {
  const style = getComputedStyle(document.documentElement)
  const value = style.getPropertyValue(`--series-${index % 6}`).trim()
  return value || ['#2563eb', '#d97706', '#059669', '#dc2626', '#7c3aed', '#0891b2'][index % 6]
}
