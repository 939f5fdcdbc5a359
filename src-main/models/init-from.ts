/**
 * Fine-tuning: a training run that starts from a saved model's weights instead of fresh ones (the
 * usual transfer for a home with little history, from a global model). The architecture must be the
 * same; the optimizer starts afresh. The run records which model it started from.
 */
import type { Queryable } from '../db/library'
import type { ModelConfig } from '../engine/config'
import type { FloatArray } from '../engine/kernels/matmul'
import { deserializeModel } from '../engine/serialize'
import { AppError } from '../shared/result'
import { getModelRow, parseManifest } from './model-store'

export interface InitialWeights {
  /** in the precision the model file holds; setWeights converts */
  weights: FloatArray
  /** what the new model's manifest and verdict say it started from */
  from: { modelId: number; name: string; kind: 'home' | 'global'; home: string }
}

const ARCHITECTURE: (keyof ModelConfig)[] = ['inputSize', 'seqLen', 'predSize', 'hiddenSizes', 'head']

/** The weights of model `modelId`, refused with the first difference when its architecture is not `config`'s. */
export async function loadInitialWeights(
  q: Queryable,
  modelId: number,
  config: ModelConfig,
): Promise<InitialWeights> {
  const row = await getModelRow(q, modelId, true)
  const manifest = parseManifest(row) as ReturnType<typeof parseManifest> & { kind?: 'home' | 'global' }
  let saved: ReturnType<typeof deserializeModel>
  try {
    saved = deserializeModel(new Uint8Array(row.weights!))
  } catch (error) {
    throw new AppError(
      'invalid-input',
      `Model ${modelId}'s weights cannot be loaded: ${(error as Error).message}`,
    )
  }
  for (const key of ARCHITECTURE) {
    if (JSON.stringify(saved.config[key]) !== JSON.stringify(config[key]))
      throw new AppError(
        'invalid-request',
        `Model ${modelId} cannot start this training: its ${key} is ${JSON.stringify(saved.config[key])}, ` +
          `these settings give ${JSON.stringify(config[key])} (fine-tune with the architecture it was trained with).`,
      )
  }
  return {
    weights: saved.params,
    from: { modelId, name: row.name, kind: manifest.kind ?? 'home', home: manifest.dataset.home },
  }
}
