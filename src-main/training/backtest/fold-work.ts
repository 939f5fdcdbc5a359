/**
 * A backtest's unit of work, as plain data so it can cross to a worker thread or process: the cut data
 * in (series, days, parameters, seed), the fold results out. `runFold` (run-fold.ts) turns one into the
 * other and depends on nothing else, so folds run in any order, anywhere, with the same results.
 */
import type { BaselineName } from '../baselines'
import type { IntervalMethod } from '../intervals/conformal'
import type { ModelParams } from '../pipeline'
import type { ScoredForecast } from '../../shared/training-outcome'
import type { FoldDays } from './folds'

/** One home's cleaned series on its grid (a total is a home here; a global model has several). */
export interface FoldSeries {
  datasetId: number
  home: string
  /** UTC epoch ms of slot 0 */
  start: number
  intervalMs: number
  /** Float64Array [T] watts, NaN = missing */
  values: Float64Array
  /** the series' own usable kept days (a fold's common dates are intersected with them) */
  days: string[]
}

export interface FoldWorkItem {
  /** the fold whose train and validation days train the model */
  trainedOn: number
  /** the folds scored with that model (several when refitting every N folds) */
  folds: FoldDays[]
  series: FoldSeries[]
  zone: string
  /** the run's parameters; `seed` fixes the initial weights and the shuffles */
  params: ModelParams
  levels: number[]
  intervalMethod: IntervalMethod
  /** warm start: the previous training's weights (null = fresh weights from the seed) */
  initialWeights: Float64Array | null
  /** hand the trained weights back (for the next warm start) */
  returnWeights: boolean
}

/** What a fold's training reports while it runs. */
export interface FoldProgress {
  trainedOn: number
  epoch: number
  epochs: number
  batch: number
  batches: number
  trainLoss: number | null
  valLoss: number | null
}

/** The verdict of one fold (JSON: stored, printed, sent to the app). */
export interface FoldResult {
  fold: number
  /** the fold whose days trained the model scored here */
  trainedOn: number
  trainStart: string
  trainEnd: string
  validationStart: string
  validationEnd: string
  testStart: string
  testEnd: string
  days: { train: number; validation: number; test: number }
  epochsRun: number
  bestEpoch: number
  stopReason: string
  trainSeconds: number
  /** the scratch engine's precision and the threads the fold's training ran on (absent for TF.js) */
  precision?: 'float32' | 'float64'
  threads?: number
  /** the model and the baselines on the block (pooled over the homes of a global model), with bands */
  test: ScoredForecast
  longHorizon: ScoredForecast | null
  /** a global model: each home's verdict on the block */
  homes?: { datasetId: number; home: string; test: ScoredForecast }[]
  warnings: string[]
  notes: string[]
}

/**
 * The per-window figures of one fold, for the Diebold–Mariano test over all folds and the
 * fold-by-fold predictions shown on demand (stored as a blob beside the fold's result).
 */
export interface FoldWindows {
  fold: number
  horizon: number
  /** grid step of the series, ms */
  intervalMs: number
  levels: number[]
  /** the best baseline of the fold (the one its bands and predictions are shown against) */
  bestBaseline: BaselineName | null
  /** Uint16Array [m] index into `homes` of each window */
  home: Uint16Array
  homes: { datasetId: number; home: string }[]
  /** Float64Array [m] epoch ms of each window's first forecast slot */
  origin: Float64Array
  /** Float64Array [m] mean |error| over the window's steps, watts */
  modelLoss: Float64Array
  baselineLoss: Partial<Record<BaselineName, Float64Array>>
  /** Float64Array [m, horizon] watts */
  actual: Float64Array
  predicted: Float64Array
  baseline: Float64Array | null
  /** per level: Float64Array [m, horizon] watts */
  lower: Float64Array[]
  upper: Float64Array[]
}

export interface FoldOutcome {
  result: FoldResult
  windows: FoldWindows
}

/** What one work item gives: one outcome per fold it scores, and the weights when asked. */
export interface FoldItemOutcome {
  outcomes: FoldOutcome[]
  weights: Float64Array | null
}
