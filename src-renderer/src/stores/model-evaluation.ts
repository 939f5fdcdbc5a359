import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ModelDescription, ModelEvaluation } from '../../../src-main/shared/model-schemas'
import type { TrainingRequest } from '../../../src-main/shared/training-params'
import { api, notConnected, unwrap } from '../api/bridge'

/** What a model is, in a few words: a home model, a global one, or one fine-tuned from another. */
export function modelKindWords(description: ModelDescription): string {
  if (description.initFrom)
    return `fine-tuned from ${description.initFrom.kind === 'global' ? 'global ' : ''}model ${description.initFrom.modelId}`
  if (description.kind === 'global')
    return `global model (${description.global?.homes.length ?? 0} homes${description.global?.community ? ` of ${description.global.community.name}` : ''})`
  return `home model of ${description.dataset.home}`
}

/**
 * The request of a run that fine-tunes `description`'s model on `datasetId`: the saved model's own
 * settings (the same architecture: window, layers, head, features, resolution, scaling), its weights
 * as the start (`initFrom`), and `epochs` more. As `train --init-from` does on the command line.
 */
export function fineTuningRequest(
  description: ModelDescription,
  datasetId: number,
  epochs: number,
): TrainingRequest {
  const saved = { ...description.params } as Partial<TrainingRequest> & {
    datasetIds?: number[]
    communityId?: number
  }
  delete saved.datasetIds
  delete saved.communityId
  delete saved.datasetId
  delete saved.initFrom
  delete saved.name
  return { ...saved, datasetId, epochs, initFrom: description.modelId }
}

/** One model's verdict on the compared home, or why it has none. */
export interface HomeComparisonRow {
  modelId: number
  name: string
  kind: string
  evaluation: ModelEvaluation | null
  error: string | null
}

/**
 * Saved models put to use on other data (issue 11): a model's description (a global model's homes),
 * its zero-shot verdict on any dataset, the request that fine-tunes it, and several models side by
 * side on one home.
 */
export const useModelEvaluationStore = defineStore('model-evaluation', () => {
  const description = ref<ModelDescription | null>(null)
  const evaluation = ref<ModelEvaluation | null>(null)
  const comparison = ref<{ datasetId: number; rows: HomeComparisonRow[] } | null>(null)
  const busy = ref(false)
  const error = ref<string | null>(null)

  function bridge() {
    return api() ?? unwrap(notConnected)
  }

  async function guarded<T>(work: () => Promise<T>): Promise<T | undefined> {
    error.value = null
    busy.value = true
    try {
      return await work()
    } catch (e) {
      error.value = (e as Error).message
      return undefined
    } finally {
      busy.value = false
    }
  }

  /** Loads the manifest of the model shown in detail (a global model's community and homes). */
  async function describe(modelId: number) {
    if (description.value?.modelId !== modelId) {
      description.value = null
      evaluation.value = null
    }
    await guarded(async () => {
      const fetched = unwrap(await bridge().model.get({ modelId }))
      description.value = fetched
    })
  }

  /** Scores the model on a dataset, nothing trained (zero-shot, or its own split on its own data). */
  async function evaluate(modelId: number, datasetId: number) {
    evaluation.value = null
    await guarded(async () => {
      evaluation.value = unwrap(await bridge().model.evaluate({ modelId, datasetId }))
    })
  }

  /** The request that fine-tunes the described model on a dataset; the training store runs it. */
  function fineTuneRequest(datasetId: number, epochs: number): TrainingRequest | null {
    return description.value ? fineTuningRequest(description.value, datasetId, epochs) : null
  }

  /** Each model's verdict on one home: its own split where it trained there, zero-shot elsewhere. */
  async function compareOnHome(datasetId: number, modelIds: number[]) {
    comparison.value = null
    await guarded(async () => {
      const rows: HomeComparisonRow[] = []
      for (const modelId of modelIds) {
        const described = await bridge().model.get({ modelId })
        const scored = await bridge().model.evaluate({ modelId, datasetId })
        rows.push({
          modelId,
          name: described.ok ? described.data.name : `model ${modelId}`,
          kind: described.ok ? modelKindWords(described.data) : '',
          evaluation: scored.ok ? scored.data : null,
          error: scored.ok ? null : scored.error.message,
        })
      }
      comparison.value = { datasetId, rows }
    })
  }

  return {
    description,
    evaluation,
    comparison,
    busy,
    error,
    describe,
    evaluate,
    fineTuneRequest,
    compareOnHome,
  }
})
