/**
 * Prediction intervals in words: what coverage, width and the interval (Winkler) score mean, and the
 * rows of the table that puts the model's bands beside the best baseline's.
 */
import type { IntervalScore } from '../../../../src-main/shared/training-outcome'
import { levelPercent } from '../charts/chart-bands'

export const intervalHelp = {
  coverage:
    'Coverage: the share of actual values inside the band. A calibrated 80 % band covers about 80 %; far below, the band is too narrow.',
  meanWidth: 'Mean width of the band, in watts: narrower is more useful, at the same coverage.',
  winkler:
    'Interval (Winkler) score, in watts: the width, plus 2 / (1 − level) times how far an actual value falls outside the band. Rewards narrow bands that still cover. Lower is better.',
  baseline:
    'A conformal band around the best naive baseline, calibrated the same way on the same validation days: the LSTM’s band should be narrower at about the same coverage.',
} as const

/** "79.3 %" */
export function formatCoverage(coverage: number): string {
  return Number.isFinite(coverage) ? `${(coverage * 100).toFixed(1)} %` : '–'
}

/** How far coverage may fall below the nominal level before the table flags the band as too narrow. */
const UNDER_COVERAGE = 0.05

/** One level of the intervals table: the model's band and the baseline's, side by side. */
export interface IntervalRow {
  level: number
  label: string
  model: IntervalScore | null
  baseline: IntervalScore | null
  /** the model's score is the lower one (null when either is missing) */
  modelBetter: boolean | null
  /** coverage more than 5 points under the level */
  modelUnder: boolean
  baselineUnder: boolean
}

/** The table's rows: every level of either list, in increasing order, matched by level. */
export function intervalRows(model: IntervalScore[], baseline: IntervalScore[] = []): IntervalRow[] {
  const levels = [...new Set([...model, ...baseline].map((s) => s.level))].sort((a, b) => a - b)
  const under = (s: IntervalScore | null) => s !== null && s.coverage < s.level - UNDER_COVERAGE
  return levels.map((level) => {
    const m = model.find((s) => s.level === level && s.n > 0) ?? null
    const b = baseline.find((s) => s.level === level && s.n > 0) ?? null
    return {
      level,
      label: levelPercent(level),
      model: m,
      baseline: b,
      modelBetter: m && b ? m.winkler < b.winkler : null,
      modelUnder: under(m),
      baselineUnder: under(b),
    }
  })
}
