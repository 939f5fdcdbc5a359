/**
 * Models compared by backtest: each model's latest stored backtest (its recipe over K test blocks)
 * side by side, the summary (skill mean ± sd, folds won, Diebold–Mariano, 80 % band) and the skill of
 * every fold, with the best shown value of each contest marked.
 */
import type { BacktestSummary, FoldResult } from '../../../../src-main/shared/backtest-schemas'
import type { Comparison } from '../../../../src-main/shared/model-schemas'
import { formatPower } from '../../../../src-main/shared/human-units'
import { baselineWords, dmVerdict, formatPValue, skillSpread } from '../backtests/backtest-words'
import type { ChartSeries } from '../charts/chart-data'
import { bestShown } from '../training/best-values'
import { formatCoverage } from '../training/interval-words'

export type StoredBacktest = NonNullable<Comparison['models'][number]['backtest']>
/** The part of a fold the comparison shows. */
export type FoldSkill = Pick<FoldResult, 'fold' | 'testStart' | 'testEnd'> & {
  test: { skill: number | null }
}

/** One model's column: its name, its latest backtest (null: none stored) and that backtest's folds once read. */
export interface BacktestColumn {
  name: string
  backtest: StoredBacktest | null
  /** `backtest:get`'s folds (their numbers and test blocks); null until read */
  folds: FoldSkill[] | null
}

/** A row of the summary table: text per model, and which models hold the best shown value. */
export interface BacktestRow {
  key: string
  label: string
  help: string
  cells: string[]
  best: number[]
}

/** The level whose coverage, width and score the summary shows (the one docs/training.md reports). */
export const COMPARED_LEVEL = 0.8

/**
 * Each model's folds with their numbers: from `backtest:get` when read, else from the summary's
 * skills in fold order, which are the fold numbers 1…K only for a backtest that ran every fold.
 */
export function foldSkills(column: BacktestColumn): FoldSkill[] {
  if (column.folds) return column.folds
  const b = column.backtest
  if (!b || b.status !== 'done') return []
  return b.summary.skills.map((skill, k) => ({ fold: k + 1, testStart: '', testEnd: '', test: { skill } }))
}

/** The summary rows; a model without a backtest shows dashes. */
export function backtestRows(columns: BacktestColumn[]): BacktestRow[] {
  const summaries = columns.map((c) => c.backtest?.summary ?? null)
  const each = (text: (s: BacktestSummary) => string) => summaries.map((s) => (s ? text(s) : '–'))
  const dm = summaries.map((s) => s?.dieboldMariano ?? null)
  const band = summaries.map((s) => s?.intervals.find((i) => i.level === COMPARED_LEVEL && i.n > 0) ?? null)
  const share = summaries.map((s) => (s && s.folds > 0 ? s.wins / s.folds : null))
  const means = summaries.map((s) => s?.skillMean ?? null)
  const winkler = band.map((b) => b?.winkler ?? null)
  return [
    {
      key: 'backtest',
      label: 'Backtest',
      help: "The model's latest backtest with folds done (its recipe retrained on each fold's days).",
      cells: columns.map((c) =>
        c.backtest ? `#${c.backtest.backtestId} ${c.backtest.status}` : 'none stored',
      ),
      best: [],
    },
    {
      key: 'folds',
      label: 'Folds scored',
      help: 'Test blocks scored (a cancelled backtest keeps the folds it finished).',
      cells: each((s) => String(s.folds)),
      best: [],
    },
    {
      key: 'skill',
      label: 'Skill, mean ± sd',
      help: 'Mean over the folds of 1 − MAE(LSTM) / MAE(best baseline of the fold), ± the standard deviation across folds.',
      cells: each((s) => skillSpread(s)),
      best: bestShown(means, 3, 'high'),
    },
    {
      key: 'wins',
      label: 'Folds won',
      help: 'Folds where the LSTM beat the best naive baseline (skill above 0).',
      cells: each((s) => `${s.wins} of ${s.folds}`),
      best: bestShown(share, 3, 'high'),
    },
    {
      key: 'dm',
      label: 'Diebold–Mariano',
      help: "The test of the LSTM's errors against the best baseline's over all folds (negative: the LSTM is closer), its p-value and the baseline.",
      cells: dm.map((d) =>
        d
          ? `${d.statistic < 0 ? '−' : ''}${Math.abs(d.statistic).toFixed(2)}, p = ${formatPValue(d.pValue)} vs ${baselineWords(d.against)}`
          : '–',
      ),
      best: [],
    },
    {
      key: 'significant',
      label: 'Gain significant at 5 %',
      help: 'Whether the Diebold–Mariano p-value is below 0.05, and in whose favour.',
      cells: dm.map((d) => {
        if (!d) return '–'
        const verdict = dmVerdict(d)
        return !verdict.significant
          ? 'no'
          : d.statistic < 0
            ? 'yes, the LSTM is better'
            : 'yes, the baseline is better'
      }),
      best: [],
    },
    {
      key: 'coverage',
      label: `${COMPARED_LEVEL * 100} % band: coverage`,
      help: 'Share of actual values inside the 80 % band, pooled over the folds: about 80 % when calibrated.',
      cells: band.map((b) => (b ? formatCoverage(b.coverage) : '–')),
      best: [],
    },
    {
      key: 'width',
      label: `${COMPARED_LEVEL * 100} % band: mean width`,
      help: 'Mean width of the 80 % band, in watts: narrower is more useful at the same coverage.',
      cells: band.map((b) => (b ? formatPower(b.meanWidth) : '–')),
      best: [],
    },
    {
      key: 'winkler',
      label: `${COMPARED_LEVEL * 100} % band: interval score`,
      help: 'Interval (Winkler) score of the 80 % band, in watts: width plus a penalty for each miss. Lower is better.',
      cells: band.map((b) => (b ? formatPower(b.winkler) : '–')),
      best: bestShown(winkler, 1, 'low'),
    },
  ]
}

/** One fold of the per-fold table: each model's skill on it (null: not scored) and its test block. */
export interface FoldRow {
  fold: number
  skills: (number | null)[]
  blocks: string[]
  /** every model tested this fold on the same days */
  sameBlock: boolean
  best: number[]
}

/** Every fold number any model scored, in order, with each model's skill on it. */
export function foldRows(columns: BacktestColumn[]): FoldRow[] {
  const perModel = columns.map((c) => new Map(foldSkills(c).map((f) => [f.fold, f])))
  const numbers = [...new Set(perModel.flatMap((m) => [...m.keys()]))].sort((a, b) => a - b)
  return numbers.map((fold) => {
    const folds = perModel.map((m) => m.get(fold) ?? null)
    const skills = folds.map((f) => f?.test.skill ?? null)
    const blocks = folds.map((f) => (f && f.testStart ? `${f.testStart} → ${f.testEnd}` : ''))
    const known = blocks.filter((b) => b !== '')
    return {
      fold,
      skills,
      blocks,
      sameBlock: known.length === folds.length && new Set(known).size === 1,
      best: bestShown(skills, 3, 'high'),
    }
  })
}

/** The per-fold skill chart: a bar per fold for each model, in each model's colour. */
export function foldSkillBars(columns: BacktestColumn[], colors: string[]): ChartSeries[] {
  return columns.flatMap((c, k) => {
    const folds = foldSkills(c)
    if (folds.length === 0) return []
    return [
      {
        label: c.name,
        x: folds.map((f) => f.fold),
        y: folds.map((f) => f.test.skill ?? NaN),
        bars: true,
        color: colors[k],
      },
    ]
  })
}
