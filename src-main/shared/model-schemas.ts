/**
 * The model library's requests and responses (issue 6), used by the contract's `model:*` calls,
 * the CLI and the Models area. Instants cross the boundary as ISO-8601 UTC strings or epoch ms.
 */
import { z } from 'zod'
import { MAX_FORECAST_STEPS } from './channels'
import { HistoryPoint, HourError, ScoredForecast } from './training-outcome'

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
  seqLen: z.number().int(),
  predSize: z.number().int(),
  stride: z.number().int(),
  hiddenSizes: z.array(z.number().int()),
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

export const ModelUpdateRequest = z
  .object({
    modelId: Id,
    name: z.string().trim().min(1).max(200).optional(),
    notes: z.string().max(20_000).optional(),
  })
  .strict()

export const ForecastRequest = z
  .object({
    modelId: Id,
    datasetId: Id,
    /** the first forecast instant, ISO-8601 with a zone (or epoch ms) */
    from: z.union([z.string().min(1).max(64), z.number()]),
    /** steps to forecast; default the model's predSize, longer is recursive */
    horizon: z.number().int().min(1).max(MAX_FORECAST_STEPS).optional(),
  })
  .strict()
export type ForecastRequest = z.input<typeof ForecastRequest>

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

export const ModelRef = z.object({ modelId: Id }).strict()
export const CompareRequest = z.object({ modelIds: z.array(Id).min(2).max(8) }).strict()
