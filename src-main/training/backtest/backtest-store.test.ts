import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Library } from '../../db/library'
import { makeTempDir } from '../../test-support/temp-dir'
import {
  createBacktest,
  foldWindows,
  getBacktest,
  listBacktests,
  markInterruptedBacktests,
  saveFold,
} from './backtest-store'
import type { FoldResult, FoldWindows } from './fold-work'

const fold = (k: number): { result: FoldResult; windows: FoldWindows } => ({
  result: { fold: k, test: { skill: 0.1 * k } } as unknown as FoldResult,
  windows: {
    fold: k,
    horizon: 1,
    intervalMs: 900_000,
    levels: [0.8],
    bestBaseline: 'persistence',
    home: Uint16Array.of(0, 0),
    homes: [{ datasetId: 1, home: 'CDB001' }],
    origin: Float64Array.of(1, 2),
    modelLoss: Float64Array.of(3, 4),
    baselineLoss: { persistence: Float64Array.of(5, 6) },
    actual: Float64Array.of(7, 8),
    predicted: Float64Array.of(9, 10),
    baseline: Float64Array.of(11, 12),
    lower: [Float64Array.of(0, 1)],
    upper: [Float64Array.of(20, 21)],
  },
})

describe('backtest storage', () => {
  let temp: ReturnType<typeof makeTempDir>
  let library: Library
  beforeEach(async () => {
    temp = makeTempDir('vf-backtest-store-')
    library = await Library.open(join(temp.dir, 'lib.sqlite'))
  })
  afterEach(async () => {
    await library.close()
    temp.remove()
  })

  const add = async (modelId: number | null = null) => {
    const id = await createBacktest(library, {
      modelId,
      datasetId: null,
      kind: 'home',
      name: 'b',
      params: {},
      options: { folds: 3 },
    })
    for (const k of [1, 2]) await saveFold(library, id, fold(k).result, fold(k).windows)
    return id
  }

  it('keeps each fold as it was saved, typed arrays included', async () => {
    const id = await add()
    const [first] = await foldWindows(library, id, 1)
    expect(first).toEqual(fold(1).windows)
    expect(first.origin).toBeInstanceOf(Float64Array)
    expect((await getBacktest(library, id))?.folds.map((f) => f.fold)).toEqual([1, 2])
    expect((await listBacktests(library, {}))[0]).toMatchObject({
      foldsPlanned: 3,
      foldsDone: 2,
      status: 'running',
    })
  })

  it("marks a backtest whose process is gone interrupted, its folds kept; a live owner's is left alone", async () => {
    const id = await add()
    await library.run('UPDATE backtests SET owner_pid = ? WHERE id = ?', [999_999_999, id])
    await markInterruptedBacktests(library, () => true)
    expect((await getBacktest(library, id))?.status).toBe('running')
    await markInterruptedBacktests(library, () => false)
    const detail = await getBacktest(library, id)
    expect(detail).toMatchObject({ status: 'interrupted', foldsDone: 2 })
    expect(detail?.message).toMatch(/the folds done are kept/)
  })

  it('is deleted with the model whose recipe it used', async () => {
    await library.run("INSERT INTO models (id, name) VALUES (5, 'm')")
    const id = await add(5)
    expect((await listBacktests(library, { modelId: 5 })).map((b) => b.backtestId)).toEqual([id])
    await library.run('DELETE FROM models WHERE id = 5')
    expect(await getBacktest(library, id)).toBeNull()
    expect(await foldWindows(library, id)).toEqual([])
  })
})
