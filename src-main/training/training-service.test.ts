import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../backend/create-backend'
import { spawnNodeWorker } from '../jobs/spawn-node-worker'
import type { WorkerHandle } from '../jobs/protocol'
import { JobInfo, RunDetail, type ImportResult } from '../shared/contract'
import type { TrainingRequest } from '../shared/training-params'
import type { TrainingOutcome } from '../shared/training-outcome'
import { makeTempDir, sourceWorkerEntry, voisinFixtures } from '../test-support/temp-dir'
import { readTokens } from '../test-support/file-grants'

/** A small, fast configuration: the point here is the plumbing, not the skill. */
const small = (datasetId: number, patch: Partial<TrainingRequest> = {}): TrainingRequest => ({
  datasetId,
  resolution: '1h',
  seqLen: 12,
  predSize: 2,
  hiddenSizes: [4],
  epochs: 2,
  batchSize: 64,
  horizon: 6,
  calendar: true,
  ...patch,
})

describe('training through the backend (real import, real worker)', () => {
  const temp = makeTempDir()
  // Lets one test kill the worker mid-training, as a crash would.
  let killNextTrainWorker = false
  let backend: Backend
  let datasetId: number

  beforeAll(async () => {
    backend = await createBackend({
      dataDir: temp.dir,
      workerEntry: sourceWorkerEntry,
      spawnWorker: (entry) => {
        const worker: WorkerHandle = spawnNodeWorker(entry)
        if (killNextTrainWorker) {
          killNextTrainWorker = false
          worker.onMessage((message) => {
            if (message.type === 'progress' && (message.detail as { epoch?: number } | undefined)?.epoch)
              worker.kill()
          })
        }
        return worker
      },
    })
    const dir = join(voisinFixtures, 'months/CDB008')
    const paths = readdirSync(dir)
      .filter((f) => f.endsWith('.csv'))
      .map((f) => join(dir, f))
    const started = await backend.call('dataset:import', { files: readTokens(backend, paths) })
    if (!started.ok) throw new Error(started.error.message)
    const final = await backend.context.jobs.wait(started.data.jobId)
    datasetId = (final.result as ImportResult).datasets[0].datasetId
  })
  afterAll(async () => {
    await backend.close()
    temp.remove()
  })

  const runCount = async () =>
    (await backend.context.library.get<{ n: number }>('SELECT COUNT(*) AS n FROM runs'))!.n
  const start = async (request: TrainingRequest): Promise<{ runId: number; job: JobInfo }> => {
    const started = await backend.call('training:start', request)
    if (!started.ok) throw new Error(started.error.message)
    return started.data
  }

  it('checks a request before it starts and explains a window that cannot fit', async () => {
    const fine = await backend.call('training:check', small(datasetId))
    expect(fine.ok && fine.data.ok).toBe(true)
    expect(fine.ok && fine.data.windows!.train).toBeGreaterThan(100)
    const tooLong = await backend.call('training:check', small(datasetId, { seqLen: 5000 }))
    expect(tooLong.ok && tooLong.data.ok).toBe(false)
    expect(tooLong.ok && tooLong.data.message).toMatch(
      /needs 5002 consecutive readings but the longest gap-free stretch is \d+/,
    )
  })

  it('estimates memory and time before starting, and warns about a huge network or a wild learning rate', async () => {
    const fine = await backend.call('training:check', small(datasetId))
    if (!fine.ok) throw new Error(fine.error.message)
    expect(fine.data.warnings).toEqual([])
    expect(fine.data.estimate.memoryBytes).toBeGreaterThan(0)
    expect(fine.data.estimate.secondsPerEpoch).toBeGreaterThan(0)
    const huge = await backend.call(
      'training:check',
      small(datasetId, { hiddenSizes: [1024, 1024, 1024, 1024], learningRate: 10 }),
    )
    if (!huge.ok) throw new Error(huge.error.message)
    expect(huge.data.ok).toBe(true) // heavy, not impossible
    expect(huge.data.estimate.parameters).toBeGreaterThan(29_000_000)
    expect(huge.data.estimate.memoryBytes).toBeGreaterThan(1e9)
    expect(huge.data.warnings.join('\n')).toMatch(/needs about [\d.]+ GB of memory/)
    expect(huge.data.warnings.join('\n')).toMatch(/One epoch will take about/)
    expect(huge.data.warnings.join('\n')).toMatch(/learning rate 10 is unusually high for Adam/)
  })

  it('refuses before recording a run what no machine holds in memory', async () => {
    const before = await runCount()
    const impossible = await backend.call(
      'training:start',
      small(datasetId, { hiddenSizes: [1024, 1024, 1024, 1024], seqLen: 10_000, batchSize: 65_536 }),
    )
    expect(impossible).toMatchObject({
      ok: false,
      error: {
        code: 'invalid-input',
        message: expect.stringMatching(
          /^This run needs about [\d.]+ GB of memory, more than this computer has/,
        ),
      },
    })
    expect(await runCount()).toBe(before)
  })

  it('says a run diverged: failed with stopReason "diverged" when the loss explodes, a warning when it only soars', async () => {
    const exploded = await start(
      small(datasetId, {
        optimizer: 'sgd',
        loss: 'mse',
        learningRate: 5,
        momentum: 0.99,
        clipNorm: 0,
        epochs: 20,
        earlyStopping: false,
      }),
    )
    const failed = await backend.context.jobs.wait(exploded.job.jobId)
    expect(failed.status).toBe('failed')
    expect(failed.error?.message).toMatch(/^The training diverged: the loss became (NaN|too large) at epoch/)
    const run = await backend.call('training:run', { runId: exploded.runId })
    expect(run.ok && run.data).toMatchObject({
      status: 'failed',
      stopReason: 'diverged',
      message: expect.stringMatching(/^The training diverged/),
      outcome: null,
      modelId: null,
    })
    const listed = await backend.call('training:runs', {})
    expect(listed.ok && listed.data.find((r) => r.runId === exploded.runId)?.stopReason).toBe('diverged')

    const soaring = await start(small(datasetId, { learningRate: 10, epochs: 4, earlyStopping: false }))
    const done = await backend.context.jobs.wait(soaring.job.jobId)
    expect(done.status).toBe('done')
    const outcome = done.result as TrainingOutcome
    expect(outcome.warnings).toEqual([expect.stringMatching(/^The training loss diverged: it rose to/)])
    const detail = await backend.call('training:run', { runId: soaring.runId })
    expect(detail.ok && detail.data.message).toMatch(/^Finished; best epoch \d\. The training loss diverged/)
    expect(detail.ok && detail.data.stopReason).toBe('completed')
  })

  it('trains in the worker, saves run and model, and judges the model against the baselines', async () => {
    const { runId, job } = await start(small(datasetId))
    const final = await backend.context.jobs.wait(job.jobId)
    expect(final.status).toBe('done')
    const outcome = final.result as TrainingOutcome
    expect(outcome.runId).toBe(runId)
    expect(outcome.history).toHaveLength(outcome.epochsRun)
    expect(outcome.test.model.n).toBeGreaterThan(0)
    expect(outcome.test.persistence!.n).toBe(outcome.test.model.n)
    expect(outcome.test.skill).toBeCloseTo(
      1 -
        outcome.test.model.mae /
          Math.min(
            ...[outcome.test.persistence, outcome.test.sameTimeYesterday, outcome.test.sameTimeLastWeek]
              .filter(Boolean)
              .map((m) => m!.mae),
          ),
      9,
    )
    const run = await backend.call('training:run', { runId })
    expect(run.ok && run.data).toMatchObject({ status: 'done', modelId: outcome.modelId, engine: 'scratch' })
    // the contract's schemas describe what the renderer receives (parsing drops unknown fields at any depth)
    if (!run.ok) throw new Error(run.error.message)
    expect(RunDetail.parse(run.data)).toEqual(run.data)
    expect(JobInfo.parse(final)).toEqual(final)
    const model = await backend.context.library.get<{ manifest_json: string; weights: Buffer }>(
      'SELECT manifest_json, weights FROM models WHERE id = ?',
      [outcome.modelId!],
    )
    const manifest = JSON.parse(model!.manifest_json)
    expect(manifest.dataset.home).toBe('CDB008')
    expect(manifest.dataset.keptDays.length).toBeGreaterThan(0)
    expect(manifest.scaler.scale).toBeGreaterThan(0)
    expect(model!.weights.length).toBeGreaterThan(100)
    const runs = await backend.call('training:runs', {})
    expect(runs.ok && runs.data.some((r) => r.runId === runId && r.skill === outcome.test.skill)).toBe(true)
  })

  it('trains on the threads and in the precision asked for, and records both with the model', async () => {
    const { job } = await start(small(datasetId, { precision: 'float32', threads: 2, batchSize: 128 }))
    const final = await backend.context.jobs.wait(job.jobId)
    expect(final.status).toBe('done')
    const outcome = final.result as TrainingOutcome
    // the threads it really ran on (fewer, had they failed to start)
    expect(outcome).toMatchObject({ precision: 'float32', threads: 2 })
    const model = await backend.context.library.get<{ manifest_json: string; weights: Buffer }>(
      'SELECT manifest_json, weights FROM models WHERE id = ?',
      [outcome.modelId!],
    )
    expect(JSON.parse(model!.manifest_json)).toMatchObject({ precision: 'float32', threads: 2 })
    // the weights' file says float32 itself: format version 2
    expect(new DataView(new Uint8Array(model!.weights).buffer).getUint32(8, true)).toBe(2)
    const reference = await backend.context.jobs.wait(
      (await start(small(datasetId, { precision: 'float64', threads: 1 }))).job.jobId,
    )
    expect(reference.result).toMatchObject({ precision: 'float64', threads: 1 })
  })

  it('keeps a cancelled run as cancelled, with its curves', async () => {
    const { runId, job } = await start(small(datasetId, { epochs: 500, earlyStopping: false }))
    const progressed = await new Promise<JobInfo>((resolve) => {
      const off = backend.onEvent((channel, payload) => {
        const info = payload as JobInfo
        if (
          channel === 'job:updated' &&
          info.jobId === job.jobId &&
          info.kind === 'train' &&
          info.progress !== undefined &&
          'history' in info.progress &&
          info.progress.history.length > 0
        ) {
          off()
          resolve(info)
        }
      })
    })
    // the live figures as the contract describes them (parsing drops unknown fields at any depth)
    expect(JobInfo.parse(progressed)).toEqual(progressed)
    await backend.call('job:cancel', { jobId: job.jobId })
    const final = await backend.context.jobs.wait(job.jobId)
    expect(final.status).toBe('cancelled')
    const run = await backend.call('training:run', { runId })
    expect(run.ok && run.data.status).toBe('cancelled')
    expect(run.ok && run.data.history.length).toBeGreaterThan(0)
    expect(run.ok && run.data.modelId).toEqual(expect.any(Number))
  })

  it('marks the run failed when the worker process dies', async () => {
    killNextTrainWorker = true
    const { runId, job } = await start(small(datasetId, { epochs: 50, earlyStopping: false }))
    const final = await backend.context.jobs.wait(job.jobId)
    expect(final.status).toBe('failed')
    await expect
      .poll(
        async () =>
          (await backend.call('training:run', { runId })).ok &&
          (await backend.call('training:run', { runId })),
      )
      .toMatchObject({
        data: { status: 'failed', message: expect.stringMatching(/background process .* before finishing/) },
      })
  })

  it('refuses absurd parameters and unknown datasets without recording a run', async () => {
    const before = await runCount()
    const absurd = await backend.call('training:start', small(datasetId, { hiddenSizes: [4096] }))
    expect(absurd).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringContaining('at most 1024') },
    })
    const noLayers = await backend.call('training:start', small(datasetId, { hiddenSizes: [] }))
    expect(noLayers).toMatchObject({ ok: false, error: { code: 'invalid-request' } })
    const missing = await backend.call('training:start', small(987654))
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found', message: 'No dataset 987654.' } })
    expect(await runCount()).toBe(before)
  })

  it('marks runs left running by a killed app as interrupted on the next start', async () => {
    const { lastID } = await backend.context.library.run(
      "INSERT INTO runs (dataset_id, status, name, owner_pid) VALUES (?, 'running', 'orphan', 2147483646)",
      [datasetId],
    )
    const second = await createBackend({ dataDir: temp.dir, workerEntry: sourceWorkerEntry })
    try {
      const run = await second.call('training:run', { runId: lastID })
      expect(run.ok && run.data.status).toBe('interrupted')
    } finally {
      await second.close()
    }
  })
})
