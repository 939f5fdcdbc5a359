/**
 * Scores a saved model (home, global or community-total) on any dataset, nothing trained: the dataset's
 * kept days are split as a home model's would be, the scaling is fitted on its own training days, and
 * the model is judged on its test days against its three baselines, exactly as at the end of training.
 * This is the zero-shot verdict for a home the model has never seen.
 *
 * On data the model was trained on, the model's own split and scaling are used instead, so no test
 * window is a day the model trained on: a home model on its dataset, a global model on a member home
 * (its common split dates and that home's scaler).
 */
import { loadCleanSeries, type PowerColumn } from '../data/cleaning/clean-series'
import { loadDatasetRow } from '../data/store/stored-readings'
import type { Queryable } from '../db/library'
import { AppError } from '../shared/result'
import type { ScoredForecast } from '../shared/training-outcome'
import type { SeriesGrid } from '../training/grid'
import { loadModel } from '../training/model-factory'
import { toScoredForecast } from '../training/outcome'
import {
  calibrateOnWindows,
  evaluateWithIntervals,
  forecastSeries,
} from '../training/intervals/windows-with-intervals'
import type { ModelIntervals } from '../training/pipeline'
import { splitSeries } from '../training/prepare'
import { fitScaler, type Scaler } from '../training/scaling'
import { labelSlots, SPLIT_CODES, type DaySplit } from '../training/split'
import { windowStarts } from '../training/windows'
import type { ModelManifest } from './manifest'
import { getModelRow, parseManifest } from './model-store'

export interface ModelEvaluation {
  modelId: number
  datasetId: number
  home: string
  /** 'own-split' on the model's own training data, 'zero-shot' elsewhere */
  mode: 'own-split' | 'zero-shot'
  test: ScoredForecast
  /** test windows scored, and the days of each part of the split */
  windows: number
  days: { train: number; validation: number; test: number }
  scaler: Scaler
}

interface GlobalPart {
  homes: { datasetId: number; scaler: Scaler }[]
  dates: DaySplit
}

/** How the dataset is split and scaled for this model (see the header). */
function ownSplit(
  manifest: ModelManifest & { global?: GlobalPart },
  modelDatasetId: number | null,
  datasetId: number,
): { days: DaySplit; scaler: Scaler } | null {
  const member = manifest.global?.homes.find((h) => h.datasetId === datasetId)
  if (member && manifest.global) return { days: manifest.global.dates, scaler: member.scaler }
  if (modelDatasetId === datasetId) return { days: manifest.split, scaler: manifest.scaler }
  return null
}

export async function evaluateSavedModel(
  q: Queryable,
  request: { modelId: number; datasetId: number; minCompleteness?: number },
): Promise<ModelEvaluation> {
  const row = await getModelRow(q, request.modelId, true)
  const manifest = parseManifest(row) as ModelManifest & { global?: GlobalPart }
  const dataset = await loadDatasetRow(q, request.datasetId)
  const step = manifest.intervalSeconds
  if (dataset.interval_seconds > step) {
    throw new AppError(
      'invalid-input',
      `Model ${request.modelId} reads one value every ${step} s but dataset ${request.datasetId} (${dataset.home}) ` +
        `has readings every ${dataset.interval_seconds} s: it cannot be evaluated there.`,
    )
  }
  const params = manifest.params
  const series = await loadCleanSeries(q, request.datasetId, manifest.column as PowerColumn, {
    ...(request.minCompleteness !== undefined
      ? { minCompleteness: request.minCompleteness }
      : params.minCompleteness !== undefined && { minCompleteness: params.minCompleteness }),
    ...(params.zeroRowsAsMissing !== undefined && { treatZeroRowsAsMissing: params.zeroRowsAsMissing }),
    resampleSeconds: step === dataset.interval_seconds ? null : step,
  })
  const grid: SeriesGrid = {
    start: series.start,
    intervalMs: series.intervalSeconds * 1000,
    values: series.values,
  }
  const own = ownSplit(manifest, row.dataset_id, request.datasetId)
  let labels: Int8Array
  let days: DaySplit
  let scaler: Scaler
  if (own) {
    // the model's own split, restricted to the days this dataset keeps now
    const kept = new Set(series.keptDays)
    days = {
      train: own.days.train.filter((d) => kept.has(d)),
      validation: own.days.validation.filter((d) => kept.has(d)),
      test: own.days.test.filter((d) => kept.has(d)),
    }
    labels = labelSlots(grid, days, series.zone)
    scaler = own.scaler
  } else {
    const split = splitSeries(series, grid, { datasetId: request.datasetId, split: params.split })
    labels = split.labels
    days = split.days
    scaler = fitScaler(grid.values, labels, SPLIT_CODES.train, params.scaling)
  }
  const { seqLen: T, predSize: P } = manifest.window
  const starts = windowStarts(grid.values, labels, 'test', { seqLen: T, predSize: P, stride: 1 })
  if (starts.length === 0)
    throw new AppError(
      'invalid-input',
      `Dataset ${request.datasetId} (${series.home}) has no test window of ${T + P} consecutive readings for model ${request.modelId}.`,
    )
  const model = await loadModel(new Uint8Array(row.weights!)).catch((error: Error) => {
    throw new AppError(
      'invalid-input',
      `Model ${request.modelId}'s weights cannot be loaded: ${error.message}`,
    )
  })
  try {
    const features = { ...manifest.features, zone: series.zone }
    const target = forecastSeries(grid, scaler, series.zone)
    // the model's stored bands (in model units, so in this home's watts through its scaler); the
    // baselines have none stored, so theirs are calibrated on this dataset's validation days
    const stored = (manifest as { intervals?: ModelIntervals }).intervals
    const calibrations = stored?.horizon
      ? {
          model: stored.horizon,
          baselines: calibrateOnWindows(
            model,
            [
              {
                series: target,
                starts: windowStarts(grid.values, labels, 'validation', {
                  seqLen: T,
                  predSize: P,
                  stride: 1,
                }),
              },
            ],
            features,
            T,
            P,
            stored.levels,
            stored.method,
          ).baselines,
        }
      : null
    const { report } = evaluateWithIntervals(model, target, features, starts, T, P, calibrations)
    const test = toScoredForecast(report)
    if (!own)
      test.notes.push(
        `Zero-shot: the model never trained on ${series.home}; its scaling was fitted on this home's training days.`,
      )
    return {
      modelId: request.modelId,
      datasetId: request.datasetId,
      home: series.home,
      mode: own ? 'own-split' : 'zero-shot',
      test,
      windows: report.windows.evaluated,
      days: { train: days.train.length, validation: days.validation.length, test: days.test.length },
      scaler,
    }
  } finally {
    model.dispose()
  }
}
