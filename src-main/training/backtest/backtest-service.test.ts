import { availableParallelism } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../../backend/create-backend'
import { runCli } from '../../cli/cli'
import type { BacktestDetail } from '../../shared/backtest-schemas'
import type { ImportResult, JobInfo } from '../../shared/contract'
import { captureCliIO } from '../../test-support/cli-io'
import { communityFiles } from '../../test-support/community-fixtures'
import { readTokens } from '../../test-support/file-grants'
import { makeTempDir, sourceWorkerEntry } from '../../test-support/temp-dir'

/** Backtests through the backend and the worker, on the ECHL homes of the community subset (May–June 2022). */
describe('backtests in the worker (real import, real worker, folds on threads)', () => {
  const temp = makeTempDir('vf-backtest-')
  let backend: Backend
  let homes: number[]
  const tiny = {
    seqLen: 16,
    predSize: 2,
    hiddenSizes: [4],
    epochs: 2,
    horizon: 0,
    calendar: false,
  }

  beforeAll(async () => {
    backend = await createBackend({ dataDir: temp.dir, workerEntry: sourceWorkerEntry })
    const started = await backend.call('dataset:import', {
      files: readTokens(backend, communityFiles('ECHL')),
    })
    if (!started.ok) throw new Error(started.error.message)
    const final = await backend.context.jobs.wait(started.data.jobId)
    homes = (final.result as ImportResult).datasets.map((d) => d.datasetId)
  }, 60_000)
  afterAll(async () => {
    await backend.close()
    temp.remove()
  })

  const start = async (request: Parameters<Backend['call']>[1]) => {
    const started = await backend.call('backtest:start', request)
    if (!started.ok) throw new Error(started.error.message)
    return started.data
  }

  it('a home backtest runs its folds on threads when the machine has several cores', async () => {
    const { backtestId, job } = await start({
      training: { datasetId: homes[0], ...tiny },
      options: { folds: 3, blockDays: 5 },
    })
    const final = await backend.context.jobs.wait(job.jobId)
    expect(final.status).toBe('done')
    const detail = final.result as BacktestDetail
    expect(detail.backtestId).toBe(backtestId)
    expect(detail.runner).toBe(availableParallelism() > 1 ? 'threads' : 'sequential')
    expect(detail.folds.map((f) => f.fold)).toEqual([1, 2, 3])
    expect(detail.summary?.folds).toBe(3)
    // each fold says how it computed: the run's precision, one thread per fold (the cores went to the folds)
    for (const fold of detail.folds) expect([fold.precision, fold.threads]).toEqual(['float32', 1])
  }, 240_000)

  it('a cancel keeps the folds already done: status cancelled, summary over those folds', async () => {
    const { backtestId, job } = await start({
      training: { datasetId: homes[0], ...tiny, epochs: 400, earlyStopping: false },
      options: { folds: 4, blockDays: 5, refit: 'every', threads: 1 },
    })
    // cancel once fold 1 is stored and fold 2 trains
    await new Promise<void>((resolve) => {
      const off = backend.onEvent((channel, payload) => {
        const info = payload as JobInfo
        if (channel !== 'job:updated' || info.jobId !== job.jobId || info.kind !== 'backtest') return
        const progress = info.progress as
          { foldsDone?: number; running?: { trainedOn: number }[] } | undefined
        if ((progress?.foldsDone ?? 0) >= 1 && progress?.running?.some((r) => r.trainedOn === 2)) {
          off()
          void backend.call('job:cancel', { jobId: job.jobId })
          resolve()
        }
      })
    })
    const final = await backend.context.jobs.wait(job.jobId)
    expect(final.status).toBe('cancelled')
    const stored = await backend.call('backtest:get', { backtestId })
    if (!stored.ok) throw new Error(stored.error.message)
    expect(stored.data.status).toBe('cancelled')
    expect(stored.data.folds.map((f) => f.fold)).toEqual([1])
    expect(stored.data.summary?.folds).toBe(1)
    expect(stored.data.message).toMatch(/^Cancelled after 1 of 4 folds; the folds done are kept\./)
  }, 300_000)

  it('backtest --community: one global model per fold, judged per home and pooled', async () => {
    const communities = await backend.call('community:list', {})
    if (!communities.ok) throw new Error(communities.error.message)
    const echl = communities.data.find((c) => c.name === 'ECHL')!
    const io = captureCliIO()
    const code = await runCli(
      [
        'backtest',
        '--community',
        String(echl.communityId),
        '--seq',
        '16',
        '--pred',
        '2',
        '--hidden',
        '4',
        '--epochs',
        '2',
        '--horizon',
        '0',
        '--folds',
        '2',
        '--block-days',
        '5',
        '--json',
        '--db',
        backend.context.databasePath,
        '--progress',
        'none',
      ],
      io,
      sourceWorkerEntry,
    )
    expect(io.stderr).toBe('')
    expect(code).toBe(0)
    const out = JSON.parse(io.stdout)
    expect(out.kind).toBe('global')
    for (const fold of out.folds) {
      expect(fold.homes.map((h: { home: string }) => h.home)).toEqual(['ECHL05', 'ECHL06'])
      expect(fold.test.model.n).toBe(
        fold.homes.reduce((s: number, h: { test: { model: { n: number } } }) => s + h.test.model.n, 0),
      )
    }
    expect(out.dieboldMariano.n).toBeGreaterThan(0)
  }, 240_000)
})
