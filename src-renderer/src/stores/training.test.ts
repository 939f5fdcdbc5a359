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

describe('useTrainingStore in community mode', () => {
  let events = jobEvents()
  let bridge: Record<string, Record<string, ReturnType<typeof vi.fn>>>
  const finish = () => setTimeout(() => events.emit(job({ status: 'done', endedAt: 2, fraction: 1 })), 5)
  beforeEach(() => {
    setActivePinia(createPinia())
    events = jobEvents()
    bridge = {
      job: { list: vi.fn(async () => ({ ok: true, data: [] })) },
      community: {
        list: vi.fn(async () => ({
          ok: true,
          data: [
            { communityId: 3, name: 'SOLO', homes: [{ datasetId: 9, home: 'SOLO01' }] },
            {
              communityId: 1,
              name: 'CDB',
              homes: [
                { datasetId: 1, home: 'CDB001' },
                { datasetId: 2, home: 'CDB002' },
                { datasetId: 4, home: 'CDB059' },
              ],
            },
          ],
        })),
        buildTotal: vi.fn(async () => ({
          ok: true,
          data: {
            datasetId: 12,
            rebuilt: true,
            completeShare: 0.4,
            members: [{ datasetId: 1, home: 'CDB001', included: true, reason: null }],
          },
        })),
      },
      training: {
        startGlobal: vi.fn(async () => (finish(), { ok: true, data: { runId: 8, job: job({}) } })),
        start: vi.fn(async () => (finish(), { ok: true, data: { runId: 9, job: job({}) } })),
        runs: vi.fn(async () => ({ ok: true, data: [] })),
        run: vi.fn(async ({ runId }: { runId: number }) => ({
          ok: true,
          data: {
            runId,
            datasetId: runId === 9 ? 12 : null,
            outcome: { history: historyOf(1), trainSeconds: 1 },
          },
        })),
      },
    }
    window.api = { ...bridge, on: events.on } as never
  })
  afterEach(() => {
    window.api = undefined
  })

  it('trains one global model on the homes ticked, without the single dataset of the form', async () => {
    await useJobsStore().connect()
    const training = useTrainingStore()
    training.request = {
      ...training.request,
      datasetId: 5,
      initFrom: 77,
      epochs: 1,
      hiddenSizes: [4],
      precision: 'float64',
      threads: 2,
    }
    training.mode = 'community'
    await training.loadCommunities()
    // the first community with two homes or more is offered first
    expect(training.community?.name).toBe('CDB')
    training.toggleHome(4)
    expect(training.tickedHomes.map((h) => h.home)).toEqual(['CDB001', 'CDB002'])
    expect(training.canStart).toBe(true)
    await training.start()
    const request = bridge.training.startGlobal.mock.calls[0][0]
    // the form's engine settings go with it: a global model trains in the precision and threads chosen
    expect(request).toMatchObject({
      datasetIds: [1, 2],
      communityId: 1,
      epochs: 1,
      hiddenSizes: [4],
      precision: 'float64',
      threads: 2,
    })
    expect(request).not.toHaveProperty('datasetId')
    expect(request).not.toHaveProperty('initFrom')
    expect(bridge.training.start).not.toHaveBeenCalled()
    expect(training.selectedRun?.runId).toBe(8)
    expect(training.error).toBeNull()
  })

  it('builds the total of the homes ticked, then trains on its dataset like a home', async () => {
    await useJobsStore().connect()
    const training = useTrainingStore()
    training.mode = 'community'
    await training.loadCommunities()
    training.target = 'total'
    training.toggleHome(2)
    await training.start()
    expect(bridge.community.buildTotal).toHaveBeenCalledWith({ communityId: 1, homes: [1, 4] })
    expect(bridge.training.start).toHaveBeenCalledWith(expect.objectContaining({ datasetId: 12 }))
    expect(training.trainedTotal).toMatchObject({ datasetId: 12, community: 'CDB' })
    // every home ticked: the backend chooses which homes the total includes
    training.toggleHome(2)
    await training.start()
    expect(bridge.community.buildTotal).toHaveBeenLastCalledWith({ communityId: 1 })
  })

  it('says why a community run cannot start', async () => {
    const training = useTrainingStore()
    training.mode = 'community'
    await training.loadCommunities()
    training.chooseCommunity(3)
    expect(training.communityBlocker).toMatch(/at least 2 homes/)
    expect(training.canStart).toBe(false)
    await training.start()
    expect(bridge.training.startGlobal).not.toHaveBeenCalled()
    expect(training.error).toMatch(/at least 2 homes/)
    training.target = 'total'
    expect(training.canStart).toBe(true)
  })
})
