// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { JobInfo } from '../../../src-main/shared/contract'
import { jobEvents, jobInfo } from '../test-support/job-events'
import { useJobsStore } from './jobs'
import { useTrainingStore } from './training'

const job = (patch: Partial<JobInfo>) => jobInfo('train', 'Train', patch)

const historyOf = (epochs: number) =>
  Array.from({ length: epochs }, (_, i) => ({
    epoch: i + 1,
    trainLoss: 1 / (i + 1),
    valLoss: 1.5 / (i + 1),
    valPerStep: null,
    learningRate: 0.01,
    seconds: i + 1,
  }))

describe('useTrainingStore', () => {
  let events = jobEvents()
  let progressBeforeEnd: (() => void) | null = null
  beforeEach(() => {
    setActivePinia(createPinia())
    events = jobEvents()
    progressBeforeEnd = null
    window.api = {
      job: { list: vi.fn(async () => ({ ok: true, data: [] })) },
      training: {
        start: vi.fn(async () => {
          // the job's messages arrive one by one after the start call returns, as over IPC
          setTimeout(() => progressBeforeEnd?.(), 0)
          setTimeout(() => events.emit(job({ status: 'done', endedAt: 2, fraction: 1 })), 5)
          return { ok: true, data: { runId: 7, job: job({}) } }
        }),
        runs: vi.fn(async () => ({ ok: true, data: [] })),
        run: vi.fn(async () => ({
          ok: true,
          data: { runId: 7, outcome: { history: historyOf(3), trainSeconds: 1.5 } },
        })),
      },
      on: events.on,
    } as never
  })
  afterEach(() => {
    window.api = undefined
  })

  it('shows the whole curve of a run that ended before any epoch was reported', async () => {
    await useJobsStore().connect()
    const training = useTrainingStore()
    await training.start()
    expect(training.live?.epoch).toBe(3)
    expect(training.live?.history.map((h) => h.epoch)).toEqual([1, 2, 3])
    expect(training.live?.etaSeconds).toBe(0)
  })

  it('completes a curve whose last epochs arrived after the last progress message', async () => {
    progressBeforeEnd = () =>
      events.emit(
        job({
          progress: { epoch: 1, epochs: 10, samplesPerSecond: 900, history: historyOf(1) } as never,
        }),
      )
    await useJobsStore().connect()
    const training = useTrainingStore()
    await training.start()
    expect(training.live?.history).toHaveLength(3)
    // the planned epoch count and the last measured speed stay as the run reported them
    expect(training.live?.epochs).toBe(10)
    expect(training.live?.samplesPerSecond).toBe(900)
  })
})
