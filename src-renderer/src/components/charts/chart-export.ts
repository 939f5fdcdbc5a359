/**
 * Every chart can be saved: as the picture on screen (PNG, on the page's background so it reads
 * in a report) and as its data (CSV: one row per x value, one column per series). Saving goes
 * through a download, which a sandboxed page may start: Electron asks where to save, a browser
 * saves it; the page never names a path.
 */
import { DateTime } from 'luxon'
import type { ChartSeries } from './chart-data'

/** Saves a blob through an <a download> link. */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** The canvas as a PNG on `background` (a chart's canvas itself is transparent). */
export function canvasPng(canvas: HTMLCanvasElement, background: string): Promise<Blob | null> {
  const copy = document.createElement('canvas')
  copy.width = canvas.width
  copy.height = canvas.height
  const context = copy.getContext('2d')
  if (!context) return Promise.resolve(null)
  context.fillStyle = background
  context.fillRect(0, 0, copy.width, copy.height)
  context.drawImage(canvas, 0, 0)
  return new Promise((resolve) => copy.toBlob(resolve, 'image/png'))
}

const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text)

export interface CsvOptions {
  xType: 'time' | 'linear' | 'hour'
  /** the name of a linear x column ("epoch", "step"…) */
  xLabel?: string
  /** IANA zone of the local time column of a time axis */
  zone: string
  /** the unit of the y values, appended to each series' column name */
  yUnit?: string
}

/**
 * The chart's data as CSV: the x values every series has, in order (a time axis as `time_utc` and
 * `time_local` with the zone's offset), and each series' value there (empty where it has none).
 */
export function chartCsv(series: ChartSeries[], options: CsvOptions): string {
  const xs = new Set<number>()
  const columns = series.map((s) => {
    const byX = new Map<number, number>()
    const n = Math.min(s.x.length, s.y.length)
    for (let i = 0; i < n; i++) {
      xs.add(s.x[i])
      if (Number.isFinite(s.y[i])) byX.set(s.x[i], s.y[i])
    }
    return byX
  })
  const unit = options.yUnit ? ` (${options.yUnit})` : ''
  const head =
    options.xType === 'time'
      ? ['time_utc', `time_local (${options.zone})`]
      : [options.xType === 'hour' ? 'hour_of_day' : options.xLabel || 'x']
  const lines = [[...head, ...series.map((s) => `${s.label}${unit}`)].map(quote).join(',')]
  for (const x of [...xs].sort((a, b) => a - b)) {
    const xCells =
      options.xType === 'time'
        ? [
            new Date(x).toISOString(),
            DateTime.fromMillis(x, { zone: options.zone }).toISO({ suppressMilliseconds: true }) ?? '',
          ]
        : [String(x)]
    lines.push([...xCells, ...columns.map((c) => (c.has(x) ? String(c.get(x)) : ''))].join(','))
  }
  return lines.join('\n') + '\n'
}

/** "power-over-time" from a chart's label, for file names. */
export function fileStem(label: string): string {
  return (
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'chart'
  )
}
