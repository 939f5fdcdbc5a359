// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ModelSummary } from '../../../src-main/shared/model-schemas'
import { useModelsStore } from './models'

const model = (modelId: number, name: string) => ({ modelId, name }) as ModelSummary

describe('useModelsStore', () => {
  // a tiny stand-in for the backend's model library: deleted rows are hidden, restore brings them back
  let rows: { row: ModelSummary; deleted: boolean }[]
  beforeEach(() => {
    setActivePinia(createPinia())
    rows = [
      { row: model(1, 'first'), deleted: false },
      { row: model(2, 'second'), deleted: false },
    ]
    const find = (id: number) => rows.find((r) => r.row.modelId === id)!
    window.api = {
      model: {
        list: vi.fn(async () => ({ ok: true, data: rows.filter((r) => !r.deleted).map((r) => r.row) })),
        delete: vi.fn(async ({ modelId }: { modelId: number }) => {
          find(modelId).deleted = true
          return { ok: true, data: { deleted: modelId } }
        }),
        restore: vi.fn(async ({ modelId }: { modelId: number }) => {
          find(modelId).deleted = false
          return { ok: true, data: find(modelId).row }
        }),
        import: vi.fn(async () => ({
          ok: true,
          data: { modelId: 3, name: 'm', home: 'CDB001', datasetId: null },
        })),
        export: vi.fn(async ({ modelId }: { modelId: number }) => ({
          ok: true,
          data: { modelId, path: '/home/ana/first.vfmodel', bytes: 12345 },
        })),
        forecast: vi.fn(async () => ({
          ok: false,
          error: {
            code: 'invalid-input',
            message: 'The input window of dataset 2 (CDB008) has 3 missing reading(s).',
          },
        })),
      },
      dataset: { list: vi.fn(async () => ({ ok: true, data: [] })) },
      backtest: { list: vi.fn(async () => ({ ok: true, data: [] })) },
      dialog: {
        openFiles: vi.fn(async () => ({
          ok: true,
          data: { files: [{ token: 't-open', name: 'm.vfmodel' }] },
        })),
        saveFile: vi.fn(async () => ({
          ok: true,
          data: { file: { token: 't-save', name: 'first.vfmodel' } },
        })),
      },
    } as never
  })
  afterEach(() => {
    window.api = undefined
  })

  it('deletes and undoes in reverse order, restoring through the backend', async () => {
    const store = useModelsStore()
    await store.load()
    store.toggle(1)
    store.toggle(2)
    await store.remove(1)
    await store.remove(2)
    expect(store.models).toEqual([])
    expect(store.selected).toEqual([])
    expect(store.notice).toBe('Deleted "second".')
    await store.undoDelete()
    expect(store.models.map((m) => m.name)).toEqual(['second'])
    await store.undoDelete()
    expect(store.models.map((m) => m.name)).toEqual(['first', 'second'])
    expect(store.deleted).toEqual([])
    expect(store.notice).toBe('Restored "first".')
  })

  it('shows a refused forecast as the error, with no stale result', async () => {
    const store = useModelsStore()
    await store.runForecast({ modelId: 1, datasetId: 2, from: '2022-01-01T00:00:00Z' })
    expect(store.forecast).toBeNull()
    expect(store.error).toMatch(/dataset 2 \(CDB008\) has 3 missing/)
    expect(store.busy).toBe(false)
  })

  it('exports to the place chosen in the save dialog, by token, and says where', async () => {
    const store = useModelsStore()
    await store.load()
    await store.exportFile(1)
    const api = window.api as unknown as Record<string, Record<string, ReturnType<typeof vi.fn>>>
    expect(api.dialog.saveFile).toHaveBeenCalledWith(
      expect.objectContaining({ defaultName: 'first.vfmodel' }),
    )
    expect(api.model.export).toHaveBeenCalledWith({ modelId: 1, file: 't-save' })
    expect(store.notice).toBe('Exported "first" to first.vfmodel (12,345 bytes).')
    // a cancelled dialog exports nothing
    api.dialog.saveFile.mockResolvedValueOnce({ ok: true, data: { file: null } })
    await store.exportFile(2)
    expect(api.model.export).toHaveBeenCalledTimes(1)
  })

  it('imports the file chosen in the open dialog by its token', async () => {
    const store = useModelsStore()
    await store.importFile()
    const api = window.api as unknown as Record<string, Record<string, ReturnType<typeof vi.fn>>>
    expect(api.model.import).toHaveBeenCalledWith({ file: 't-open' })
    expect(store.notice).toBe('Imported model 3 (m).')
  })

  it('lists the models with a stored backtest, and compares them by backtest with their folds', async () => {
    const api = window.api as unknown as Record<string, Record<string, ReturnType<typeof vi.fn>>>
    const item = (backtestId: number, modelId: number | null, status: string, foldsDone: number) => ({
      backtestId,
      modelId,
      status,
      foldsDone,
    })
    api.backtest.list.mockResolvedValue({
      ok: true,
      data: [
        item(8, 2, 'running', 1),
        item(7, 1, 'cancelled', 2),
        item(6, 1, 'done', 5),
        item(5, null, 'done', 3),
      ],
    })
    const summary = { skills: [0.1, 0.3] }
    api.model.compare = vi.fn(async () => ({
      ok: true,
      data: {
        models: [
          { summary: model(1, 'first'), backtest: { backtestId: 7, status: 'cancelled', summary } },
          { summary: model(2, 'second'), backtest: null },
        ],
      },
    }))
    const folds = [{ fold: 1 }, { fold: 3 }]
    api.backtest.get = vi.fn(async () => ({ ok: true, data: { backtestId: 7, folds } }))
    const store = useModelsStore()
    await store.load()
    // model 1's latest with folds done (the cancelled one); model 2's only one is still running
    expect(store.backtested.map((b) => b.backtestId)).toEqual([7])
    await store.compare([1, 2], 'backtest')
    expect(api.backtest.get).toHaveBeenCalledExactlyOnceWith({ backtestId: 7 })
    expect(store.backtestFolds).toEqual({ 7: folds })
    expect(store.compareFocus).toBe('backtest')
    expect(store.tab).toBe('compare')
  })
})
