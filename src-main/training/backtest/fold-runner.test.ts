import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TrainingParams } from '../../shared/training-params'
import { syntheticLoad } from '../test-data'
import { summariseBacktest } from './backtest-summary'
import { SequentialFoldRunner, type FoldRunner } from './fold-runner'
import type { FoldItemOutcome, FoldSeries, FoldWorkItem } from './fold-work'
import { PoolFoldRunner } from './pool-fold-runner'
import { backtestWorkItems } from './work-items'

/** 40 days of a synthetic household, in UTC days. */
function series(seed = 7, datasetId = 1, home = 'SYN001'): FoldSeries {
  const grid = syntheticLoad(40, seed)
  return {
    datasetId,
    home,
    start: grid.start,
    intervalMs: grid.intervalMs,
    values: grid.values,
    days: Array.from({ length: 40 }, (_, d) =>
      new Date(grid.start + d * 86_400_000).toISOString().slice(0, 10),
    ),
  }
}

const { datasetId: _unused, ...params } = TrainingParams.parse({
  datasetId: 1,
  seqLen: 16,
  predSize: 2,
  hiddenSizes: [5],
  epochs: 3,
  learningRate: 0.01,
  calendar: true,
  horizon: 8,
  // as the backtest job runs folds on the pool: each training on one thread
  threads: 1,
})

function items(patch: Partial<Parameters<typeof backtestWorkItems>[3]> = {}, homes = [series()]) {
  return backtestWorkItems(homes, 'UTC', params, {
    folds: 4,
    blockDays: 3,
    gapDays: 0,
    window: 'expanding',
    refit: 'every',
    warmStart: false,
    levels: [0.5, 0.8, 0.95],
    intervalMethod: 'step-hour',
    ...patch,
  }).items
}

/** Runs the items; with `cancelDuring`, cancels once that fold has started training (mid-fold). */
async function collect(runner: FoldRunner, work: FoldWorkItem[], cancelDuring = Infinity) {
  const outcomes: FoldItemOutcome[] = []
  const epochsSeen = new Set<string>()
  let cancel = false
  const result = await runner.run(work, {
    progress: (p) => {
      epochsSeen.add(`${p.trainedOn}:${p.epoch}`)
      if (p.trainedOn >= cancelDuring) cancel = true
    },
    done: async (_item, outcome) => void outcomes.push(outcome),
    cancelled: () => cancel,
  })
  return { ...result, outcomes, epochsSeen }
}

