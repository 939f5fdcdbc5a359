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
