import { describe, expect, it } from 'vitest'
import type { DayReport } from '../../../../src-main/shared/contract'
import { dayRows, sortDayRows } from './day-rows'

const day = (date: string, present: number, zero = 0): DayReport => ({
  day: date,
  expected: 96,
  present,
  empty: 96 - present,
  zero,
  completeness: present / 96,
})

describe('per-day rows', () => {
  const rows = dayRows(
    [day('2022-05-01', 96), day('2022-05-02', 40), day('2022-05-03', 96, 90), day('2022-05-04', 96)],
    {
      '2022-05-02': 'incomplete',
      '2022-05-03': 'zero-dominated',
    },
  )

  it('says for each day whether it is kept or why it is removed', () => {
    expect(rows.map((r) => r.status)).toEqual(['kept', 'incomplete', 'zero-dominated', 'kept'])
  })

  it('sorts by any column, either way, ties in day order', () => {
    expect(sortDayRows(rows, 'completeness', false).map((r) => r.day)).toEqual([
      '2022-05-02',
      '2022-05-01',
      '2022-05-03',
      '2022-05-04',
    ])
    expect(sortDayRows(rows, 'zero', true).map((r) => r.day)[0]).toBe('2022-05-03')
    expect(sortDayRows(rows, 'day', true).map((r) => r.day)).toEqual([
      '2022-05-04',
      '2022-05-03',
      '2022-05-02',
      '2022-05-01',
    ])
    expect(sortDayRows(rows, 'status', false).map((r) => r.status)).toEqual([
      'kept',
      'kept',
      'incomplete',
      'zero-dominated',
    ])
  })
})
