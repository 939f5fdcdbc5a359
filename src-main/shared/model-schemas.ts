/**
 * The model library's requests and responses (issue 6), used by the contract's `model:*` calls,
 * the CLI and the Models area. Instants cross the boundary as ISO-8601 UTC strings or epoch ms.
 */
import { z } from 'zod'
import { MAX_FORECAST_STEPS } from './channels'
import {
  Band,
  HistoryPoint,
  HomeOutcome,
  HourError,
  InitFrom,
  ScoredForecast,
  TotalOutcome,
} from './training-outcome'
import { GlobalTrainingParams, TrainingParams } from './training-params'
import { BacktestSummary } from './backtest-schemas'

const Id = z.number().int().positive()

// The limit lives in the zod-free channels.ts, which the renderer may import.
export { MAX_FORECAST_STEPS }

/** One row of the Models table (and of `models --json`). */
export const ModelSummary = z.object({
  modelId: z.number().int(),
  runId: z.number().int().nullable(),
  /** the dataset of this library it was trained on (null for an imported model whose data is not here) */
  datasetId: z.number().int().nullable(),
  name: z.string(),
  notes: z.string(),
  home: z.string(),
  engine: z.enum(['scratch', 'tfjs']),
  /** engine and version as recorded (e.g. scratch, tfjs-wasm) */
  engineLabel: z.string(),
  resolution: z.string(),
  /** seconds between the grid slots the model reads and predicts */
  intervalSeconds: z.number(),
  /** the power column it forecasts */
  column: z.string(),
  seqLen: z.number().int(),
  predSize: z.number().int(),
  stride: z.number().int(),
  hiddenSizes: z.array(z.number().int()),
  /** 'global' for a model of several homes */
  kind: z.enum(['home', 'global']),
  /** training loss, learning rate and batch size as requested (null: not recorded by the app that saved it) */
  loss: z.string().nullable(),
  learningRate: z.number().nullable(),
  batchSize: z.number().int().nullable(),
  /** 1 − MAE(model) / MAE(best baseline) on the test days */
  skill: z.number().nullable(),
  /** test-day figures in watts */
  mae: z.number().nullable(),
  rmse: z.number().nullable(),
  epochs: z.number().int(),
  trainSeconds: z.number().nullable(),
  createdAt: z.string(),
  importedFrom: z.string().nullable(),
  /** training can resume from saved optimizer moments (the scratch engine saves them, TF.js does not) */
  optimizerStateSaved: z.boolean(),
})
export type ModelSummary = z.infer<typeof ModelSummary>

/** A model's name and notes: the same bounds for a rename and for an imported `.vfmodel` file. */
export const MODEL_NAME_MAX = 200
export const MODEL_NOTES_MAX = 20_000
export const ModelName = z.string().trim().min(1).max(MODEL_NAME_MAX)
export const ModelNotes = z.string().max(MODEL_NOTES_MAX)

export const ModelUpdateRequest = z
  .object({ modelId: Id, name: ModelName.optional(), notes: ModelNotes.optional() })
  .strict()

/**
 * Instants a request may name (epoch ms): smart-meter data exists from 2000 on, and 2100 is far
 * beyond any forecast; outside this window an instant is a typo (or -1e20) and not worth a query.
 */
export const EARLIEST_INSTANT_MS = Date.UTC(2000, 0, 1)
export const LATEST_INSTANT_MS = Date.UTC(2100, 0, 1)
const instantWindow = 'an instant between 2000-01-01 and 2100-01-01'
export const EpochMs = z
  .number({ error: `must be ${instantWindow} (epoch ms)` })
  .min(EARLIEST_INSTANT_MS, `must be ${instantWindow}`)
  .max(LATEST_INSTANT_MS, `must be ${instantWindow}`)

