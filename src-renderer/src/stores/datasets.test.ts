// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { DatasetDetail, JobInfo } from '../../../src-main/shared/contract'
import { importSummaryOf, localDayRange, useDatasetsStore } from './datasets'
import { jobEvents, jobInfo } from '../test-support/job-events'
import { useJobsStore } from './jobs'

const ok = <T>(data: T) => ({ ok: true as const, data })
const job = (patch: Partial<JobInfo>) => jobInfo('import', 'Import a.csv', patch)
const detail = {
  report: {
    datasetId: 7,
    home: 'CDB001',
    kind: 'home' as const,
    community: 'CDB',
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
  stats: { p_cons: { min: 1, mean: 1, max: 1, count: 2 } },
  rawStats: { p_cons: { min: 1, mean: 1, max: 1, count: 2 } },
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
  removalReasons: { '2022-01-02': 'incomplete' as const },
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
      dialog: {
        openFiles: vi.fn(async () =>
          ok({
            files: [
              { token: 't-a', name: 'a.csv' },
              { token: 't-b', name: 'b.csv' },
            ],
          }),
        ),
      },
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
    await vi.waitFor(() =>
      expect(dataset.import).toHaveBeenCalledWith({
        files: ['t-a', 't-b'],
        naive: 'auto',
        zone: 'Europe/Brussels',
      }),
    )
    expect(store.importing).toBe(true)
    events.emit(job({ status: 'done', endedAt: 2, result: { datasets: [{ datasetId: 7 }] } as never }))
    await done
    expect(dataset.get).toHaveBeenCalledWith({ datasetId: 7 })
    expect(store.detail?.report.home).toBe('CDB001')
    // the saved days first, then the backend's preview of the loaded recipe (0.9 → both days in this stub)
    expect(store.removedDays.has('2022-01-02')).toBe(true)
    await vi.waitFor(() =>
      expect(dataset.clean).toHaveBeenCalledWith(expect.objectContaining({ datasetId: 7, save: false })),
    )
  })

  /** An import job's report of one dataset (the fields the store reads, the rest empty). */
  const imported = (datasetId: number, home: string, alreadyImported: boolean) => ({
    datasetId,
    home,
    kind: 'home' as const,
    community: null,
    intervalSeconds: 900,
    rows: 0,
    duplicates: 0,
    start: '',
    end: '',
    days: [],
    warnings: [],
    alreadyImported,
  })
  const grant = (name: string) => ({ token: `token-${name}`, name })

  it('says which datasets an import found already in the library, and selects the first', async () => {
    await useJobsStore().connect()
    dataset.list = vi.fn(async () => ok([{ datasetId: 7, name: 'May.csv' }]))
    const store = useDatasetsStore()
    const done = store.importFiles([grant('May.csv'), grant('other.csv')])
    await vi.waitFor(() => expect(store.importing).toBe(true))
    events.emit(
      job({
        status: 'done',
        endedAt: 2,
        result: {
          datasets: [imported(7, 'CDB001', true), imported(8, 'CDB002', false)],
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
    const next = store.importFiles([grant('new.csv')])
    expect(store.notice).toBeNull()
    await vi.waitFor(() => expect(dataset.import).toHaveBeenCalledTimes(1))
    const added = { datasets: [imported(9, 'CDB003', false)] }
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
    const done = store.importFiles([{ token: 't-bad', name: 'bad.csv' }])
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

  it('imports dropped files by the tokens the preload got for them, never by path', async () => {
    const grantDroppedFiles = vi.fn(async (files: File[]) =>
      ok({ files: files.map((f, k) => ({ token: `t-drop-${k}`, name: f.name })) }),
    )
    window.api = { ...window.api!, grantDroppedFiles } as never
    await useJobsStore().connect()
    const store = useDatasetsStore()
    expect(store.canDrop).toBe(true)
    const dropped = [new File(['x'], 'a.csv'), new File(['y'], 'b.csv')]
    const done = store.dropFiles(dropped)
    await vi.waitFor(() =>
      expect(dataset.import).toHaveBeenCalledWith(
        expect.objectContaining({ files: ['t-drop-0', 't-drop-1'] }),
      ),
    )
    expect(grantDroppedFiles).toHaveBeenCalledWith(dropped)
    events.emit(job({ status: 'cancelled', endedAt: 2 }))
    await done
    expect(store.error).toBeNull()
  })

  it('shows why a drop was refused', async () => {
    window.api = {
      ...window.api!,
      grantDroppedFiles: async () => ({
        ok: false,
        error: { code: 'invalid-input', message: 'None of the dropped items is a file on this computer.' },
      }),
    } as never
    const store = useDatasetsStore()
    await store.dropFiles([new File(['x'], 'a.csv')])
    expect(store.error).toBe('None of the dropped items is a file on this computer.')
    expect(dataset.import).not.toHaveBeenCalled()
  })

  it('imports a folder chosen in a folder dialog and keeps its summary and the files left out', async () => {
    await useJobsStore().connect()
    const store = useDatasetsStore()
    window.api!.dialog.openFiles = vi.fn(async () => ok({ files: [grant('community')] })) as never
    const done = store.pickAndImportFolder()
    await vi.waitFor(() =>
      expect(dataset.import).toHaveBeenCalledWith(expect.objectContaining({ files: ['token-community'] })),
    )
    expect(window.api!.dialog.openFiles).toHaveBeenCalledWith(expect.objectContaining({ folders: true }))
    const summary = {
      folders: true,
      files: 13,
      imported: 12,
      homes: 6,
      months: 2,
      communities: ['CDB', 'ECHL'],
    }
    const refused = [{ path: '/data/CDB/broken.csv', reason: 'broken.csv, line 2: not a number' }]
    events.emit(
      job({
        status: 'done',
        endedAt: 2,
        result: { datasets: [imported(7, 'CDB001', false)], summary, refused },
      }),
    )
    await done
    expect(store.importSummary).toEqual({ summary, refused })
    // the next import starts without it
    dataset.import = vi.fn(async () => ok(job({ jobId: 'j2' })))
    void store.importFiles([grant('one.csv')])
    expect(store.importSummary).toBeNull()
  })

  it('shows a summary for folders and several files, not for one file read whole', () => {
    const summary = (files: number) => ({
      folders: files > 2,
      files,
      imported: files,
      homes: 1,
      months: 1,
      communities: [],
    })
    expect(importSummaryOf({ datasets: [], summary: summary(1), refused: [] })).toBeNull()
    expect(importSummaryOf({ datasets: [], summary: summary(3) })).toEqual({
      summary: summary(3),
      refused: [],
    })
    const refused = [{ path: 'a.csv', reason: 'empty' }]
    expect(importSummaryOf({ datasets: [], summary: summary(1), refused })?.refused).toEqual(refused)
    expect(importSummaryOf({ datasets: [] })).toBeNull()
  })

  it('opens one local day of a dataset: the chart window is that day in the dataset’s zone', async () => {
    const store = useDatasetsStore()
    await store.openDay(7, '2022-03-27')
    // the spring clock change: a 23-hour day, from 00:00 CET to 00:00 CEST
    const day = { fromMs: Date.UTC(2022, 2, 26, 23), toMs: Date.UTC(2022, 2, 27, 22) }
    expect(localDayRange('2022-03-27', 'Europe/Brussels')).toEqual(day)
    // every window asked for (the first, and the one the recipe's preview reloads) is that day
    await vi.waitFor(() => expect(dataset.series).toHaveBeenCalledTimes(2))
    for (const [request] of vi.mocked(dataset.series).mock.calls)
      expect(request).toEqual(expect.objectContaining({ datasetId: 7, ...day }))
    expect(store.selectedId).toBe(7)
    expect(store.notice).toBe(
      'Showing CDB001 on 2022-03-27 (00:00 to 24:00, Europe/Brussels); “Whole range” shows every day.',
    )
    // choosing another dataset ends the day's notice
    await store.select(7)
    expect(store.notice).toBeNull()
    expect(dataset.series).toHaveBeenLastCalledWith(expect.not.objectContaining({ fromMs: day.fromMs }))
  })

  it('imports with the zone choice the person made for timestamps without a zone', async () => {
    const store = useDatasetsStore()
    store.naive = 'utc'
    store.zone = 'Europe/Paris'
    void store.importFiles([grant('naive.csv')])
    await vi.waitFor(() =>
      expect(dataset.import).toHaveBeenCalledWith({
        files: ['token-naive.csv'],
        naive: 'utc',
        zone: 'Europe/Paris',
      }),
    )
  })

  it('undoes a dataset delete by restoring it', async () => {
    dataset.list = vi.fn(async () => ok([{ datasetId: 7, home: 'CDB001', name: 'a.csv' }]))
    dataset.delete = vi.fn(async () => ok({ deleted: 7 }))
    dataset.restore = vi.fn(async () => ok({ datasetId: 7 }))
    const store = useDatasetsStore()
    await store.load()
    await store.remove(7)
    expect(dataset.delete).toHaveBeenCalledWith({ datasetId: 7 })
    expect(store.undo?.message).toBe('Dataset CDB001 · a.csv deleted.')
    await store.undoLast()
    expect(dataset.restore).toHaveBeenCalledWith({ datasetId: 7 })
    expect(store.selectedId).toBe(7)
    expect(store.undo).toBeNull()
  })

  it('undoes a saved recipe: back to the previous one, or to none saved', async () => {
    const store = useDatasetsStore()
    await store.select(7)
    store.recipe = { ...store.recipe!, minCompleteness: 0.5 }
    await store.saveRecipe()
    expect(dataset.clean).toHaveBeenCalledWith(
      expect.objectContaining({
        datasetId: 7,
        save: true,
        recipe: expect.objectContaining({ minCompleteness: 0.5 }),
      }),
    )
    await store.undoLast()
    // the dataset had no saved recipe (cleanedAt null): the saved one is forgotten
    expect(dataset.clean).toHaveBeenCalledWith({ datasetId: 7, forgetSaved: true })
    dataset.get = vi.fn(async () =>
      ok({ ...detail, cleanedAt: '2024-01-01', recipe: { ...detail.recipe, minCompleteness: 0.8 } }),
    )
    await store.select(7)
    store.recipe = { ...store.recipe!, minCompleteness: 0.3 }
    await store.saveRecipe()
    await store.undoLast()
    expect(dataset.clean).toHaveBeenCalledWith({
      datasetId: 7,
      recipe: expect.objectContaining({ minCompleteness: 0.8 }),
      save: true,
    })
  })

  it('lists datasets that arrive from elsewhere (the CLI, another window) when the backend says so', async () => {
    const listeners: (() => void)[] = []
    window.api = {
      ...window.api!,
      on: {
        ...(window.api!.on as object),
        dataset: { changed: (l: () => void) => (listeners.push(l), () => undefined) },
      },
    } as never
    const store = useDatasetsStore()
    await store.load()
    expect(store.list).toEqual([])
    dataset.list = vi.fn(async () => ok([{ datasetId: 7, home: 'CDB001', name: 'from the CLI' }]))
    for (const listener of listeners) listener()
    await vi.waitFor(() => expect(store.list.map((d) => d.datasetId)).toEqual([7]))
    await vi.waitFor(() => expect(store.selectedId).toBe(7))
  })
})
