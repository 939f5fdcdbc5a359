/**
 * What a forecast with a saved model reads: the model's manifest and the dataset's cleaned grid at
 * the model's resolution, cleaned as the forecast and the choice of its start both need it.
 */
import { loadCleanSeries, type CleaningRecipe, type PowerColumn } from '../data/cleaning/clean-series'
import { loadDatasetRow } from '../data/store/stored-readings'
import type { Queryable } from '../db/library'
import { AppError } from '../shared/result'
import type { ModelManifest } from './manifest'
import { getModelRow, parseManifest, type ModelRow } from './model-store'

export interface ForecastGrid {
  row: ModelRow
  manifest: ModelManifest
  /** "dataset 3 (CDB001)", for messages */
  where: string
  home: string
  /** the dataset's IANA zone */
  zone: string
  /** seconds between the dataset's own readings */
  sourceIntervalSeconds: number
  /** epoch ms of slot 0, ms between slots, [n] watts (NaN = missing, removed day) */
  grid: { start: number; intervalMs: number; values: Float64Array }
}

/**
 * The model and the dataset's cleaned series at the model's resolution. A dataset coarser than
 * the model's step is refused; on its own training data the model sees the cleaning it was trained
 * with, elsewhere the dataset's own recipe (sign, spikes are properties of that meter) with the
 * run's explicit overrides.
 */
export async function loadForecastGrid(
  q: Queryable,
  modelId: number,
  datasetId: number,
  withWeights: boolean,
): Promise<ForecastGrid> {
  const row = await getModelRow(q, modelId, withWeights)
  const manifest = parseManifest(row)
  const dataset = await loadDatasetRow(q, datasetId)
  const step = manifest.intervalSeconds
  const where = `dataset ${datasetId} (${dataset.home})`
  if (dataset.interval_seconds > step) {
    throw new AppError(
      'invalid-input',
      `Model ${modelId} reads one value every ${step} s but ${where} has readings every ` +
        `${dataset.interval_seconds} s, coarser than ${step} s: choose a dataset with readings at least every ${step} s.`,
    )
  }
  const params = manifest.params
  const ownData = row.dataset_id === datasetId
  const series = await loadCleanSeries(q, datasetId, manifest.column as PowerColumn, {
    ...(ownData ? (manifest.dataset.recipe as Partial<CleaningRecipe>) : {}),
    minCompleteness: params.minCompleteness,
    treatZeroRowsAsMissing: params.zeroRowsAsMissing,
    resampleSeconds: step === dataset.interval_seconds ? null : step,
  })
  return {
    row,
    manifest,
    where,
    home: series.home,
    zone: series.zone,
    sourceIntervalSeconds: dataset.interval_seconds,
    grid: { start: series.start, intervalMs: series.intervalSeconds * 1000, values: series.values },
  }
}
