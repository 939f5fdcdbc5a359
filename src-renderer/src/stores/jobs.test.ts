// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { JobInfo } from '../../../src-main/shared/contract'
import { jobEvents, jobInfo } from '../test-support/job-events'
import { useJobsStore } from './jobs'

const job = (patch: Partial<JobInfo>) => jobInfo('import', 'Import a.csv', patch)

describe('useJobsStore', () => {
  let events = jobEvents()
  beforeEach(() => {
    setActivePinia(createPinia())
    events = jobEvents()
    window.api = {
      job: {
        list: vi.fn(async () => ({ ok: true, data: [job({ jobId: 'j0', status: 'done', endedAt: 1 })] })),
        cancel: vi.fn(async () => ({ ok: false, error: { code: 'not-found', message: 'No job j1.' } })),
      },
      on: events.on,
    } as never
  })
  afterEach(() => {
    window.api = undefined
  })

  it('follows a job from start to end through events', async () => {
    const store = useJobsStore()
    await store.connect()
    expect(store.jobs.j0.status).toBe('done')
    events.emit(job({}))
    expect(store.active.map((j) => j.jobId)).toEqual(['j1'])
    const settled = store.settled('j1')
    events.emit(job({ fraction: 0.5, message: 'half' }))
    expect(store.jobs.j1.fraction).toBe(0.5)
    events.emit(job({ status: 'done', endedAt: 2 }))
    await expect(settled).resolves.toMatchObject({ status: 'done' })
    expect(store.active).toHaveLength(0)
  })

  it("shows a job a call just started as running, and never overwrites a newer state with the call's answer", async () => {
    const store = useJobsStore()
    await store.connect()
    store.track(job({}))
    expect(store.active.map((j) => j.jobId)).toEqual(['j1'])
    events.emit(job({ status: 'done', endedAt: 2 }))
    store.track(job({}))
    expect(store.jobs.j1.status).toBe('done')
  })

  it('shows a failed cancel as an error message instead of throwing', async () => {
    const store = useJobsStore()
    await store.cancel('j1')
    expect(store.lastError).toBe('No job j1.')
  })

  it('reports a missing backend clearly', async () => {
    window.api = undefined
    const store = useJobsStore()
    await store.cancel('j1')
    expect(store.lastError).toMatch(/Not connected/)
  })
})
