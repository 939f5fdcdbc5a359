import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../backend/create-backend'
import type { TrainingOutcome } from '../shared/training-outcome'
import { call, finished, refusal } from '../test-support/backend-calls'
import { communityFiles, importIntoLibrary } from '../test-support/community-fixtures'
import { makeTempDir, sourceWorkerEntry } from '../test-support/temp-dir'

// A saved global model in the model library: described, re-run, not resumed, fine-tuned by name. It trains
// in float64 on two threads; the fine-tuning in float32 on one: every path records how it computed.
let temp: ReturnType<typeof makeTempDir>
let backend: Backend
let ids: number[]
let global: TrainingOutcome
const tiny = { seqLen: 16, predSize: 2, hiddenSizes: [4], epochs: 1, horizon: 0, batchSize: 256 }

beforeAll(async () => {
  temp = makeTempDir('vf-global-models-')
  backend = await createBackend({ dataDir: temp.dir, workerEntry: sourceWorkerEntry })
  ids = await importIntoLibrary(backend.context.library, communityFiles('CDB'))
  const started = await call(backend, 'training:startGlobal', {
    ...tiny,
    datasetIds: ids.slice(0, 3),
    communityId: 1,
    precision: 'float64',
    threads: 2,
  })
  global = (await finished(backend, started.job)).result as TrainingOutcome
}, 120_000)

afterAll(async () => {
  await backend.close()
  temp.remove()
})

describe('global models in the model library', () => {
  it('describes its community, homes and their scalers, and lists as one model', async () => {
    const described = await call(backend, 'model:get', { modelId: global.modelId })
    expect(described.kind).toBe('global')
    expect(described.global?.community).toEqual({ communityId: 1, name: 'CDB' })
    expect(described.global?.homes.map((h) => h.home)).toEqual(['CDB001', 'CDB002', 'CDB034'])
    expect(described.dataset.id).toBeNull()
    // the run's precision and the two threads it really trained on, in the verdict and the manifest
    expect([global.precision, global.threads]).toEqual(['float64', 2])
    expect([described.precision, described.threads]).toEqual(['float64', 2])
    expect(described.weights.precision).toBe('float64')
    expect(described.engineVersion).toMatch(/\(file format 1\)$/)
    const listed = await call(backend, 'model:list', {})
    expect(listed.map((m) => m.modelId)).toEqual([global.modelId])
  })

  it('re-runs as a new global model of the same homes, and refuses a resume with what to do instead', async () => {
    const rerun = await call(backend, 'model:rerun', { modelId: global.modelId })
    const again = (await finished(backend, rerun.job)).result as TrainingOutcome
    expect(again.kind).toBe('global')
    expect(again.homes?.map((h) => h.home)).toEqual(global.homes?.map((h) => h.home))
    // the same precision and thread count: the same model, bit for bit
    expect([again.precision, again.threads]).toEqual(['float64', 2])
    expect(again.test.model.mae).toBe(global.test.model.mae)
    expect(await refusal(backend, 'model:resume', { modelId: global.modelId, epochs: 1 })).toMatch(
      /is a global model of several homes: re-run it .*or fine-tune it on one home/,
    )
  }, 120_000)

  it('names a fine-tuned run after the model it starts from', async () => {
    const tuned = await call(backend, 'training:start', {
      ...tiny,
      datasetId: ids[3],
      initFrom: global.modelId,
      precision: 'float32',
      threads: 1,
    })
    const outcome = (await finished(backend, tuned.job)).result as TrainingOutcome
    expect(outcome.initFrom?.modelId).toBe(global.modelId)
    // float64 weights fine-tuned in float32: the run says so, its model file holds float32
    expect([outcome.precision, outcome.threads]).toEqual(['float32', 1])
    const described = await call(backend, 'model:get', { modelId: outcome.modelId! })
    expect([described.precision, described.weights.precision]).toEqual(['float32', 'float32'])
    const run = await call(backend, 'training:run', { runId: outcome.runId })
    expect(run.name).toMatch(new RegExp(`^CDB059 · .* · fine-tuned from model ${global.modelId}$`))
  }, 120_000)
})
