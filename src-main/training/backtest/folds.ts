/**
 * The folds of a walk-forward backtest (rolling origin; Tashman 2000, Hyndman's "evaluation on a rolling
 * forecasting origin"): the last K blocks of kept days are the test blocks, oldest first, and fold k
 * trains on days before its block only. Everything counts in kept days (the days the cleaning keeps, with
 * readings), as the 70 / 15 / 15 split does: a block of 7 is 7 kept days, a gap of 1 leaves out the kept
 * day just before the block.
 *
 *   expanding: | train ………………………… | validation | gap | test k |
 *   fixed:          | train …… | validation | gap | test k |     (the same number of days every fold)
 *
 * With refit every N folds, the model trained for fold j is also scored on the blocks of folds j + 1 …
 * j + N − 1 (its training days are older still), so N folds cost one training.
 */
import { AppError } from '../../shared/result'

export type RefitPolicy = 'every' | 'once' | number

export interface FoldOptions {
  /** test blocks (K) */
  folds: number
  /** kept days per test block */
  blockDays: number
  /** kept days left out between the validation days and the test block */
  gapDays: number
  /** 'expanding': every day before the block; 'fixed': the same number of days every fold */
  window: 'expanding' | 'fixed'
  /** fixed window: kept days of training + validation (default: what the first fold has) */
  trainDays?: number
  /** kept days that validate (default: `validationShare` of the days before the block) */
  validationDays?: number
  /** share of the days before the block that validate when validationDays is not given */
  validationShare: number
  refit: RefitPolicy
}

/** The days of one fold. */
export interface FoldDays {
  /** 1-based, oldest block first */
  fold: number
  train: string[]
  validation: string[]
  test: string[]
}

/** Folds scored with one trained model: the first one's train and validation days train it. */
export interface FoldGroup {
  /** the fold whose days train the model */
  trainedOn: number
  folds: FoldDays[]
}

/** Folds per training: 1 for 'every', all of them for 'once'. */
export function refitEvery(refit: RefitPolicy, folds: number): number {
  if (refit === 'every') return 1
  if (refit === 'once') return folds
  return Math.max(1, Math.floor(refit))
}

/**
 * The folds over `keptDays` (any order; sorted and deduplicated here). Throws a clear error when the
 * days cannot hold K blocks plus at least one training and one validation day before the first.
 */
export function planFolds(keptDays: readonly string[], options: FoldOptions): FoldDays[] {
  const days = [...new Set(keptDays)].sort()
  const { folds: K, blockDays: B, gapDays: gap } = options
  const n = days.length
  const firstTest = n - K * B
  const before = firstTest - gap
  const needed = K * B + gap + 2
  if (before < 2)
    throw new AppError(
      'invalid-input',
      `${K} folds of ${B} day(s)${gap ? ` with a gap of ${gap}` : ''} need at least ${needed} kept days ` +
        `(2 to train and validate before the first block); this data has ${n}: use fewer folds or shorter blocks.`,
    )
  const windowDays = options.window === 'fixed' ? Math.min(before, options.trainDays ?? before) : Infinity
  if (windowDays < 2)
    throw new AppError(
      'invalid-input',
      'A fixed training window needs at least 2 days (1 to train, 1 to validate).',
    )
  const plan: FoldDays[] = []
  for (let k = 1; k <= K; k++) {
    const testStart = firstTest + (k - 1) * B
    const end = testStart - gap // exclusive: the last day that may train or validate is end − 1
    const from = Number.isFinite(windowDays) ? Math.max(0, end - windowDays) : 0
    const available = end - from
    const validation = Math.min(
      available - 1,
      Math.max(1, options.validationDays ?? Math.round(available * options.validationShare)),
    )
    plan.push({
      fold: k,
      train: days.slice(from, end - validation),
      validation: days.slice(end - validation, end),
      test: days.slice(testStart, testStart + B),
    })
  }
  return plan
}

/** The folds grouped by the training that serves them (see refitEvery). */
export function groupFolds(plan: FoldDays[], refit: RefitPolicy): FoldGroup[] {
  const every = refitEvery(refit, plan.length)
  const groups: FoldGroup[] = []
  for (let i = 0; i < plan.length; i += every) {
    const folds = plan.slice(i, i + every)
    groups.push({ trainedOn: folds[0].fold, folds })
  }
  return groups
}
