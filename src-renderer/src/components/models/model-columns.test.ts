import { describe, expect, it } from 'vitest'
import type { ModelSummary } from '../../../../src-main/shared/model-schemas'
import { cellText, filterModels, MODEL_COLUMNS, sortModels } from './model-columns'

const model = (modelId: number, patch: Partial<ModelSummary>): ModelSummary => ({
  modelId,
  runId: null,
  datasetId: 1,
  name: `m${modelId}`,
  notes: '',
  home: 'CDB001',
  engine: 'scratch',
  engineLabel: 'scratch',
  resolution: '15min',
  intervalSeconds: 900,
  seqLen: 48,
  predSize: 4,
  stride: 1,
  hiddenSizes: [32],
  kind: 'home',
  column: 'p_cons',
  loss: 'mae',
  learningRate: 0.003,
  batchSize: 64,
  skill: 0.1,
  mae: 100,
  rmse: 200,
  epochs: 3,
  trainSeconds: 10,
  createdAt: '2026-01-01',
  importedFrom: null,
  optimizerStateSaved: true,
  ...patch,
})

describe('models table', () => {
  const list = [
    model(1, { skill: 0.2, home: 'CDB008' }),
    model(2, { skill: null, engine: 'tfjs' }),
    model(3, { skill: -0.1 }),
  ]
  it('sorts by a column either way, missing values last', () => {
    expect(sortModels(list, 'skill', false).map((m) => m.modelId)).toEqual([3, 1, 2])
    expect(sortModels(list, 'skill', true).map((m) => m.modelId)).toEqual([1, 3, 2])
  })
  it('filters by home, engine and resolution', () => {
    expect(filterModels(list, { home: 'CDB001', engine: '', resolution: '' }).map((m) => m.modelId)).toEqual([
      2, 3,
    ])
    expect(
      filterModels(list, { home: '', engine: 'tfjs', resolution: '15min' }).map((m) => m.modelId),
    ).toEqual([2])
    expect(filterModels(list, { home: '', engine: '', resolution: '1h' })).toEqual([])
  })
})

describe('hyper-parameter columns', () => {
  it('show the layers, loss, learning rate and batch size, and sort by them', () => {
    const a = model(1, { hiddenSizes: [64], loss: 'mse', learningRate: 0.01, batchSize: 32 })
    const b = model(2, { hiddenSizes: [32, 32], loss: 'mae', learningRate: null, batchSize: 128 })
    const c = model(3, { hiddenSizes: [16] })
    expect(['layers', 'loss', 'lr', 'batch'].map((key) => cellText(a, key))).toEqual([
      '64',
      'mse',
      '0.01',
      '32',
    ])
    expect(['layers', 'loss', 'lr', 'batch'].map((key) => cellText(b, key))).toEqual([
      '32×32',
      'mae',
      '–',
      '128',
    ])
    // one layer before two; then by units
    expect(sortModels([a, b, c], 'layers', false).map((m) => m.modelId)).toEqual([3, 1, 2])
    expect(sortModels([a, b, c], 'batch', true).map((m) => m.modelId)).toEqual([2, 3, 1])
    expect(MODEL_COLUMNS.filter((col) => col.optional).map((col) => col.key)).toEqual(
      expect.arrayContaining(['resolution', 'window', 'layers', 'loss', 'lr', 'batch', 'epochs']),
    )
  })
})
