// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ModelDescription } from '../../../src-main/shared/model-schemas'
import { fineTuningRequest, modelKindWords, useModelEvaluationStore } from './model-evaluation'

/** A saved model's manifest, as much of it as the store reads. */
const globalModel = {
  modelId: 4,
  name: 'CDB · 3 homes',
  kind: 'global',
  params: {
    datasetIds: [1, 2, 3],
    communityId: 1,
    name: 'CDB · 3 homes',
    column: 'p_cons',
    resolution: '1h',
    seqLen: 24,
    predSize: 4,
    hiddenSizes: [8, 8],
    head: 'dense',
    calendar: true,
    level: 'last',
    scaling: 'robust',
    engine: 'scratch',
    epochs: 40,
    learningRate: 0.003,
  },
  dataset: { id: null, home: 'CDB · 3 homes' },
  global: { community: { communityId: 1, name: 'CDB' }, homes: [{}, {}, {}], skipped: [] },
} as unknown as ModelDescription

const homeModel = (modelId: number, initFrom?: ModelDescription['initFrom']) =>
  ({
    modelId,
    name: `model ${modelId}`,
    params: { datasetId: 6 },
    dataset: { id: 6, home: 'ECHL05' },
    ...(initFrom && { initFrom }),
  }) as unknown as ModelDescription

describe('fine-tuning and comparing saved models', () => {
  it('fine-tunes with the saved model’s architecture, from its weights, on the chosen dataset', () => {
    const request = fineTuningRequest(globalModel, 6, 3)
    expect(request).toMatchObject({
      datasetId: 6,
      initFrom: 4,
      epochs: 3,
      seqLen: 24,
      predSize: 4,
      hiddenSizes: [8, 8],
      head: 'dense',
      calendar: true,
      level: 'last',
      resolution: '1h',
      scaling: 'robust',
      engine: 'scratch',
    })
    // the homes and community of the global run, and its name, are not this run's
    for (const key of ['datasetIds', 'communityId', 'name']) expect(request).not.toHaveProperty(key)
  })

  it('says what each model is', () => {
    expect(modelKindWords(globalModel)).toBe('global model (3 homes of CDB)')
    expect(modelKindWords(homeModel(5))).toBe('home model of ECHL05')
    expect(
      modelKindWords(
        homeModel(7, { modelId: 4, name: 'CDB · 3 homes', kind: 'global', home: 'CDB · 3 homes' }),
      ),
    ).toBe('fine-tuned from global model 4')
  })
})

describe('useModelEvaluationStore', () => {
  let model: Record<string, ReturnType<typeof vi.fn>>
  beforeEach(() => {
    setActivePinia(createPinia())
    const described: Record<number, ModelDescription> = {
      4: globalModel,
      5: homeModel(5),
      7: homeModel(7, { modelId: 4, name: 'g', kind: 'global', home: 'CDB · 3 homes' }),
      8: homeModel(8),
    }
    model = {
      get: vi.fn(async ({ modelId }: { modelId: number }) => ({ ok: true, data: described[modelId] })),
      evaluate: vi.fn(async ({ modelId, datasetId }: { modelId: number; datasetId: number }) =>
        modelId === 8
          ? {
              ok: false,
              error: {
                code: 'invalid-input',
                message: 'Model 8 reads one value every 900 s but dataset 6 …',
              },
            }
          : {
              ok: true,
              data: {
                modelId,
                datasetId,
                home: 'ECHL05',
                mode: modelId === 4 ? 'zero-shot' : 'own-split',
                test: { skill: 0.1 },
                days: { train: 20, validation: 4, test: 5 },
              },
            },
      ),
    }
    window.api = { model } as never
  })
  afterEach(() => {
    window.api = undefined
  })

  it('puts several models side by side on one home, and says why one has no verdict', async () => {
    const store = useModelEvaluationStore()
    await store.compareOnHome(6, [5, 4, 7, 8])
    expect(model.evaluate).toHaveBeenCalledTimes(4)
    const rows = store.comparison!.rows
    expect(rows.map((r) => [r.modelId, r.kind, r.evaluation?.mode ?? null])).toEqual([
      [5, 'home model of ECHL05', 'own-split'],
      [4, 'global model (3 homes of CDB)', 'zero-shot'],
      [7, 'fine-tuned from global model 4', 'own-split'],
      [8, 'home model of ECHL05', null],
    ])
    expect(rows[3].error).toMatch(/reads one value every 900 s/)
    expect(store.comparison!.datasetId).toBe(6)
    expect(store.busy).toBe(false)
  })

  it('describes the model in detail, scores it zero-shot, and prepares its fine-tuning', async () => {
    const store = useModelEvaluationStore()
    expect(store.fineTuneRequest(6, 2)).toBeNull()
    await store.describe(4)
    expect(store.description?.kind).toBe('global')
    await store.evaluate(4, 6)
    expect(model.evaluate).toHaveBeenCalledWith({ modelId: 4, datasetId: 6 })
    expect(store.evaluation?.mode).toBe('zero-shot')
    expect(store.fineTuneRequest(6, 2)).toMatchObject({ datasetId: 6, initFrom: 4, epochs: 2 })
    await store.evaluate(8, 6)
    expect(store.evaluation).toBeNull()
    expect(store.error).toMatch(/reads one value every 900 s/)
  })
})
