import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { JobInfo } from '../shared/contract'
import { makeTempDir, sourceWorkerEntry, voisinFixtures } from '../test-support/temp-dir'
import { createBackend, type Backend } from './create-backend'

describe('createBackend', () => {
  let temp: ReturnType<typeof makeTempDir>
  let backend: Backend
  beforeEach(async () => {
    temp = makeTempDir()
    backend = await createBackend({ dataDir: temp.dir, workerEntry: sourceWorkerEntry })
  })
  afterEach(async () => {
    await backend.close()
    temp.remove()
  })

  it('answers app:info with the version, the library path and its schema version', async () => {
    const result = await backend.call('app:info', {})
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.data.name).toBe('Voisin Forecast')
    expect(result.data.version).toMatch(/^\d+\.\d+\.\d+/)
    expect(result.data.databasePath).toBe(join(temp.dir, 'library.sqlite'))
    expect(result.data.schemaVersion).toBeGreaterThanOrEqual(1)
  })

  it('validates every payload against the contract before a service sees it', async () => {
    expect(await backend.call('job:cancel', { jobId: 7 })).toEqual({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringContaining('at "jobId"') },
    })
    expect(await backend.call('job:start', { kind: 'format-disk', params: {} })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    })
    expect(await backend.call('app:info', { extra: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    })
    expect(await backend.call('nope:never' as never, {})).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    })
  })

  it('reports a missing file dialog as an error value', async () => {
    expect(await backend.call('dialog:openFiles', {})).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    })
  })

  it('runs the analyse job in a real worker process and emits its progress as events', async () => {
    const events: JobInfo[] = []
    backend.onEvent((channel, payload) => {
      if (channel === 'job:updated') events.push(payload as JobInfo)
    })
    const started = await backend.call('job:start', {
      kind: 'analyse-file',
      params: { path: join(voisinFixtures, '15min/CDB001_2022-05-01--2022-05-31_15min.csv') },
    })
    expect(started.ok).toBe(true)
    if (!started.ok) return
    const final = await backend.context.jobs.wait(started.data.jobId)
    expect(final.status).toBe('done')
    // May 2022 at 15 minutes: 31 days × 96 readings
    expect(final.result).toMatchObject({
      rows: 31 * 96,
      header: ['home_id', 'day', 'ts', 'p_cons', 'p_prod', 'p_tot'],
    })
    expect(events[0].status).toBe('running')
    expect(events.at(-1)).toMatchObject({ status: 'done' })
    const listed = await backend.call('job:list', {})
    expect(listed.ok && listed.data.map((j) => j.jobId)).toEqual([started.data.jobId])
  })

  it('turns a job failure into a failed job with a clear message', async () => {
    const started = await backend.call('job:start', {
      kind: 'analyse-file',
      params: { path: join(temp.dir, 'missing.csv') },
    })
    if (!started.ok) throw new Error(started.error.message)
    const final = await backend.context.jobs.wait(started.data.jobId)
    expect(final.status).toBe('failed')
    expect(final.error).toEqual({
      code: 'not-found',
      message: expect.stringContaining('missing.csv: no such file'),
    })
  })
})
