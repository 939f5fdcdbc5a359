/**
 * "Resume training": the train job starts from a saved model instead of fresh weights. The scratch
 * engine restores its optimizer moments and random stream too; the TF.js engine restores the
 * weights only (its Adam state is not exported), so its first resumed steps behave like a restart.
 */
import type { Queryable } from '../db/library'
import type { ModelConfig } from '../engine/config'
import type { ForecastModel } from '../engine/model'
import { deserializeModel } from '../engine/serialize'
import { AppError } from '../shared/result'
import { loadModel, type EngineOptions } from '../training/model-factory'
import type { HistoryPoint } from '../shared/training-outcome'
import { getModelRow, parseManifest } from './model-store'

export interface ResumedModel {
  model: ForecastModel
  /** the earlier epochs, to prepend to the new curves */
  history: HistoryPoint[]
  resumedFrom: { modelId: number; epochsBefore: number; optimizerStateRestored: boolean }
}

/** Loads model `modelId` to continue training; refuses when the architecture or engine differs. */
export async function loadModelToResume(
  q: Queryable,
  modelId: number,
  engine: 'scratch' | 'tfjs',
  config: ModelConfig,
  options: Partial<EngineOptions> = {},
): Promise<ResumedModel> {
  const row = await getModelRow(q, modelId, true)
  const manifest = parseManifest(row)
  const bytes = new Uint8Array(row.weights!)
  const saved = deserializeModel(bytes)
  if (saved.engine !== engine)
    throw new AppError(
      'invalid-request',
      `Model ${modelId} was trained by the ${saved.engine} engine, not ${engine}.`,
    )
  if (JSON.stringify(saved.config) !== JSON.stringify(config)) {
    throw new AppError(
      'invalid-request',
      `Model ${modelId}'s architecture differs from these settings: resume with the settings it was trained with.`,
    )
  }
  return {
    model: await loadModel(bytes, options),
    history: manifest.history ?? [],
    resumedFrom: {
      modelId,
      epochsBefore: manifest.history?.length ?? 0,
      optimizerStateRestored: saved.optimizer !== null,
    },
  }
}
