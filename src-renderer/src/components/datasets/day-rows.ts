import type { DayReport, RemovalReason } from '../../../../src-main/shared/contract'

/** One line of the per-day table: the day's counts and what the recipe does with it. */
export interface DayRow extends DayReport {
  /** `kept`, or why the recipe removes it */
  status: 'kept' | RemovalReason
}

export type DayColumn = 'day' | 'expected' | 'present' | 'empty' | 'zero' | 'completeness' | 'status'

export const statusWords: Record<DayRow['status'], string> = {
  kept: 'kept',
  incomplete: 'removed: incomplete',
  'zero-dominated': 'removed: mostly all-zero rows',
}

export function dayRows(days: DayReport[], reasons: Record<string, RemovalReason>): DayRow[] {
  return days.map((d) => ({ ...d, status: reasons[d.day] ?? 'kept' }))
}

/** The rows sorted by a column (ties keep day order), ascending or descending. */
export function sortDayRows(rows: DayRow[], column: DayColumn, descending: boolean): DayRow[] {
  const value = (row: DayRow) => (column === 'status' ? statusWords[row.status] : row[column])
  return [...rows].sort((a, b) => {
    const x = value(a)
    const y = value(b)
    const order = x < y ? -1 : x > y ? 1 : a.day < b.day ? -1 : a.day > b.day ? 1 : 0
    return descending && x !== y ? -order : order
  })
}
