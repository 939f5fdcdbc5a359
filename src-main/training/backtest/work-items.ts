/**
 * From a backtest request to its work items: the folds over the series' dates (a global model's homes
 * share the calendar dates on which any of them has a usable day, as its training split does), grouped
 * by refit, each group one independent item (or a chain when warm-started).
 */
import type { IntervalMethod } from '../intervals/conformal'
import type { ModelParams } from '../pipeline'
import type { FoldSeries, FoldWorkItem } from './fold-work'
import { groupFolds, planFolds, type FoldDays, type FoldOptions } from './folds'

export interface BacktestOptions extends Omit<FoldOptions, 'validationShare'> {
  /** start each training from the weights of the one before (folds then run one after the other) */
  warmStart: boolean
  levels: number[]
  intervalMethod: IntervalMethod
}

export function backtestWorkItems(
  series: FoldSeries[],
  zone: string,
  params: ModelParams,
  options: BacktestOptions,
): { plan: FoldDays[]; items: FoldWorkItem[] } {
  const dates = [...new Set(series.flatMap((s) => s.days))].sort()
  const { train, validation } = params.split
  const plan = planFolds(dates, { ...options, validationShare: validation / (train + validation) })
  const items = groupFolds(plan, options.refit).map((group): FoldWorkItem => ({
    trainedOn: group.trainedOn,
    folds: group.folds,
    series,
    zone,
    params,
    levels: options.levels,
    intervalMethod: options.intervalMethod,
    initialWeights: null,
    returnWeights: options.warmStart,
  }))
  return { plan, items }
}
