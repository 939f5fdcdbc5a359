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

/** "1 reading", "3 readings", "1 stretch", "2 stretches": the count with its noun in the right number. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? singular : pluralForm}`
}

/**
 * Power with a precision a person reads at a glance: "850 W", "12.5 kW", "−11.12 MW" (a real minus
 * sign). Household readings stay in watts; kilowatts from 10 kW, megawatts (glitches) from 1 MW.
 */
export function formatPower(watts: number | null | undefined): string {
  if (watts === null || watts === undefined || !Number.isFinite(watts)) return '–'
  const size = Math.abs(watts)
  const [value, unit, digits] =
    size >= 1e6
      ? [watts / 1e6, 'MW', 2]
      : size >= 1e4
        ? [watts / 1e3, 'kW', 1]
        : [watts, 'W', size < 10 ? 1 : 0]
  const text = value.toLocaleString('en', { minimumFractionDigits: 0, maximumFractionDigits: digits })
  return `${text.replace(/^-/, '−')} ${unit}`
}