export const ForecastRequest = z
  .object({
    modelId: Id,
    datasetId: Id,
    /** the first forecast instant, ISO-8601 with a zone (or epoch ms) */
    from: z.union([z.string().min(1).max(64), EpochMs], {
      error: `must be an ISO-8601 instant with a zone or ${instantWindow} in epoch ms`,
    }),
    /** steps to forecast; default the model's predSize, longer is recursive */
    horizon: z.number().int().min(1).max(MAX_FORECAST_STEPS).optional(),
  })
  .strict()
export type ForecastRequest = z.input<typeof ForecastRequest>

export const ForecastStartsRequest = z
  .object({
    modelId: Id,
    datasetId: Id,
    /** steps the forecast will run (default the model's predSize), for `lastFullyObserved` */
    horizon: z.number().int().min(1).max(MAX_FORECAST_STEPS).optional(),
  })
  .strict()

/** `model:forecastStarts`: where a forecast may start. Instants are epoch ms, on the model's grid. */
export const ForecastStarts = z.object({
  modelId: z.number().int(),
  datasetId: z.number().int(),
  /** the dataset's IANA zone, in which the panel shows the start */
  zone: z.string(),
  /** grid step in seconds */
  step: z.number(),
  seqLen: z.number().int(),
  horizon: z.number().int(),
  /** valid starts: every grid instant from `from` to `to` (inclusive), the input window all known */
  ranges: z.array(z.object({ from: z.number(), to: z.number() })),
  /** the latest valid start (null: none) */
  last: z.number().nullable(),
  /** the latest valid start whose next `horizon` slots all have actual values (null: none) */
  lastFullyObserved: z.number().nullable(),
})
export type ForecastStarts = z.infer<typeof ForecastStarts>

/** Error figures in watts (MAPE, sMAPE in percent); null when nothing could be scored. */
export const ForecastMetrics = z.object({
  mae: z.number().nullable(),
  rmse: z.number().nullable(),
  mape: z.number().nullable(),
  smape: z.number().nullable(),
  r2: z.number().nullable(),
  n: z.number().int(),
})
export type ForecastMetrics = z.infer<typeof ForecastMetrics>

/** The model's figures with the baselines' on the same slots. */
const ScoredSlots = ForecastMetrics.extend({
  /** the baselines' figures on the slots where every baseline is known (null when none) */
  baselines: z.record(z.string(), ForecastMetrics.nullable()),
  /** 1 − MAE(model) / MAE(best baseline) on those slots */
  skill: z.number().nullable(),
  /** each baseline without figures here (absent, or null in `baselines`), with why */
  unscored: z.record(z.string(), z.string()),
})

/** `predict --json` and `model:forecast`: the forecast next to the actual values and the baselines. */
export const ForecastResult = z.object({
  modelId: z.number().int(),
  datasetId: z.number().int(),
  /** ISO UTC of the first forecast slot */
  from: z.string(),
  /** grid step in seconds */
  step: z.number(),
  /** the model's own horizon (predSize); steps beyond it are recursive */
  modelHorizon: z.number().int(),
  /** epoch ms of each forecast slot */
  t: z.array(z.number()),
  /** watts */
  predicted: z.array(z.number()),
  /** watts, null where the dataset has no reading */
  actual: z.array(z.number().nullable()),
  /** the naive forecasts of the same slots (watts, null where their history is missing) */
  baselines: z.record(z.string(), z.array(z.number().nullable())),
  metrics: ScoredSlots,
  /** the same figures over the first predSize slots only (one model call, no recursion) */
  modelHorizonMetrics: ScoredSlots,
  /** the input window: epoch ms and watts */
  input: z.object({ t: z.array(z.number()), values: z.array(z.number()) }),
  home: z.string(),
  /** plain-language cautions: other resolution, other household, other scale */
  warnings: z.array(z.string()),
  /** the levels of the conformal bands (absent for models saved before intervals existed) */
  levels: z.array(z.number()).optional(),
  /** per level (key "0.8" for 80 %): the bounds of each forecast step, watts */
  lower: z.record(z.string(), z.array(z.number())).optional(),
  upper: z.record(z.string(), z.array(z.number())).optional(),
})
export type ForecastResult = z.infer<typeof ForecastResult>

