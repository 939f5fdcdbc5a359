import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { build } from 'electron-vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Backend } from '../backend/create-backend'
import type { ImportResult } from '../shared/contract'
import type { TrainingOutcome } from '../shared/training-outcome'
import { call } from '../test-support/backend-calls'
import { readToken } from '../test-support/file-grants'
import { makeTempDir, voisinFixtures } from '../test-support/temp-dir'

// The Electron main process runs the production bundle, not these sources: `createBackend` from
// out/main/create-backend.js, whose TF.js engine is a chunk loaded on first use. This test builds
// the app as `npm run build` does and loads that file with plain Node's `require` (no vitest
// transform), as Electron's main process does, then forecasts with a TF.js model, which loads the
// chunk. Where the package's own node_modules resolve: inside the repository.
const repo = resolve(__dirname, '../..')
let outDir: string
let temp: ReturnType<typeof makeTempDir>
let backend: Backend

beforeAll(async () => {
  const cache = resolve(repo, 'node_modules/.cache')
  mkdirSync(cache, { recursive: true })
  outDir = mkdtempSync(join(cache, 'vf-bundle-test-'))
  await build({
    root: repo,
    configFile: resolve(repo, 'electron.vite.config.ts'),
    build: { outDir },
    logLevel: 'warn',
  })
  temp = makeTempDir('vf-bundled-backend-')
  const bundled = createRequire(__filename)(
    join(outDir, 'main/create-backend.js'),
  ) as typeof import('../backend/create-backend')
  backend = await bundled.createBackend({ dataDir: temp.dir, workerEntry: join(outDir, 'main/worker.js') })
}, 120_000)
afterAll(async () => {
  await backend?.close()
  temp?.remove()
  if (outDir) rmSync(outDir, { recursive: true, force: true })
})

describe('the bundled backend (what the Electron main process loads)', () => {
  it('forecasts with a TensorFlow.js model, loading the engine chunk on first use', async () => {
    const job = await call(backend, 'dataset:import', {
      files: [readToken(backend, join(voisinFixtures, '15min/CDB001_2022-05-01--2022-05-31_15min.csv'))],
    })
    const datasetId = ((await backend.context.jobs.wait(job.jobId)).result as ImportResult).datasets[0]
      .datasetId
    const started = await call(backend, 'training:start', {
      datasetId,
      engine: 'tfjs',
      seqLen: 16,
      predSize: 2,
      hiddenSizes: [4],
      epochs: 1,
      horizon: 0,
      calendar: false,
    })
    const outcome = (await backend.context.jobs.wait(started.job.jobId)).result as TrainingOutcome
    expect(outcome.engine).toMatch(/^tfjs-/)
    // the first test window's next-step prediction, made again by the main process's own copy of the engine
    const from = outcome.testSeries.t[0]
    const forecast = await call(backend, 'model:forecast', {
      modelId: outcome.modelId!,
      datasetId,
      from: new Date(from).toISOString(),
      horizon: 1,
    })
    expect(forecast.predicted[0]).toBe(outcome.testSeries.predicted[0])
    expect(forecast.actual[0]).toBe(outcome.testSeries.actual[0])
  }, 120_000)
})
