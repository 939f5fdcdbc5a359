/**
 * How charts print time and values: every time axis in the dataset's zone, named on the axis, on a
 * 24-hour clock; tooltips with a unit and only the precision the data has (no seconds on 15-min
 * data). Plain functions, tested without a canvas.
 */
import { DateTime } from 'luxon'
import { formatPower } from '../../../../src-main/shared/human-units'

/** Luxon formats of the time scale's ticks, per unit: 24-hour clock, day before month. */
export const timeDisplayFormats = {
  millisecond: 'HH:mm:ss.SSS',
  second: 'HH:mm:ss',
  minute: 'HH:mm',
  hour: 'HH:mm',
  day: 'd LLL',
  week: 'd LLL',
  month: 'LLL yyyy',
  quarter: 'LLL yyyy',
  year: 'yyyy',
} as const

/** "time (Europe/Brussels)": what the time axis shows, and in which zone. */
export function timeAxisTitle(zone: string, label = 'time'): string {
  return `${label || 'time'} (${zone})`
}

/**
 * An instant as a tooltip title, to the precision of the data: "Tue 1 Mar 2022, 08:00 CET" for
 * 15-min readings, with seconds below a minute, the day only from one day up.
 * @param stepMs the spacing of the points shown (reading interval or chart bucket), ms
 */
export function formatInstant(ms: number, zone: string, stepMs: number): string {
  const time = DateTime.fromMillis(ms, { zone })
  const day = time.toFormat('ccc d LLL yyyy')
  if (stepMs >= 86_400_000) return day
  const clock = time.toFormat(stepMs < 60_000 ? 'HH:mm:ss' : 'HH:mm')
  return `${day}, ${clock} ${time.offsetNameShort ?? time.toFormat('ZZ')}`
}

/** "08:00" for a local hour of day (0–24). */
export function formatHourOfDay(hours: number): string {
  const whole = Math.floor(hours)
  const minutes = Math.round((hours - whole) * 60)
  return `${String(whole).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`
}

/** A value with its unit: power in W / kW / MW, anything else with four significant digits. */
export function formatValue(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–'
  if (unit === 'W') return formatPower(value)
  const text =
    Math.abs(value) >= 1e4 ? Math.round(value).toLocaleString('en') : String(Number(value.toPrecision(4)))
  return unit ? `${text} ${unit}` : text
}

/**
 * The x range after zooming by `factor` (2 = twice as close) around the middle of `current`, kept
 * inside `bounds` and no narrower than `minSpan`.
 */
export function zoomedRange(
  current: { min: number; max: number },
  factor: number,
  bounds: { min: number; max: number },
  minSpan: number,
): { min: number; max: number } {
  const full = bounds.max - bounds.min
  const span = Math.min(full, Math.max(minSpan, (current.max - current.min) / factor))
  const center = (current.min + current.max) / 2
  let min = center - span / 2
  let max = center + span / 2
  if (min < bounds.min) [min, max] = [bounds.min, bounds.min + span]
  if (max > bounds.max) [min, max] = [bounds.max - span, bounds.max]
  return { min, max }
}
