import { describe, expect, it } from 'vitest'
import { matrixRows, monthSpans } from './matrix-cells'

describe('the community heat map', () => {
  const detail = {
    dayList: ['2022-05-30', '2022-05-31', '2022-06-01'],
    matrix: [
      { datasetId: 1, home: 'CDB001', completeness: [1, 0.5, null], kept: [1, 0, 0] },
      { datasetId: 4, home: 'CDB059', completeness: [0, 1, 1], kept: [0, 1, 1] },
    ],
  }

  it('has one cell per home per day, removed days marked and days without readings blank', () => {
    const rows = matrixRows(detail)
    expect(rows.map((r) => r.cells.length)).toEqual([3, 3])
    const [first] = rows
    expect(first.cells.map((c) => c.removed)).toEqual([false, true, false])
    expect(first.cells[2]).toMatchObject({ completeness: null, color: 'transparent' })
    expect(first.cells[1].label).toBe(
      'CDB001 · 2022-05-31: 50 % of the readings, removed by its cleaning recipe',
    )
    expect(first.cells[2].label).toBe('CDB001 · 2022-06-01: no readings')
    // an empty day (0 %) is a reading count, not a missing one: coloured, and removed
    expect(rows[1].cells[0]).toMatchObject({ completeness: 0, removed: true })
    expect(rows[1].cells[0].color).not.toBe(rows[1].cells[1].color)
  })

  it('labels the months over their columns', () => {
    expect(monthSpans(detail.dayList)).toEqual([
      { label: 'May 2022', start: 0, span: 2 },
      { label: 'Jun 2022', start: 2, span: 1 },
    ])
  })
})