describe('backtest folds', () => {
  it('scores every fold as a test period: model and baselines on the same windows, bands, long horizon', async () => {
    const { outcomes, epochsSeen } = await collect(new SequentialFoldRunner(), items())
    expect(outcomes).toHaveLength(4)
    expect(epochsSeen.size).toBe(outcomes.reduce((s, o) => s + o.outcomes[0].result.epochsRun, 0))
    for (const [
      k,
      {
        outcomes: [{ result, windows }],
      },
    ] of outcomes.entries()) {
      expect(result.fold).toBe(k + 1)
      expect(result.days.test).toBe(3)
      expect(result.trainEnd < result.validationStart && result.validationEnd < result.testStart).toBe(true)
      expect(result.test.persistence!.n).toBe(result.test.model.n)
      expect(result.test.intervals!.map((i) => i.level)).toEqual([0.5, 0.8, 0.95])
      expect(result.test.baselineIntervals).toHaveLength(3)
      expect(result.longHorizon?.horizon).toBe(8)
      // the per-window losses are those the metrics were computed from
      const mean = windows.modelLoss.reduce((a, b) => a + b, 0) / windows.modelLoss.length
      expect(mean).toBeCloseTo(result.test.model.mae, 9)
      expect(windows.origin.every((t, i) => i === 0 || t > windows.origin[i - 1])).toBe(true)
    }
    const summary = summariseBacktest(
      outcomes.map((o) => o.outcomes[0].result),
      outcomes.map((o) => o.outcomes[0].windows),
      2,
    )
    expect(summary.folds).toBe(4)
    expect(summary.skillMean).toBeCloseTo(summary.skills.reduce((a, b) => a! + b!, 0)! / 4, 12)
    expect(summary.wins).toBe(summary.skills.filter((s) => s! > 0).length)
    expect(summary.dieboldMariano?.n).toBe(
      outcomes.reduce((s, o) => s + o.outcomes[0].windows.origin.length, 0),
    )
    expect(summary.dieboldMariano?.pValue).toBeGreaterThanOrEqual(0)
  }, 120_000)

  it('parallel folds on the work pool give the same results as sequential ones, bit for bit', async () => {
    const work = items()
    const sequential = await collect(new SequentialFoldRunner(), work)
    const threads = new PoolFoldRunner(2)
    const parallel = await collect(threads, work)
    // the threads really ran: two of them took folds, none fell back to this thread
    expect(threads.fallback).toBeNull()
    expect(threads.threadsRan).toBe(2)
    // every fold records how its training computed
    for (const o of parallel.outcomes)
      expect(o.outcomes[0].result).toMatchObject({ precision: 'float32', threads: 1 })
    const byFold = (list: FoldItemOutcome[]) =>
      [...list].sort((a, b) => a.outcomes[0].result.fold - b.outcomes[0].result.fold)
    const strip = (o: FoldItemOutcome) =>
      o.outcomes.map(({ result, windows }) => ({ ...result, trainSeconds: 0, windows }))
    expect(byFold(parallel.outcomes).map(strip)).toEqual(byFold(sequential.outcomes).map(strip))
    expect(parallel.outcomes).toHaveLength(4)
  }, 240_000)

  it('when the threads cannot start, the folds run here with the same results, and the runner says why', async () => {
    const work = items({ folds: 2 })
    const broken = new PoolFoldRunner(2, resolve(__dirname, 'no-such-pool-thread.ts'))
    const fallback = await collect(broken, work)
    expect(broken.fallback).toMatch(/^cannot start a pool thread: .*no-such-pool-thread/)
    expect(broken.threadsRan).toBe(0)
    const sequential = await collect(new SequentialFoldRunner(), work)
    const tests = (run: typeof fallback) => run.outcomes.map((o) => o.outcomes[0].result.test)
    expect(tests(fallback)).toEqual(tests(sequential))
  }, 240_000)

  it('a cancel keeps the folds already done and drops the one in progress', async () => {
    const work = items()
    // cancelled while fold 3 trains: folds 1 and 2 are kept, fold 3 stops between batches, 4 never starts
    const run = await collect(new SequentialFoldRunner(), work, 3)
    expect(run.cancelled).toBe(true)
    expect(run.outcomes.map((o) => o.outcomes[0].result.fold)).toEqual([1, 2])
    expect([...run.epochsSeen].some((e) => e.startsWith('4:'))).toBe(false)
    // on threads: folds 1 and 2 start together, fold 3 once one of them is done; the cancel comes when
    // fold 3 trains, so fold 3 (and fold 2 or 1 if still training) is dropped, what finished is kept
    const threads = await collect(new PoolFoldRunner(2), work, 3)
    expect(threads.cancelled).toBe(true)
    const kept = threads.outcomes.map((o) => o.outcomes[0].result.fold)
    expect(kept.length).toBeGreaterThanOrEqual(1)
    for (const fold of kept) expect([1, 2]).toContain(fold)
  }, 240_000)

  it('on the pool, a failing fold stops the others and fails the run with its own error', async () => {
    const work = items()
    // fold 1 without training days: runFold refuses it (no training window)
    work[0] = { ...work[0], folds: [{ ...work[0].folds[0], train: [] }, ...work[0].folds.slice(1)] }
    const stored: FoldItemOutcome[] = []
    const run = new PoolFoldRunner(2).run(work, {
      progress: () => undefined,
      done: async (_item, outcome) => void stored.push(outcome),
      cancelled: () => false,
    })
    await expect(run).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/^Fold 1 has no training window/),
    })
    // folds 3 and 4 never started; fold 2, running beside fold 1, was stopped
    expect(stored.length).toBeLessThanOrEqual(1)
  }, 240_000)

  it('refit every 2 folds: one training scores two blocks; a warm start chains the weights', async () => {
    const grouped = items({ refit: 2 })
    expect(grouped.map((i) => i.folds.map((f) => f.fold))).toEqual([
      [1, 2],
      [3, 4],
    ])
    const run = await collect(new SequentialFoldRunner(), grouped)
    const folds = run.outcomes.flatMap((o) => o.outcomes.map((f) => f.result))
    expect(folds.map((f) => [f.fold, f.trainedOn])).toEqual([
      [1, 1],
      [2, 1],
      [3, 3],
      [4, 3],
    ])
    expect(folds[1].trainEnd).toBe(folds[0].trainEnd)
    const cold = await collect(new SequentialFoldRunner(), items())
    const warm = await collect(new SequentialFoldRunner(), items({ warmStart: true }))
    // fold 1 starts from the seed either way; fold 2 starts from fold 1's weights only when warm
    expect(warm.outcomes[0].outcomes[0].result.test).toEqual(cold.outcomes[0].outcomes[0].result.test)
    expect(warm.outcomes[1].outcomes[0].result.test.model.mae).not.toBe(
      cold.outcomes[1].outcomes[0].result.test.model.mae,
    )
  }, 240_000)

  it('a global backtest scores each home and pools them per fold', async () => {
    const run = await collect(
      new SequentialFoldRunner(),
      items({ folds: 2 }, [series(7, 1, 'SYN001'), series(9, 2, 'SYN002')]),
    )
    const fold = run.outcomes[0].outcomes[0].result
    expect(fold.homes?.map((h) => h.home)).toEqual(['SYN001', 'SYN002'])
    expect(fold.test.model.n).toBe(fold.homes!.reduce((s, h) => s + h.test.model.n, 0))
    expect(fold.test.intervals?.[1].n).toBe(fold.test.model.n)
  }, 240_000)
})
