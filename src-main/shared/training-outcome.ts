/**
 * The verdict of a training run, as the CLI prints it and the Training area shows it, and what a
 * train job reports while it runs. Schemas so the contract (job results, run details, model
 * comparisons) describes them exactly; the renderer imports only their types.
 */
import { z } from 'zod'

/** Why a run's training ended; 'diverged' only for a failed run (its loss became NaN or exploded). */
export type RunStopReason = 'completed' | 'early-stopping' | 'cancelled' | 'diverged'

export const MetricsSummary = z.object({
  mae: z.number(),
  rmse: z.number(),
  mape: z.number().nullable(),
  smape: z.number().nullable(),
  r2: z.number().nullable(),
  n: z.number(),
  mapeSkipped: z.number(),
  /** mean of (forecast − actual), watts (absent in verdicts saved before it was recorded) */
  bias: z.number().optional(),
})
export type MetricsSummary = z.infer<typeof MetricsSummary>

/** A conformal band's figures at one level (training/intervals/interval-score.ts). */
export const IntervalScore = z.object({
  /** nominal level, e.g. 0.8 */
  level: z.number(),
  /** share of the actual values inside the band */
  coverage: z.number(),
  /** mean width, watts */
  meanWidth: z.number(),
  /** mean interval (Winkler) score, watts: lower is better */
  winkler: z.number(),
  n: z.number(),
})
export type IntervalScore = z.infer<typeof IntervalScore>

export const ScoredForecast = z.object({
  horizon: z.number(),
  windows: z.object({ total: z.number(), evaluated: z.number(), excluded: z.number() }),
  notes: z.array(z.string()),
  model: MetricsSummary,
  modelPerStep: z.array(MetricsSummary),
  persistence: MetricsSummary.optional(),
  sameTimeYesterday: MetricsSummary.optional(),
  sameTimeLastWeek: MetricsSummary.optional(),
  /** per-step MAE of each baseline, for the error-by-step chart */
  baselinePerStepMae: z.record(z.string(), z.array(z.number())),
  skill: z.number().nullable(),
  bestBaseline: z.string().nullable(),
  /** the model's conformal bands, one entry per level (absent before intervals existed, or without validation days) */
  intervals: z.array(IntervalScore).optional(),
  /** the same for a conformal band around the best baseline */
  baselineIntervals: z.array(IntervalScore).optional(),
})
export type ScoredForecast = z.infer<typeof ScoredForecast>

/** One point of the loss curves (losses in scaled units, as the model sees them). */
export const HistoryPoint = z.object({
  epoch: z.number(),
  trainLoss: z.number(),
  valLoss: z.number().nullable(),
  /** validation loss per output step */
  valPerStep: z.array(z.number()).nullable(),
  learningRate: z.number(),
  seconds: z.number(),
})
export type HistoryPoint = z.infer<typeof HistoryPoint>

/** A band of forecasts at one level: lower and upper bounds, watts, aligned with the forecasts. */
export const Band = z.object({ level: z.number(), lower: z.array(z.number()), upper: z.array(z.number()) })

/** MAE by local hour of day over the test windows (model, best baseline) */
export const HourError = z.object({
  hour: z.number(),
  model: z.number().nullable(),
  baseline: z.number().nullable(),
})

/** One member home's verdict under a global model. */
export const HomeOutcome = z.object({ datasetId: z.number(), home: z.string(), test: ScoredForecast })
export type HomeOutcome = z.infer<typeof HomeOutcome>

/** The community total forecast as the sum of the per-home forecasts (global models). */
export const TotalOutcome = z.object({
  test: ScoredForecast,
  /** mean of (forecast − actual), watts */
  bias: z.number(),
  homes: z.array(
    z.object({
      datasetId: z.number(),
      home: z.string(),
      included: z.boolean(),
      signFlipped: z.boolean(),
      reason: z.string().nullable(),
    }),
  ),
})
export type TotalOutcome = z.infer<typeof TotalOutcome>

/** The saved model a fine-tuning run started from. */
export const InitFrom = z.object({
  modelId: z.number(),
  name: z.string(),
  kind: z.enum(['home', 'global']),
  home: z.string(),
})

export const TrainingOutcome = z.object({
  runId: z.number(),
  modelId: z.number().nullable(),
  status: z.enum(['done', 'cancelled']),
  stopReason: z.enum(['completed', 'early-stopping', 'cancelled']),
  /**
   * plain cautions about the run: "The training loss diverged: …" when it rose far above where it
   * started (a run whose loss became NaN fails instead, with stopReason 'diverged' in its run);
   * absent in runs saved before this field existed
   */
  warnings: z.array(z.string()).optional(),
  engine: z.string(),
  /** the scratch engine's precision and the threads the training ran on (absent for TF.js) */
  precision: z.enum(['float32', 'float64']).optional(),
  threads: z.number().optional(),
  /** 'home' (one dataset, the default when absent) or 'global' (several homes) */
  kind: z.enum(['home', 'global']).optional(),
  /** null for a global model */
  datasetId: z.number().nullable(),
  home: z.string(),
  intervalSeconds: z.number(),
  epochsRun: z.number(),
  bestEpoch: z.number(),
  trainSeconds: z.number(),
  trainWindows: z.number(),
  validationWindows: z.number(),
  testWindows: z.number(),
  history: z.array(HistoryPoint),
  test: ScoredForecast,
  longHorizon: ScoredForecast.nullable(),
  /** step-1 predictions against actuals over the test windows (watts, epoch ms) */
  testSeries: z.object({
    t: z.array(z.number()),
    actual: z.array(z.number()),
    predicted: z.array(z.number()),
    /** the step-1 bands per level (the fan chart), when the model has intervals */
    bands: z.array(Band).optional(),
  }),
  errorByHour: z.array(HourError),
  /** global models: each member home's verdict, the homes won, the mean skill, and the summed total */
  homes: z.array(HomeOutcome).optional(),
  wins: z.number().optional(),
  scoredHomes: z.number().optional(),
  skillMean: z.number().nullable().optional(),
  total: TotalOutcome.nullable().optional(),
  communityId: z.number().optional(),
  /** fine-tuning: the saved model whose weights the run started from */
  initFrom: InitFrom.optional(),
})
export type TrainingOutcome = z.infer<typeof TrainingOutcome>

/** A run cancelled before its first epoch ended: no model, no verdict. */
export const TrainingCancelledEarly = z.object({ runId: z.number(), modelId: z.null() })

/** What the training loop reports, throttled by the worker. */
export const TrainingProgress = z.object({
  phase: z.enum(['preparing', 'training', 'evaluating', 'saving']),
  epoch: z.number(),
  epochs: z.number(),
  batch: z.number(),
  batches: z.number(),
  trainLoss: z.number().nullable(),
  valLoss: z.number().nullable(),
  valPerStep: z.array(z.number()).nullable(),
  samplesPerSecond: z.number(),
  elapsedSeconds: z.number(),
  etaSeconds: z.number().nullable(),
  history: z.array(HistoryPoint),
})
export type TrainingProgress = z.infer<typeof TrainingProgress>

/** A train job's progress: the loop's figures, or only the phase it is in (before and after the loop). */
export const TrainingJobProgress = z.union([
  TrainingProgress,
  z.object({ phase: z.enum(['preparing', 'evaluating', 'saving']) }),
])
export type TrainingJobProgress = z.infer<typeof TrainingJobProgress>
