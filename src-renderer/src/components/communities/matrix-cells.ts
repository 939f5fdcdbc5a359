import { DateTime } from 'luxon'
import type { CommunityDetail } from '../../../../src-main/shared/community-schemas'
import { completenessColor } from '../datasets/day-cells'

/** One home's local day in the community heat map. */
export interface MatrixCell {
  day: string
  /** share of the expected readings present, null when the home has no readings that day */
  completeness: number | null
  /** removed by the home's cleaning recipe (it has readings, but not kept) */
  removed: boolean
  color: string
  /** what the cell says, for its tooltip and screen readers */
  label: string
}

export interface MatrixRow {
  datasetId: number
  home: string
  cells: MatrixCell[]
}

/** A month's label over the heat map's columns: it starts at column `start` and spans `span` days. */
export interface MonthSpan {
  label: string
  start: number
  span: number
}

/** The heat map's rows: one per home, one cell per day of `dayList`, coloured by completeness. */
export function matrixRows(detail: Pick<CommunityDetail, 'dayList' | 'matrix'>): MatrixRow[] {
  return detail.matrix.map((row) => ({
    datasetId: row.datasetId,
    home: row.home,
    cells: detail.dayList.map((day, k) => {
      const completeness = row.completeness[k] ?? null
      const removed = completeness !== null && row.kept[k] !== 1
      const what =
        completeness === null
          ? 'no readings'
          : `${Math.round(completeness * 100)} % of the readings${removed ? ', removed by its cleaning recipe' : ', kept'}`
      return {
        day,
        completeness,
        removed,
        color: completeness === null ? 'transparent' : completenessColor(completeness),
        label: `${row.home} · ${day}: ${what}`,
      }
    }),
  }))
}

/** The months the columns cover, in order (`dayList` is sorted and may skip days). */
export function monthSpans(dayList: string[]): MonthSpan[] {
  const spans: MonthSpan[] = []
  dayList.forEach((day, k) => {
    const month = day.slice(0, 7)
    const last = spans.at(-1)
    if (last && dayList[last.start].slice(0, 7) === month) last.span++
    else
      spans.push({
        label: DateTime.fromISO(`${month}-01`, { zone: 'UTC' }).toFormat('LLL yyyy'),
        start: k,
        span: 1,
      })
  })
  return spans
}
