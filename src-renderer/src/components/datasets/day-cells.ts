import { DateTime } from 'luxon'
import type { DayReport } from '../../../../src-main/shared/contract'

/** A calendar cell: a local day with its counts, or a blank that pads the first week. */
export interface DayCell {
  day: string | null
  report?: DayReport
  removed?: boolean
}

export interface MonthBlock {
  /** `2022-03` */
  month: string
  label: string
  /** Monday-first weeks, seven cells each */
  cells: DayCell[]
}

/** Groups days into month blocks laid out Monday-first, as a wall calendar. */
export function monthBlocks(days: DayReport[], removed: Set<string>): MonthBlock[] {
  const blocks: MonthBlock[] = []
  for (const report of days) {
    const month = report.day.slice(0, 7)
    let block = blocks[blocks.length - 1]
    if (!block || block.month !== month) {
      const first = DateTime.fromISO(`${month}-01`, { zone: 'UTC' })
      block = { month, label: first.toFormat('LLLL yyyy'), cells: [] }
      // pad up to the weekday of the month's first shown day
      const firstShown = DateTime.fromISO(report.day, { zone: 'UTC' })
      const dayOfMonth = firstShown.day
      const pad = (first.weekday - 1 + dayOfMonth - 1) % 7
      for (let i = 0; i < pad; i++) block.cells.push({ day: null })
      blocks.push(block)
    }
    block.cells.push({ day: report.day, report, removed: removed.has(report.day) })
  }
  return blocks
}

/**
 * The share of a day's expected readings that are usable: present, less the all-zero rows when the
 * recipe treats them as missing (a zero-filled outage is not data, whatever the counts say).
 */
export function usableCompleteness(day: DayReport, zeroAsMissing: boolean): number {
  if (day.expected <= 0) return 0
  return Math.max(0, day.present - (zeroAsMissing ? day.zero : 0)) / day.expected
}

/**
 * The fill colour of a day by completeness: red (none) through amber to yellow-green (nearly
 * complete); only a complete day is full green, so a day missing an hour or two stands out.
 */
export function completenessColor(completeness: number): string {
  const c = Math.max(0, Math.min(1, completeness))
  const hue = c >= 1 ? 135 : Math.round(10 + 85 * c * c)
  return `hsl(${hue} 65% ${c === 0 ? 88 : 46}%)`
}

/** Local-day spans [from, to) in UTC epoch ms for a list of `YYYY-MM-DD`, merged when adjacent. */
export function dayRanges(days: Iterable<string>, zone: string): { from: number; to: number }[] {
  const ranges: { from: number; to: number }[] = []
  for (const day of [...days].sort()) {
    const start = DateTime.fromISO(day, { zone })
    const from = start.toMillis()
    const to = start.plus({ days: 1 }).toMillis()
    const last = ranges[ranges.length - 1]
    if (last && last.to === from) last.to = to
    else ranges.push({ from, to })
  }
  return ranges
}
