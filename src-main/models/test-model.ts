/**
 * A small trained model and its manifest, built in memory from the synthetic series (tests only):
 * what train-job.ts would save, without a library or a worker.
 */
import { TrainingParams } from '../shared/training-params'
import { toScoredForecast } from '../training/outcome'
import { createModel, type EngineName } from '../training/model-factory'
import { evaluateOnTest, modelConfigFor, trainWithEarlyStopping, windowsOf } from '../training/pipeline'
import { prepareFromGrid, syntheticLoad } from '../training/test-data'
import type { ModelManifest } from './manifest'

export async function trainedTestModel(engine: EngineName = 'scratch', patch: Record<string, unknown> = {}) {
  const params = TrainingParams.parse({
    datasetId: 1,
    seqLen: 16,
    predSize: 2,
    hiddenSizes: [6],
    epochs: 2,
    batchSize: 64,
    learningRate: 0.01,
    horizon: 8,
    calendar: false,
    engine,
    ...patch,
  })
  const data = prepareFromGrid(syntheticLoad(14), {
    seqLen: params.seqLen,
    predSize: params.predSize,
    stride: 1,
  })
  const model = await createModel(engine, modelConfigFor(params, data.train.inputSize))
  const loop = await trainWithEarlyStopping(model, windowsOf(data, params), params, {
    progress: () => undefined,
    cancelled: () => false,
  })
  const report = evaluateOnTest(model, data, params)
  const manifest: ModelManifest = {
    format: 'voisin-forecast-model',
    formatVersion: 1,
    appVersion: 'test',
    engine,
    engineLabel: engine,
    createdAt: '2026-01-01T00:00:00.000Z',
    user: 'tester',
    params,
    config: model.config,
    scaler: data.scaler,
    features: data.features,
    window: { seqLen: params.seqLen, predSize: params.predSize, stride: params.stride },
    resolution: params.resolution,
    intervalSeconds: 900,
    sourceIntervalSeconds: 900,
    column: 'p_cons',
    dataset: {
      id: 1,
      home: 'SYN001',
      zone: 'UTC',
      recipe: data.series.recipe,
      keptDays: data.series.keptDays,
      removedDays: [],
    },
    split: data.days,
    seed: params.seed,
    history: loop.history,
    stopReason: loop.stopReason,
    bestEpoch: loop.bestEpoch,
    trainSeconds: loop.trainSeconds,
    test: toScoredForecast(report.test),
    longHorizon: null,
    testSeries: report.chart,
  }
  return { model, data, params, manifest, weights: model.serialize() }
}
