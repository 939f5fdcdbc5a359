/** Sizes and durations as the CLI and the Training form print them (plain data, the renderer may import it). */

/** "1.2 GB", "350 MB" (decimal units, as disks and task managers count). */
export function formatBytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.max(1, Math.round(bytes / 1e6))} MB`
}

/** "under 1 s", "40 s", "12 min", "3.5 h", "2.1 days". */
export function formatDuration(seconds: number): string {
  if (seconds < 1) return 'under 1 s'
  if (seconds < 90) return `${Math.round(seconds)} s`
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`
  if (seconds < 48 * 3600) return `${(seconds / 3600).toFixed(1)} h`
  return `${(seconds / 86_400).toFixed(1)} days`
}