/** The part of a model the comparison view shows. */
export const ComparedModel = z.object({
  summary: ModelSummary,
  history: z.array(HistoryPoint),
  /** the verdict on the test days */
  test: ScoredForecast,
  errorByHour: z.array(HourError),
  /** the dataset it was trained on, as recorded in its manifest */
  sourceDatasetId: z.number().int().nullable(),
  testDays: z.array(z.string()),
  /** the model's latest backtest with folds done (its recipe over K test blocks), to compare by backtest */
  backtest: z
    .object({ backtestId: z.number(), name: z.string(), status: z.string(), summary: BacktestSummary })
    .nullable()
    .optional(),
})

export const Comparison = z.object({
  models: z.array(ComparedModel),
  /** settings that differ: one value per model, as text */
  configDiff: z.array(z.object({ setting: z.string(), values: z.array(z.string()) })),
  sameDataset: z.boolean(),
  sameResolution: z.boolean(),
  sameHorizon: z.boolean(),
  /** plain explanations of what cannot be compared */
  notComparable: z.array(z.string()),
  /** next-step prediction vs actual on the test slots every model was scored on (same dataset only) */
  common: z
    .object({ t: z.array(z.number()), actual: z.array(z.number()), predicted: z.array(z.array(z.number())) })
    .nullable(),
})
export type Comparison = z.infer<typeof Comparison>

const Series = z.object({
  t: z.array(z.number()),
  actual: z.array(z.number()),
  predicted: z.array(z.number()),
  bands: z.array(Band).optional(),
})

/** Conformal quantiles per level and step (training/intervals/conformal.ts), in model units. */
const IntervalCalibration = z.object({
  method: z.enum(['step', 'step-hour']),
  levels: z.array(z.number()),
  steps: z.number(),
  windows: z.number(),
  lower: z.array(z.array(z.number())),
  upper: z.array(z.array(z.number())),
  hourScale: z.array(z.number()).nullable(),
})

/** A model's bands: its own horizon and the recursive long one, calibrated on the validation days. */
export const ModelIntervals = z.object({
  method: z.enum(['step', 'step-hour']),
  levels: z.array(z.number()),
  horizon: IntervalCalibration.nullable(),
  long: IntervalCalibration.nullable(),
})

/**
 * `model:get` and `model <id> --json`: the model's manifest (models/manifest.ts; everything a
 * `.vfmodel` bundle carries but the weights) with the library's own fields and a description of
 * the weight bytes. Fields marked optional are missing from models saved by older versions.
 */
const Scaler = z.object({
  method: z.enum(['minmax', 'standard', 'robust']),
  center: z.number(),
  scale: z.number(),
})

/** What a global model's manifest records about its homes (training/global/global-train-job.ts). */
export const GlobalManifest = z.object({
  community: z.object({ communityId: z.number(), name: z.string() }).nullable(),
  homes: z.array(
    z.object({
      datasetId: z.number(),
      home: z.string(),
      scaler: Scaler,
      recipe: z.record(z.string(), z.union([z.number(), z.boolean(), z.null()])),
      keptDays: z.number(),
      split: z.object({ train: z.number(), validation: z.number(), test: z.number() }),
      files: z.array(z.object({ name: z.string(), sha256: z.string(), bytes: z.number(), rows: z.number() })),
    }),
  ),
  skipped: z.array(z.object({ datasetId: z.number(), home: z.string(), reason: z.string() })),
  dates: z.object({ train: z.array(z.string()), validation: z.array(z.string()), test: z.array(z.string()) }),
})

