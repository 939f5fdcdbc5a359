// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { JobInfo } from '../../../src-main/shared/contract'
import { useJobsStore } from './jobs'

const job = (patch: Partial<JobInfo>): JobInfo => ({
  jobId: 'j1',
  kind: 'analyse-file',
  label: 'Analyse a.csv',
  status: 'running',
  fraction: null,
  message: '',
  startedAt: 1,
  endedAt: null,
  ...patch,
})

describe('useJobsStore', () => {
  let emit: (info: JobInfo) => void = () => undefined
  beforeEach(() => {
    setActivePinia(createPinia())
    window.api = {
      job: {
        list: vi.fn(async () => ({ ok: true, data: [] })),
        start: vi.fn(async () => ({ ok: true, data: job({}) })),
        cancel: vi.fn(async () => ({ ok: false, error: { code: 'not-found', message: 'No job j1.' } })),
      },
      on: { job: { updated: (listener: (info: JobInfo) => void) => ((emit = listener), () => undefined) } },
    } as never
  })
  afterEach(() => {
    window.api = undefined
  })

  it('follows a job from start to end through events', async () => {
    const store = useJobsStore()
    await store.connect()
    const info = await store.start({ kind: 'analyse-file', params: { path: '/a.csv' } })
    expect(store.active.map((j) => j.jobId)).toEqual(['j1'])
    const settled = store.settled(info.jobId)
    emit(job({ fraction: 0.5, message: 'half' }))
    expect(store.jobs.j1.fraction).toBe(0.5)
    emit(job({ status: 'done', endedAt: 2 }))
    await expect(settled).resolves.toMatchObject({ status: 'done' })
    expect(store.active).toHaveLength(0)
  })

  it('shows a failed cancel as an error message instead of throwing', async () => {
    const store = useJobsStore()
    await store.cancel('j1')
    expect(store.lastError).toBe('No job j1.')
  })

  it('reports a missing backend clearly', async () => {
    window.api = undefined
    const store = useJobsStore()
    await expect(store.start({ kind: 'analyse-file', params: { path: '/a.csv' } })).rejects.toThrow(
      /Not connected/,
    )
  })
})
