import { afterEach, describe, expect, it, vi } from 'vitest'
import type { JobInfo } from '../shared/contract'
import { CANCEL_GRACE_MS, JobService } from './job-service'
import type { ParentMessage, WorkerHandle, WorkerMessage } from './protocol'

/** A scripted worker: the test decides what it says and when it exits. */
function fakeWorker() {
  let onMessage: (m: WorkerMessage) => void = () => undefined
  let onExit: (code: number | null) => void = () => undefined
  const received: ParentMessage[] = []
  const handle: WorkerHandle = {
    postMessage: (m) => received.push(m),
    onMessage: (l) => (onMessage = l),
    onExit: (l) => (onExit = l),
    kill: vi.fn(() => onExit(null)),
  }
  return {
    handle,
    received,
    say: (m: WorkerMessage) => onMessage(m),
    exit: (code: number | null) => onExit(code),
  }
}

function service() {
  const worker = fakeWorker()
  const updates: JobInfo[] = []
  const jobs = new JobService({
    spawnWorker: () => worker.handle,
    workerEntry: 'worker.js',
    context: { databasePath: 'lib.sqlite', dataDir: '/data' },
    onUpdate: (info) => updates.push(info),
  })
  return { jobs, worker, updates }
}

afterEach(() => vi.useRealTimers())

describe('JobService', () => {
  it('sends start once the worker is ready, relays progress and resolves with the result', async () => {
    const { jobs, worker, updates } = service()
    const info = jobs.start('analyse-file', { path: 'a.csv' }, 'Analyse a.csv')
    worker.say({ type: 'ready' })
    expect(worker.received[0]).toMatchObject({
      type: 'start',
      kind: 'analyse-file',
      params: { path: 'a.csv' },
    })
    worker.say({ type: 'progress', fraction: 0.5, message: 'half' })
    expect(updates.at(-1)).toMatchObject({ status: 'running', fraction: 0.5, message: 'half' })
    worker.say({ type: 'done', result: { rows: 3 } })
    worker.exit(0)
    const final = await jobs.wait(info.jobId)
    expect(final).toMatchObject({ status: 'done', fraction: 1, result: { rows: 3 } })
    expect(final.endedAt).not.toBeNull()
  })

  it('marks a job failed when its process dies without finishing', async () => {
    const { jobs, worker } = service()
    const info = jobs.start('analyse-file', {}, 'x')
    worker.say({ type: 'ready' })
    worker.exit(134)
    const final = await jobs.wait(info.jobId)
    expect(final.status).toBe('failed')
    expect(final.message).toMatch(/exited with code 134/)
  })

  it('asks a job to cancel, and kills it when it does not stop within the grace period', async () => {
    vi.useFakeTimers()
    const { jobs, worker } = service()
    const info = jobs.start('analyse-file', {}, 'x')
    worker.say({ type: 'ready' })
    jobs.cancel(info.jobId)
    expect(worker.received.at(-1)).toEqual({ type: 'cancel' })
    expect(worker.handle.kill).not.toHaveBeenCalled()
    vi.advanceTimersByTime(CANCEL_GRACE_MS + 1)
    expect(worker.handle.kill).toHaveBeenCalled()
    expect((await jobs.wait(info.jobId)).status).toBe('cancelled')
  })

  it('keeps the first final state (a late exit does not overwrite done)', async () => {
    const { jobs, worker } = service()
    const info = jobs.start('analyse-file', {}, 'x')
    worker.say({ type: 'done', result: 1 })
    worker.exit(1)
    expect((await jobs.wait(info.jobId)).status).toBe('done')
    expect(jobs.list()).toHaveLength(1)
  })

  it('rejects unknown job ids', async () => {
    const { jobs } = service()
    expect(() => jobs.cancel('nope')).toThrow(/No job nope/)
    await expect(jobs.wait('nope')).rejects.toThrow(/No job nope/)
  })
})
