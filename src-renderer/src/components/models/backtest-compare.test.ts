import { describe, expect, it } from 'vitest'
import type { BacktestSummary } from '../../../../src-main/shared/backtest-schemas'
import { backtestRows, foldRows, foldSkillBars, foldSkills, type BacktestColumn } from './backtest-compare'

const interval = (level: number, coverage: number, meanWidth: number, winkler: number) => ({
  level,
  coverage,
  meanWidth,
  winkler,
  n: 300,
})
const summary = (skills: (number | null)[], over: Partial<BacktestSummary> = {}): BacktestSummary => {
  const scored = skills.filter((s): s is number => s !== null)
  const mean = scored.reduce((a, b) => a + b, 0) / scored.length
  return {
    folds: skills.length,
    skills,
    skillMean: mean,
    skillStd: 0.05,
    wins: scored.filter((s) => s > 0).length,
    dieboldMariano: {
      statistic: -2.5,
      pValue: 0.012,
      against: 'persistence',
      n: 400,
      horizon: 2,
      meanDifference: -30,
    },
    intervals: [interval(0.5, 0.48, 80, 160), interval(0.8, 0.79, 180, 320)],
    baselineIntervals: [],
    ...over,
  }
}
const column = (name: string, backtestId: number, s: BacktestSummary, status = 'done'): BacktestColumn => ({
  name,
  backtest: { backtestId, name: `Backtest ${name}`, status, summary: s },
  folds: null,
})

describe('models compared by backtest', () => {
  it('puts skill mean ± sd, folds won, the DM test and the 80 % band side by side, best in green', () => {
    const a = column('A (#1)', 4, summary([0.1, 0.2, 0.3]))
    const b = column(
      'B (#2)',
      5,
      summary([0.05, -0.1, 0.15], {
        skillStd: 0.125,
        dieboldMariano: { ...summary([]).dieboldMariano!, statistic: -1.1, pValue: 0.27 },
        intervals: [interval(0.8, 0.85, 230, 300)],
      }),
    )
    const none: BacktestColumn = { name: 'C (#3)', backtest: null, folds: null }
    const rows = Object.fromEntries(backtestRows([a, b, none]).map((r) => [r.key, r]))
    expect(rows.backtest.cells).toEqual(['#4 done', '#5 done', 'none stored'])
    expect(rows.skill.cells).toEqual(['+0.200 ± 0.050', '+0.033 ± 0.125', '–'])
    expect(rows.skill.best).toEqual([0])
    expect(rows.wins.cells).toEqual(['3 of 3', '2 of 3', '–'])
    expect(rows.wins.best).toEqual([0])
    expect(rows.dm.cells[0]).toBe('−2.50, p = 0.012 vs persistence (last value)')
    expect(rows.significant.cells).toEqual(['yes, the LSTM is better', 'no', '–'])
    expect(rows.coverage.cells).toEqual(['79.0 %', '85.0 %', '–'])
    // the lower interval score wins, whatever the coverage
    expect(rows.winkler.best).toEqual([1])
    expect(rows.width.cells[2]).toBe('–')
  })

  it('numbers the folds by backtest:get when read, by the summary order only for a backtest run to its end', () => {
    const done = column('A', 1, summary([0.1, 0.2]))
    expect(foldSkills(done).map((f) => [f.fold, f.test.skill])).toEqual([
      [1, 0.1],
      [2, 0.2],
    ])
    // a cancelled backtest may have finished folds 1 and 3 only: without its folds, no numbering is guessed
    const cancelled = column('B', 2, summary([0.1, 0.3]), 'cancelled')
    expect(foldSkills(cancelled)).toEqual([])
    const read = {
      ...cancelled,
      folds: [
        { fold: 1, testStart: '2022-05-06', testEnd: '2022-05-12', test: { skill: 0.1 } },
        { fold: 3, testStart: '2022-05-20', testEnd: '2022-05-26', test: { skill: 0.3 } },
      ],
    }
    expect(foldSkills(read).map((f) => f.fold)).toEqual([1, 3])
  })

  it('lines the folds up by number, says when they share their test block, and charts a bar per fold and model', () => {
    const block = (fold: number, start: string, skill: number | null) => ({
      fold,
      testStart: start,
      testEnd: start,
      test: { skill },
    })
    const a = {
      ...column('A', 1, summary([0.1, 0.2])),
      folds: [block(1, '2022-05-06', 0.1), block(2, '2022-05-13', 0.2)],
    }
    const b = { ...column('B', 2, summary([0.3])), folds: [block(2, '2022-05-13', 0.25)] }
    const rows = foldRows([a, b])
    expect(rows.map((r) => [r.fold, r.skills, r.sameBlock, r.best])).toEqual([
      [1, [0.1, null], false, []],
      [2, [0.2, 0.25], true, [1]],
    ])
    expect(rows[1].blocks).toEqual(['2022-05-13 → 2022-05-13', '2022-05-13 → 2022-05-13'])
    const bars = foldSkillBars(
      [a, b, { name: 'C', backtest: null, folds: null }],
      ['#111111', '#222222', '#333333'],
    )
    expect(bars.map((s) => [s.label, Array.from(s.x), Array.from(s.y), s.bars, s.color])).toEqual([
      ['A', [1, 2], [0.1, 0.2], true, '#111111'],
      ['B', [2], [0.25], true, '#222222'],
    ])
  })
})
