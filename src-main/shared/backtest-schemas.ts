/**
 * Walk-forward backtests (issue 13): the request of `backtest:start` and the CLI `backtest`, what a
 * backtest reports while it runs, its folds and its summary. The renderer imports only the types.
 */
import { z } from 'zod'
import { IntervalScore, ScoredForecast } from './training-outcome'
import { GlobalTrainingParams, TrainingParams } from './training-params'

const Id = z.number().int().positive()
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)

/** How the folds are cut and run (training/backtest/folds.ts). Counts are in kept days. */
export const BacktestOptions = z
  .object({
    folds: z.number().int().min(1, 'at least 1 fold').max(52, 'at most 52 folds').default(5),
    blockDays: z.number().int().min(1).max(366).default(7),
    gapDays: z.number().int().min(0).max(366).default(0),
    window: z.enum(['expanding', 'fixed']).default('expanding'),
    /** fixed window: kept days of training + validation (default: what the first fold has) */
    trainDays: z.number().int().min(2).max(100_000).optional(),
    /** kept days that validate (default: the run's validation share of the days before the block) */
    validationDays: z.number().int().min(1).max(100_000).optional(),
    /** 'every' fold, 'once' (the first fold's model scores every block), or every N folds */
    refit: z.union([z.enum(['every', 'once']), z.number().int().min(1).max(52)]).default('every'),
    /** start each training from the weights of the previous one (the folds then run one after the other) */
    warmStart: z.boolean().default(false),
    levels: z
      .array(z.number().gt(0, 'a level is above 0').lt(1, 'a level is below 1'))
      .min(1)
      .max(10)
      .default([0.5, 0.8, 0.95]),
    intervalMethod: z.enum(['step', 'step-hour']).optional(),
    /** folds run at once (worker threads); default: the machine's cores */
    threads: z.number().int().min(1).max(256).optional(),
  })
  .strict()
export type BacktestOptionsInput = z.input<typeof BacktestOptions>

/** What to backtest: a saved model's recipe, a home run's parameters, or a global run's. Exactly one. */
export const BacktestRequest = z
  .object({
    modelId: Id.optional(),
    /** with modelId: the dataset to backtest the home model's recipe on (default: the one it trained on) */
    datasetId: Id.optional(),
    training: TrainingParams.optional(),
    global: GlobalTrainingParams.optional(),
    options: BacktestOptions.default(BacktestOptions.parse({})),
    name: z.string().trim().max(200).optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const given = [r.modelId, r.training, r.global].filter((v) => v !== undefined).length
    if (given !== 1)
      ctx.addIssue({ code: 'custom', message: 'give exactly one of modelId, training or global' })
    if (r.datasetId !== undefined && r.modelId === undefined)
      ctx.addIssue({ code: 'custom', path: ['datasetId'], message: 'datasetId goes with modelId' })
  })
export type BacktestRequest = z.input<typeof BacktestRequest>

export const FoldResult = z.object({
  fold: z.number(),
  trainedOn: z.number(),
  trainStart: Day,
  trainEnd: Day,
  validationStart: Day,
  validationEnd: Day,
  testStart: Day,
  testEnd: Day,
  days: z.object({ train: z.number(), validation: z.number(), test: z.number() }),
  epochsRun: z.number(),
  bestEpoch: z.number(),
  stopReason: z.string(),
  trainSeconds: z.number(),
  /** the scratch engine's precision and the threads the fold's training ran on (absent for TF.js) */
  precision: z.enum(['float32', 'float64']).optional(),
  threads: z.number().optional(),
  test: ScoredForecast,
  longHorizon: ScoredForecast.nullable(),
  homes: z.array(z.object({ datasetId: z.number(), home: z.string(), test: ScoredForecast })).optional(),
  warnings: z.array(z.string()),
  notes: z.array(z.string()),
})
export type FoldResult = z.infer<typeof FoldResult>

export const BacktestSummary = z.object({
  folds: z.number(),
  skills: z.array(z.number().nullable()),
  skillMean: z.number().nullable(),
  skillStd: z.number().nullable(),
  wins: z.number(),
  dieboldMariano: z
    .object({
      statistic: z.number(),
      pValue: z.number(),
      against: z.string(),
      n: z.number(),
      horizon: z.number(),
      meanDifference: z.number(),
    })
    .nullable(),
  intervals: z.array(IntervalScore),
  baselineIntervals: z.array(IntervalScore),
})
export type BacktestSummary = z.infer<typeof BacktestSummary>

export const BacktestStatus = z.enum(['running', 'done', 'failed', 'cancelled', 'interrupted'])

/** One backtest as listed (per model, per dataset). */
export const BacktestListItem = z.object({
  backtestId: z.number(),
  modelId: z.number().nullable(),
  datasetId: z.number().nullable(),
  kind: z.enum(['home', 'global']),
  name: z.string(),
  status: BacktestStatus,
  message: z.string(),
  createdAt: z.string(),
  endedAt: z.string().nullable(),
  foldsPlanned: z.number(),
  foldsDone: z.number(),
  skillMean: z.number().nullable(),
  skillStd: z.number().nullable(),
  wins: z.number().nullable(),
  pValue: z.number().nullable(),
})
export type BacktestListItem = z.infer<typeof BacktestListItem>

/** A backtest in full: its recipe, options, folds and summary (over the folds done). */
export const BacktestDetail = BacktestListItem.extend({
  params: z.record(z.string(), z.unknown()),
  options: z.record(z.string(), z.unknown()),
  /** where the folds ran, and why not on threads when they could not */
  runner: z.string().nullable(),
  folds: z.array(FoldResult),
  summary: BacktestSummary.nullable(),
})
export type BacktestDetail = z.infer<typeof BacktestDetail>

/** One fold's forecasts at one step ahead, for its chart (fold-by-fold predictions on demand). */
export const FoldPredictionsRequest = z
  .object({
    backtestId: Id,
    fold: z.number().int().min(1).max(52),
    /** steps ahead (1 = the first forecast slot of each window) */
    step: z.number().int().min(1).max(1000).default(1),
    /** a global backtest: one home's windows (default: all, home by home) */
    datasetId: Id.optional(),
  })
  .strict()

export const FoldPredictions = z.object({
  backtestId: z.number(),
  fold: z.number(),
  step: z.number(),
  /** epoch ms of each forecast slot */
  t: z.array(z.number()),
  /** dataset of each value (a global backtest has several homes) */
  datasetId: z.array(z.number()),
  actual: z.array(z.number()),
  predicted: z.array(z.number()),
  /** the fold's best baseline's forecasts of the same slots */
  baselineName: z.string().nullable(),
  baseline: z.array(z.number()).nullable(),
  bands: z.array(z.object({ level: z.number(), lower: z.array(z.number()), upper: z.array(z.number()) })),
})
export type FoldPredictions = z.infer<typeof FoldPredictions>

/** What a backtest job reports while it runs: folds done, the trainings in flight, the ETA. */
export const BacktestProgress = z.object({
  phase: z.enum(['preparing', 'training', 'summarising']),
  foldsDone: z.number(),
  folds: z.number(),
  /** trainings in flight: the fold whose days train, epoch and batch */
  running: z.array(
    z.object({
      trainedOn: z.number(),
      epoch: z.number(),
      epochs: z.number(),
      batch: z.number(),
      batches: z.number(),
      trainLoss: z.number().nullable(),
      valLoss: z.number().nullable(),
    }),
  ),
  runner: z.string().nullable(),
  elapsedSeconds: z.number(),
  etaSeconds: z.number().nullable(),
})
export type BacktestProgress = z.infer<typeof BacktestProgress>
