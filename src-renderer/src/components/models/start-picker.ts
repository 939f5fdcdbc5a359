import { DateTime } from 'luxon'
import type { ForecastStarts } from '../../../../src-main/shared/model-schemas'

/**
 * The forecast start as the panel shows and takes it: in the dataset's zone on a 24-hour clock,
 * and only where the backend says a forecast may start (`model:forecastStarts`: ranges of grid
 * instants whose input window is all known). Instants are epoch ms.
 */
export type Starts = Pick<ForecastStarts, 'zone' | 'step' | 'ranges'>

const withSeconds = (starts: Starts) => starts.step < 60 || starts.step % 60 !== 0

/** "2022-05-31 14:00" (or with seconds for an 8-s model) in the dataset's zone. */
export function formatStart(ms: number, starts: Starts): string {
  return DateTime.fromMillis(ms, { zone: starts.zone }).toFormat(
    withSeconds(starts) ? 'yyyy-MM-dd HH:mm:ss' : 'yyyy-MM-dd HH:mm',
  )
}

/** The instant of a typed local time ("2022-05-31 14:00", seconds optional, a "T" allowed), or null. */
export function parseStart(text: string, zone: string): number | null {
  const cleaned = text.trim().replace('T', ' ')
  for (const format of ['yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd HH:mm']) {
    const parsed = DateTime.fromFormat(cleaned, format, { zone })
    if (parsed.isValid) return parsed.toMillis()
  }
  return null
}

/** Whether `ms` is a valid start: inside a range and on its grid. */
export function isValidStart(ms: number, starts: Starts): boolean {
  const stepMs = starts.step * 1000
  return starts.ranges.some((r) => ms >= r.from && ms <= r.to && (ms - r.from) % stepMs === 0)
}

/** The valid start nearest to `ms` (a click on a chart), or null when there is none. */
export function nearestStart(ms: number, starts: Starts): number | null {
  const stepMs = starts.step * 1000
  let best: number | null = null
  for (const r of starts.ranges) {
    const inside = Math.min(r.to, Math.max(r.from, r.from + Math.round((ms - r.from) / stepMs) * stepMs))
    if (best === null || Math.abs(inside - ms) < Math.abs(best - ms)) best = inside
  }
  return best
}

/** The local days (yyyy-MM-dd) holding at least one valid start, in order. */
export function startDays(starts: Starts): string[] {
  const days: string[] = []
  for (const r of starts.ranges) {
    let day = DateTime.fromMillis(r.from, { zone: starts.zone }).startOf('day')
    while (day.toMillis() <= r.to) {
      const name = day.toFormat('yyyy-MM-dd')
      if (days.at(-1) !== name) days.push(name)
      day = day.plus({ days: 1 })
    }
  }
  return days
}

/** The valid starts of one local day, as instants and their "HH:mm" labels (a repeated autumn hour says so). */
export function startTimes(day: string, starts: Starts): { ms: number; label: string }[] {
  const dayStart = DateTime.fromFormat(day, 'yyyy-MM-dd', { zone: starts.zone })
  if (!dayStart.isValid) return []
  const from = dayStart.toMillis()
  const to = dayStart.plus({ days: 1 }).toMillis()
  const stepMs = starts.step * 1000
  const format = withSeconds(starts) ? 'HH:mm:ss' : 'HH:mm'
  const times: { ms: number; label: string }[] = []
  const seen = new Set<string>()
  for (const r of starts.ranges) {
    if (r.to < from || r.from >= to) continue
    const first = r.from + Math.max(0, Math.ceil((from - r.from) / stepMs)) * stepMs
    for (let ms = first; ms <= r.to && ms < to; ms += stepMs) {
      const local = DateTime.fromMillis(ms, { zone: starts.zone })
      let label = local.toFormat(format)
      if (seen.has(label)) label += ` (${local.toFormat('ZZ')}, repeated hour)`
      seen.add(label)
      times.push({ ms, label })
    }
  }
  return times
}

/** The local day of an instant, as `startDays` names it. */
export function dayOf(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd')
}

/** The stretches where no forecast may start, between the valid ranges, to shade on a chart. */
export function invalidStretches(starts: Starts, from: number, to: number): { from: number; to: number }[] {
  const stretches: { from: number; to: number }[] = []
  let cursor = from
  for (const r of starts.ranges) {
    if (r.from > cursor) stretches.push({ from: cursor, to: Math.min(r.from, to) })
    cursor = Math.max(cursor, r.to + starts.step * 1000)
  }
  if (cursor < to) stretches.push({ from: cursor, to })
  return stretches.filter((s) => s.to > s.from)
}
