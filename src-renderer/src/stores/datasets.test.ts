// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { DatasetDetail, JobInfo } from '../../../src-main/shared/contract'
import { useDatasetsStore } from './datasets'
import { jobEvents, jobInfo } from '../test-support/job-events'
import { useJobsStore } from './jobs'

const ok = <T>(data: T) => ({ ok: true as const, data })
const job = (patch: Partial<JobInfo>) => jobInfo('import', 'Import a.csv', patch)
const detail = {
  report: {
    datasetId: 7,
    home: 'CDB001',
    intervalSeconds: 900,
    rows: 2,
    duplicates: 0,
    start: '',
    end: '',
    days: [],
    warnings: [],
  },
  name: 'a.csv',
  zone: 'Europe/Brussels',
  createdAt: '',
  readings: 2,
  columns: ['p_cons', 'p_prod', 'p_tot'],
  stats: { min: 1, mean: 1, max: 1 },
  files: [],
  recipe: {
    minCompleteness: 0.9,
    dropZeroDominatedDays: true,
    fillGapsUpToSeconds: 900,
    flipSign: false,
    spikeThresholdW: 100000,
    treatZeroRowsAsMissing: true,
    resampleSeconds: null,
  },
  keptDays: ['2022-01-01'],
  removedDays: ['2022-01-02'],
  cleanedAt: null,
  rangeStartMs: 0,
  rangeEndMs: 1,
} satisfies DatasetDetail

describe('useDatasetsStore', () => {
  let events = jobEvents()
  let dataset: Record<string, ReturnType<typeof vi.fn>>
  beforeEach(() => {
    setActivePinia(createPinia())
    events = jobEvents()
    dataset = {
      list: vi.fn(async () => ok([])),
      get: vi.fn(async () => ok(detail)),
      import: vi.fn(async () => ok(job({}))),
      series: vi.fn(async () => ok({ column: 'p_cons', x: [], min: [], max: [], mean: [], raw: true })),
      profile: vi.fn(async () => ok(null)),
      distribution: vi.fn(async () => ok(null)),
      clean: vi.fn(async (request: { recipe: { minCompleteness: number } }) =>
        ok({
          keptDays: [],
          removedDays: request.recipe.minCompleteness > 0.5 ? ['2022-01-01', '2022-01-02'] : [],
        }),
      ),
    }
    window.api = {
      dataset,
      dialog: { openFiles: vi.fn(async () => ok({ paths: ['/x/a.csv', '/x/b.csv'] })) },
      job: { list: vi.fn(async () => ok([])) },
      on: events.on,
    } as never
  })
  afterEach(() => {
    window.api = undefined
  })

  it('imports the chosen files as one job and selects the new dataset when it is done', async () => {
    await useJobsStore().connect()
    const store = useDatasetsStore()
    const done = store.pickAndImport()
    await vi.waitFor(() => expect(dataset.import).toHaveBeenCalledWith({ paths: ['/x/a.csv', '/x/b.csv'] }))
    expect(store.importing).toBe(true)
    events.emit(job({ status: 'done', endedAt: 2, result: { datasets: [{ datasetId: 7 }] } }))
    await done
    expect(dataset.get).toHaveBeenCalledWith({ datasetId: 7 })
    expect(store.detail?.report.home).toBe('CDB001')
    // the saved days first, then the backend's preview of the loaded recipe (0.9 → both days in this stub)
    expect(store.removedDays.has('2022-01-02')).toBe(true)
    await vi.waitFor(() =>
      expect(dataset.clean).toHaveBeenCalledWith(expect.objectContaining({ datasetId: 7, save: false })),
    )
  })

  it('says which datasets an import found already in the library, and selects the first', async () => {
    await useJobsStore().connect()
    dataset.list = vi.fn(async () => ok([{ datasetId: 7, name: 'May.csv' }]))
    const store = useDatasetsStore()
    const done = store.importFiles(['/x/May.csv', '/x/other.csv'])
    await vi.waitFor(() => expect(store.importing).toBe(true))
    events.emit(
      job({
        status: 'done',
        endedAt: 2,
        result: {
          datasets: [
            { datasetId: 7, home: 'CDB001', alreadyImported: true },
            { datasetId: 8, home: 'CDB002', alreadyImported: false },
          ],
        },
      }),
    )
    await done
    expect(store.notice).toBe(
      'Already in the library, nothing was added: dataset 7 “May.csv” (CDB001); the other households were imported.',
    )
    expect(dataset.get).toHaveBeenCalledWith({ datasetId: 7 })
    // the next import starts without the old notice, and one that adds everything shows none
    dataset.import = vi.fn(async () => ok(job({ jobId: 'j2' })))
    const next = store.importFiles(['/x/new.csv'])
    expect(store.notice).toBeNull()
    await vi.waitFor(() => expect(dataset.import).toHaveBeenCalledTimes(1))
    const added = { datasets: [{ datasetId: 9, alreadyImported: false }] }
    events.emit(job({ jobId: 'j2', status: 'done', endedAt: 3, result: added }))
    await next
    expect(store.notice).toBeNull()
  })

  it('previews a recipe change on the backend and shows its removed days', async () => {
    const store = useDatasetsStore()
    await store.select(7)
    store.recipe = { ...store.recipe!, minCompleteness: 0.2 }
    await vi.waitFor(() => expect(store.preview?.removedDays).toEqual([]))
    expect(store.recipeChanged).toBe(true)
    store.recipe = { ...store.recipe!, minCompleteness: 0.95 }
    await nextTick()
    await vi.waitFor(() => expect([...store.removedDays]).toEqual(['2022-01-01', '2022-01-02']))
  })

  it('reports a failed import and a drop without file paths', async () => {
    await useJobsStore().connect()
    const store = useDatasetsStore()
    const done = store.importFiles(['/x/bad.csv'])
    await vi.waitFor(() => expect(store.importing).toBe(true))
    events.emit(
      job({
        status: 'failed',
        endedAt: 2,
        error: { code: 'invalid-input', message: 'bad.csv, line 3: oops' },
      }),
    )
    await done
    expect(store.error).toBe('bad.csv, line 3: oops')
    await store.dropFiles([new File(['x'], 'a.csv')])
    expect(store.error).toMatch(/needs the desktop app/)
  })
})
