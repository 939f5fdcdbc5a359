import type { ForecastResult } from '../../../../src-main/shared/model-schemas'

/**
 * Saves a blob through an <a download> link: a sandboxed renderer cannot write files, but a
 * download works both in Electron (its default save handling) and in a plain browser.
 */
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

/** Saves the first chart canvas inside `container` as a PNG. */
export function downloadChartPng(container: HTMLElement | undefined, fileName: string): void {
  const canvas = container?.querySelector('canvas')
  if (!canvas) return
  canvas.toBlob((blob) => blob && downloadBlob(fileName, blob), 'image/png')
}

/** A forecast as CSV: one row per slot, instants in ISO UTC, watts (empty where unknown). */
export function forecastCsv(r: ForecastResult): string {
  const names = Object.keys(r.baselines)
  const cell = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v))
  const lines = [['time_utc', 'predicted_w', 'actual_w', ...names.map((n) => `${n}_w`)].join(',')]
  for (let k = 0; k < r.predicted.length; k++) {
    lines.push(
      [
        new Date(r.t[k]).toISOString(),
        cell(r.predicted[k]),
        cell(r.actual[k]),
        ...names.map((n) => cell(r.baselines[n][k])),
      ].join(','),
    )
  }
  return lines.join('\n') + '\n'
}