export const ModelDescription = z.object({
  modelId: z.number().int(),
  name: z.string(),
  notes: z.string(),
  runId: z.number().int().nullable(),
  datasetId: z.number().int().nullable(),
  importedFrom: z.string().nullable(),
  importedAt: z.string().nullable(),
  format: z.literal('voisin-forecast-model'),
  formatVersion: z.number(),
  appVersion: z.string(),
  engine: z.enum(['scratch', 'tfjs']),
  engineLabel: z.string(),
  engineVersion: z.string().optional(),
  /** the scratch engine's precision and the threads it trained on (absent for TF.js and older models) */
  precision: z.enum(['float32', 'float64']).optional(),
  threads: z.number().optional(),
  createdAt: z.string(),
  user: z.string().optional(),
  /** a home model's request, or a global model's (the homes' dataset ids instead of one) */
  params: z.union([TrainingParams, GlobalTrainingParams]),
  /** 'global' for a model trained on several homes (absent: a home model) */
  kind: z.enum(['home', 'global']).optional(),
  config: z.object({
    inputSize: z.number(),
    seqLen: z.number(),
    predSize: z.number(),
    hiddenSizes: z.array(z.number()),
    head: z.enum(['dense', 'none']),
    dropout: z.number(),
    recurrentInit: z.enum(['glorot', 'orthogonal']),
    unitForgetBias: z.boolean(),
    seed: z.number(),
  }),
  /** watts → model units, fitted on the training days */
  scaler: z.object({
    method: z.enum(['minmax', 'standard', 'robust']),
    center: z.number(),
    scale: z.number(),
  }),
  features: z.object({ calendar: z.boolean(), level: z.enum(['none', 'last', 'mean']), zone: z.string() }),
  window: z.object({ seqLen: z.number(), predSize: z.number(), stride: z.number() }),
  resolution: z.string(),
  intervalSeconds: z.number(),
  sourceIntervalSeconds: z.number().optional(),
  column: z.string(),
  dataset: z.object({
    /** null for a global model (its homes are in `global`) */
    id: z.number().nullable(),
    home: z.string(),
    zone: z.string(),
    /** the cleaning recipe the training data was cleaned with (null for a global model: one per home) */
    recipe: z.record(z.string(), z.union([z.number(), z.boolean(), z.null()])).nullable(),
    keptDays: z.array(z.string()),
    removedDays: z.array(z.string()),
    files: z
      .array(z.object({ name: z.string(), sha256: z.string(), bytes: z.number(), rows: z.number() }))
      .optional(),
  }),
  split: z.object({ train: z.array(z.string()), validation: z.array(z.string()), test: z.array(z.string()) }),
  seed: z.number(),
  history: z.array(HistoryPoint),
  stopReason: z.string(),
  bestEpoch: z.number(),
  trainSeconds: z.number(),
  test: ScoredForecast,
  longHorizon: ScoredForecast.nullable(),
  trainingStats: z.object({ mean: z.number(), std: z.number(), n: z.number() }).optional(),
  testSeries: Series.optional(),
  errorByHour: z.array(HourError).optional(),
  resumedFrom: z
    .object({ modelId: z.number(), epochsBefore: z.number(), optimizerStateRestored: z.boolean() })
    .optional(),
  initFrom: InitFrom.optional(),
  /** conformal bands calibrated on the validation days (absent in models saved before they existed) */
  intervals: ModelIntervals.optional(),
  /** a global model: the homes it was trained on (each with its scaler), the community, the common split dates */
  global: GlobalManifest.optional(),
  homes: z.array(HomeOutcome).optional(),
  wins: z.number().optional(),
  skillMean: z.number().nullable().optional(),
  total: TotalOutcome.nullable().optional(),
  weights: z.object({
    bytes: z.number(),
    sha256: z.string(),
    engineFormatVersion: z.number(),
    /** the numbers the weights file holds (format 1: float64, format 2: float32) */
    precision: z.enum(['float32', 'float64']),
    parameters: z.number(),
    optimizerState: z.union([
      z.object({
        saved: z.literal(true),
        step: z.number(),
        config: z.union([
          z.object({
            kind: z.literal('adam'),
            lr: z.number(),
            beta1: z.number(),
            beta2: z.number(),
            epsilon: z.number(),
          }),
          z.object({ kind: z.literal('sgd'), lr: z.number(), momentum: z.number() }),
        ]),
      }),
      z.object({ saved: z.literal(false), why: z.string() }),
    ]),
  }),
})
export type ModelDescription = z.infer<typeof ModelDescription>

