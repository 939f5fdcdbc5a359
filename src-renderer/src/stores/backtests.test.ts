// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { BacktestProgress } from '../../../src-main/shared/backtest-schemas'
import type { JobInfo } from '../../../src-main/shared/contract'
import { jobEvents, jobInfo } from '../test-support/job-events'
import { useBacktestsStore } from './backtests'
import { useJobsStore } from './jobs'
import { useTrainingStore } from './training'

const job = (patch: Partial<JobInfo>) => jobInfo('backtest', 'Backtest', { jobId: 'bt1', ...patch })
const progress = (foldsDone: number): BacktestProgress => ({
  phase: 'training',
  foldsDone,
  folds: 3,
  running: [],
  runner: 'sequential',
  elapsedSeconds: 5,
  etaSeconds: 10,
})
const fold = (n: number, skill: number) => ({ fold: n, trainedOn: n, test: { skill } })
const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('useBacktestsStore', () => {
  let events = jobEvents()
  let stored: { status: string; folds: ReturnType<typeof fold>[] }
  let bridge: Record<string, Record<string, ReturnType<typeof vi.fn>>>
  beforeEach(() => {
    setActivePinia(createPinia())
    events = jobEvents()
    stored = { status: 'running', folds: [] }
    bridge = {
      job: {
        list: vi.fn(async () => ({ ok: true, data: [] })),
        cancel: vi.fn(async () => ({ ok: true, data: job({ status: 'cancelled', endedAt: 3 }) })),
      },
      model: { list: vi.fn(async () => ({ ok: true, data: [] })) },
      backtest: {
        start: vi.fn(async () => ({ ok: true, data: { backtestId: 9, job: job({}) } })),
        list: vi.fn(async () => ({ ok: true, data: [] })),
        get: vi.fn(async ({ backtestId }: { backtestId: number }) => ({
          ok: true,
          data: { backtestId, foldsPlanned: 3, summary: null, ...structuredClone(stored) },
        })),
        predictions: vi.fn(),
      },
    }
    window.api = { ...bridge, on: events.on } as never
  })
  afterEach(() => {
    window.api = undefined
  })

  it("backtests the Training form's settings, shows each fold as it is stored, and keeps them after a cancel", async () => {
    await useJobsStore().connect()
    const training = useTrainingStore()
    training.request = { ...training.request, datasetId: 3, epochs: 2, name: 'mine', initFrom: 5 }
    const backtests = useBacktestsStore()
    backtests.choices = { ...backtests.choices, folds: 3, refit: 'n', refitEvery: 2 }
    const started = backtests.start()
    await tick()
    const [request] = bridge.backtest.start.mock.calls[0]
    // the form's recipe, without what belongs to one run (its name, the model it fine-tunes)
    expect(request.training).toMatchObject({ datasetId: 3, epochs: 2 })
    expect(request.training).not.toHaveProperty('name')
    expect(request.training).not.toHaveProperty('initFrom')
    expect(request.options).toEqual({ folds: 3, blockDays: 7, gapDays: 0, window: 'expanding', refit: 2 })
    expect(backtests.running).toBe(true)
    expect(backtests.folds.map((f) => f.stage)).toEqual(['waiting', 'waiting', 'waiting'])

    // fold 1 is stored: the store reads the backtest again and shows it done
    stored.folds = [fold(1, 0.2)]
    events.emit(job({ progress: progress(1) }))
    await vi.waitFor(() => expect(backtests.folds[0].stage).toBe('done'))
    expect(backtests.folds[0].skill).toBe(0.2)

    await backtests.cancel()
    expect(bridge.job.cancel).toHaveBeenCalledWith({ jobId: 'bt1' })
    stored.status = 'cancelled'
    await started
    expect(backtests.running).toBe(false)
    expect(backtests.selected?.status).toBe('cancelled')
    expect(backtests.folds.map((f) => f.stage)).toEqual(['done', 'not-run', 'not-run'])
    expect(backtests.error).toBeNull()
  })

  it("backtests a saved model's recipe when one is chosen", async () => {
    await useJobsStore().connect()
    const backtests = useBacktestsStore()
    backtests.modelId = 12
    const started = backtests.start()
    await tick()
    expect(bridge.backtest.start.mock.calls[0][0]).toEqual({
      modelId: 12,
      options: { folds: 5, blockDays: 7, gapDays: 0, window: 'expanding', refit: 'every' },
    })
    events.emit(job({ status: 'failed', endedAt: 2, message: 'Fold 2 diverged.' }))
    await started
    // a failed backtest says why; the folds done stay readable
    expect(backtests.error).toBe('Fold 2 diverged.')
  })

  it('says why a backtest cannot start, and starts nothing', async () => {
    bridge.backtest.start.mockResolvedValueOnce({
      ok: false,
      error: {
        code: 'invalid-input',
        message: 'Dataset 3 has 10 kept days: 3 folds of 7 days need 21 and more.',
      },
    })
    const backtests = useBacktestsStore()
    backtests.modelId = 1
    await backtests.start()
    expect(backtests.error).toBe('Dataset 3 has 10 kept days: 3 folds of 7 days need 21 and more.')
    expect(backtests.running).toBe(false)
    expect(backtests.selected).toBeNull()
  })

  it('shows the fold last asked for, even when an earlier answer comes back later', async () => {
    const backtests = useBacktestsStore()
    await backtests.select(9)
    let answerFold1: (value: unknown) => void = () => undefined
    bridge.backtest.predictions
      .mockImplementationOnce(() => new Promise((resolve) => (answerFold1 = resolve)))
      .mockResolvedValueOnce({ ok: true, data: { fold: 2, t: [1], bands: [] } })
    const first = backtests.showPredictions({ fold: 1, step: 1 })
    await backtests.showPredictions({ fold: 2, step: 1 })
    answerFold1({ ok: true, data: { fold: 1, t: [1], bands: [] } })
    await first
    expect(backtests.predictions?.fold).toBe(2)
    expect(bridge.backtest.predictions).toHaveBeenLastCalledWith({ backtestId: 9, fold: 2, step: 1 })
    backtests.hidePredictions()
    expect(backtests.predictions).toBeNull()
  })
})
