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
        forecast: vi.fn(async () => ({
          ok: false,
          error: {
            code: 'invalid-input',
            message: 'The input window of dataset 2 (CDB008) has 3 missing reading(s).',
          },
        })),
      },
      dataset: { list: vi.fn(async () => ({ ok: true, data: [] })) },
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
})
