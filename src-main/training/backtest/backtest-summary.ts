/**
 * The verdict over all folds: the skill of each fold, their mean and standard deviation, the folds the
 * model wins, the bands pooled over the folds, and a Diebold–Mariano test of the model's errors
 * against those of the best baseline over every scored window of every fold, in time order.
 *
 * The loss of a window is its mean absolute error over the horizon (the skill is MAE-based); windows
 * start at consecutive slots, so the test uses h − 1 = predSize − 1 autocovariances. For a global
 * model, the loss differentials of the homes forecast from the same instant are averaged first, so the
 * test sees one series in time (homes are not independent draws of the same instant).
 */
import { BASELINES, type BaselineName } from '../baselines'
import type { IntervalScore } from '../intervals/interval-score'
import { dieboldMarianoOnDifferentials } from './diebold-mariano'
import type { FoldResult, FoldWindows } from './fold-work'

export interface BacktestSummary {
  /** folds scored (fewer than planned after a cancel) */
  folds: number
  skills: (number | null)[]
  skillMean: number | null
  /** sample standard deviation (n − 1); null below 2 folds */
  skillStd: number | null
  /** folds whose skill is above 0 */
  wins: number
  dieboldMariano: {
    statistic: number
    pValue: number
    /** the baseline with the lowest MAE over all folds' windows */
    against: BaselineName
    n: number
    horizon: number
    /** mean of |e_model| − |e_baseline| per window, watts: negative when the model is better */
    meanDifference: number
  } | null
  /** the model's bands pooled over the folds, and those around each fold's best baseline */
  intervals: IntervalScore[]
  baselineIntervals: IntervalScore[]
}

/** Scores of the same levels over several folds, weighted by the values each scored. */
export function poolScores(parts: (IntervalScore[] | undefined)[]): IntervalScore[] {
  const present = parts.filter((p): p is IntervalScore[] => !!p && p.length > 0)
  if (present.length === 0) return []
  return present[0].map((first, l) => {
    let n = 0
    let coverage = 0
    let width = 0
    let winkler = 0
    for (const part of present) {
      const s = part[l]
      if (!s || s.n === 0) continue
      n += s.n
      coverage += s.coverage * s.n
      width += s.meanWidth * s.n
      winkler += s.winkler * s.n
    }
    return {
      level: first.level,
      coverage: n > 0 ? coverage / n : NaN,
      meanWidth: n > 0 ? width / n : NaN,
      winkler: n > 0 ? winkler / n : NaN,
      n,
    }
  })
}

/** Loss differentials model − baseline, one per forecast instant (averaged over homes), in time order. */
export function lossDifferentials(windows: FoldWindows[], baseline: BaselineName): Float64Array {
  const byOrigin = new Map<number, { sum: number; n: number }>()
  for (const fold of windows) {
    const losses = fold.baselineLoss[baseline]
    if (!losses) continue
    for (let w = 0; w < fold.origin.length; w++) {
      const d = fold.modelLoss[w] - losses[w]
      if (!Number.isFinite(d)) continue
      const entry = byOrigin.get(fold.origin[w]) ?? { sum: 0, n: 0 }
      entry.sum += d
      entry.n++
      byOrigin.set(fold.origin[w], entry)
    }
  }
  const origins = [...byOrigin.keys()].sort((a, b) => a - b)
  return Float64Array.from(origins, (o) => byOrigin.get(o)!.sum / byOrigin.get(o)!.n)
}

/** The baseline with the lowest mean loss over every window of every fold that scored it. */
function bestBaselineOverall(windows: FoldWindows[]): BaselineName | null {
  let best: BaselineName | null = null
  let bestLoss = Infinity
  for (const name of BASELINES) {
    if (!windows.every((fold) => fold.baselineLoss[name])) continue
    let sum = 0
    let n = 0
    for (const fold of windows) {
      for (const v of fold.baselineLoss[name]!) {
        if (!Number.isFinite(v)) continue
        sum += v
        n++
      }
    }
    if (n > 0 && sum / n < bestLoss) {
      bestLoss = sum / n
      best = name
    }
  }
  return best
}

export function summariseBacktest(
  results: FoldResult[],
  windows: FoldWindows[],
  horizon: number,
): BacktestSummary {
  const skills = results.map((r) => r.test.skill)
  const scored = skills.filter((s): s is number => s !== null && Number.isFinite(s))
  const mean = scored.length > 0 ? scored.reduce((a, b) => a + b, 0) / scored.length : null
  const std =
    scored.length > 1 && mean !== null
      ? Math.sqrt(scored.reduce((a, s) => a + (s - mean) ** 2, 0) / (scored.length - 1))
      : null
  const against = bestBaselineOverall(windows)
  const dm = against ? dieboldMarianoOnDifferentials(lossDifferentials(windows, against), horizon) : null
  return {
    folds: results.length,
    skills,
    skillMean: mean,
    skillStd: std,
    wins: scored.filter((s) => s > 0).length,
    dieboldMariano: dm && against ? { ...dm, against } : null,
    intervals: poolScores(results.map((r) => r.test.intervals)),
    baselineIntervals: poolScores(results.map((r) => r.test.baselineIntervals)),
  }
}