export const ModelRef = z.object({ modelId: Id }).strict()
export const CompareRequest = z.object({ modelIds: z.array(Id).min(2).max(8) }).strict()

// ---- what a `.vfmodel` file may hold (checked on import, before the library is touched) ----

const text = (max: number) => z.string({ error: 'is not text' }).max(max, `is longer than ${max} characters`)
const Day = z.string({ error: 'is not a day' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'is not a YYYY-MM-DD day')
const Days = z.array(Day).max(100_000, 'lists more than 100000 days')
const Count = z.number({ error: 'is not a number' }).int('is not a whole number').min(0, 'is negative')

/**
 * Bounds on the manifest of an imported model: every field this app reads or prints, with the
 * lengths the app itself would write (a home id of a few characters, a day per kept day...).
 * Loose: fields a newer app adds pass through; the structure the weights need is checked by
 * models/bundle.ts against the network itself.
 */
export const ImportedManifest = z.looseObject({
  format: z.literal('voisin-forecast-model'),
  formatVersion: Count.max(1000),
  appVersion: text(50),
  engine: z.enum(['scratch', 'tfjs']),
  engineLabel: text(100),
  engineVersion: text(200).optional(),
  precision: z.enum(['float32', 'float64']).optional(),
  threads: Count.max(1024).optional(),
  createdAt: text(40),
  user: text(200).optional(),
  resolution: text(20),
  intervalSeconds: z
    .number()
    .positive()
    .max(7 * 86_400, 'is longer than a week'),
  sourceIntervalSeconds: z
    .number()
    .positive()
    .max(7 * 86_400, 'is longer than a week')
    .optional(),
  column: z.enum(['p_cons', 'p_prod', 'p_tot']),
  params: z.looseObject({ name: text(MODEL_NAME_MAX).optional() }),
  dataset: z.looseObject({
    id: Count.nullable(),
    home: text(100),
    zone: text(100),
    keptDays: Days,
    removedDays: Days,
    files: z
      .array(
        z.looseObject({
          name: text(1000),
          sha256: z.string().regex(/^[0-9a-f]{64}$/, 'is not a SHA-256'),
          bytes: Count,
          rows: Count,
        }),
      )
      .max(100_000, 'lists more than 100000 files')
      .optional(),
  }),
  split: z.looseObject({ train: Days, validation: Days, test: Days }),
  seed: Count,
  history: z.array(z.looseObject({ epoch: Count })).max(1_000_000, 'has more than 1000000 epochs'),
  stopReason: text(50),
  bestEpoch: Count,
})

/** No text anywhere in an imported manifest is longer than this (the longest the app writes is a note). */
export const MANIFEST_TEXT_MAX = MODEL_NOTES_MAX

/** A saved model scored on any dataset, nothing trained (`evaluate <modelId> --dataset <id>`). */
export const EvaluateModelRequest = z
  .object({ modelId: Id, datasetId: Id, minCompleteness: z.number().min(0).max(1).optional() })
  .strict()

export const ModelEvaluation = z.object({
  modelId: z.number().int(),
  datasetId: z.number().int(),
  home: z.string(),
  /** 'own-split' on data the model trained on (its own split and scaling), 'zero-shot' elsewhere */
  mode: z.enum(['own-split', 'zero-shot']),
  test: ScoredForecast,
  windows: z.number().int(),
  days: z.object({ train: z.number().int(), validation: z.number().int(), test: z.number().int() }),
  scaler: z.object({
    method: z.enum(['minmax', 'standard', 'robust']),
    center: z.number(),
    scale: z.number(),
  }),
})
export type ModelEvaluation = z.infer<typeof ModelEvaluation>
