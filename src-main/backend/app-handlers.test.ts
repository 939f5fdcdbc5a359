import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Library } from '../db/library'
import type { EventChannel, EventPayload } from '../shared/contract'
import { readTokens } from '../test-support/file-grants'
import { makeTempDir, sourceWorkerEntry, voisinFixtures } from '../test-support/temp-dir'
import { createBackend, type Backend } from './create-backend'
import { watchLibrary } from './library-watch'

let temp: ReturnType<typeof makeTempDir>
let backend: Backend
beforeEach(async () => {
  temp = makeTempDir('vf-app-')
  backend = await createBackend({ dataDir: temp.dir, workerEntry: sourceWorkerEntry })
})
afterEach(async () => {
  await backend.close()
  temp.remove()
})

async function call<C extends Parameters<Backend['call']>[0]>(channel: C, request: unknown) {
  const result = await backend.call(channel, request)
  if (!result.ok) throw new Error(result.error.message)
  return result.data
}

const march = join(voisinFixtures, 'months/CDB008/CDB008_2022_03_15min.csv')
const april = join(voisinFixtures, 'months/CDB008/CDB008_2022_04_15min.csv')

describe('app settings', () => {
  it('keeps the theme in the library, and refuses one it does not know', async () => {
    expect((await call('app:settings', {})).theme).toBe('system')
    expect((await call('app:updateSettings', { theme: 'dark' })).theme).toBe('dark')
    await backend.close()
    backend = await createBackend({ dataDir: temp.dir, workerEntry: sourceWorkerEntry })
    expect((await call('app:settings', {})).theme).toBe('dark')
    const refused = await backend.call('app:updateSettings', { theme: 'sepia' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-request' } })
  })

  it('remembers an import once it is in the library, and opens it again by id, never by path', async () => {
    const job = await call('dataset:import', { files: readTokens(backend, [march, april]) })
    expect((await backend.context.jobs.wait(job.jobId)).status).toBe('done')
    // remembered just after the job settles
    await expect.poll(async () => (await call('app:settings', {})).recentImports.length).toBe(1)
    const [recent] = (await call('app:settings', {})).recentImports
    expect(recent).toMatchObject({ name: 'CDB008_2022_03_15min.csv + 1 more', paths: [march, april] })
    const again = await call('dataset:importRecent', { recentId: recent.id })
    const final = await backend.context.jobs.wait(again.jobId)
    expect(final.kind === 'import' && final.result?.datasets.map((d) => d.alreadyImported)).toEqual([true])
    // the same files again move up instead of being listed twice
    await expect.poll(async () => (await call('app:settings', {})).recentImports.length).toBe(1)
    await expect(call('dataset:importRecent', { recentId: 'nope' })).rejects.toThrow('no longer in the list')
    expect((await call('app:clearRecent', {})).recentImports).toEqual([])
  })

  it('imports again, as a new dataset, the files of a dataset deleted in this session', async () => {
    const first = await call('dataset:import', { files: readTokens(backend, [march]) })
    const done = await backend.context.jobs.wait(first.jobId)
    const datasetId = done.kind === 'import' ? done.result!.datasets[0].datasetId : 0
    await call('dataset:delete', { datasetId })
    const second = await call('dataset:import', { files: readTokens(backend, [march]) })
    const final = await backend.context.jobs.wait(second.jobId)
    expect(final.kind === 'import' && final.result?.datasets[0]).toMatchObject({ alreadyImported: false })
    expect((await call('dataset:list', {})).map((d) => d.datasetId)).not.toContain(datasetId)
  })
})

describe('watchLibrary', () => {
  it('reports datasets another connection adds, and only then', async () => {
    const seen: number[][] = []
    const stop = watchLibrary(backend.context.library, (ids) => seen.push(ids), 20)
    try {
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(seen).toEqual([])
      // another process on the same library file (the CLI, a second window)
      const other = await Library.open(join(temp.dir, 'library.sqlite'))
      await other.run("INSERT INTO datasets (home, name) VALUES ('CDB999', 'from the CLI')")
      await other.close()
      await expect.poll(() => seen.length).toBe(1)
      expect(seen[0]).toHaveLength(1)
    } finally {
      stop()
    }
  })

  it('is what the app turns on: a dataset:changed event reaches the listeners', async () => {
    const app = await createBackend({ dataDir: temp.dir, workerEntry: sourceWorkerEntry, watchLibrary: true })
    const events: EventPayload<'dataset:changed'>[] = []
    app.onEvent((channel: EventChannel, payload) => {
      if (channel === 'dataset:changed') events.push(payload as EventPayload<'dataset:changed'>)
    })
    try {
      await new Promise((resolve) => setTimeout(resolve, 200))
      const job = await call('dataset:import', { files: readTokens(backend, [march]) })
      await backend.context.jobs.wait(job.jobId)
      await expect.poll(() => events.length, { timeout: 10_000 }).toBeGreaterThan(0)
      expect(events.at(-1)!.datasetIds).toHaveLength(1)
    } finally {
      await app.close()
    }
  })
})
