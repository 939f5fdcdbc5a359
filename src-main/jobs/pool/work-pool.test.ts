import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { modelConfig } from '../../engine/config'
import type { FitTaskInput, FitTaskResult } from '../../engine/parallel/fit-task'
import { adam } from '../../engine/optimizer'
import { ScratchLstmModel } from '../../engine/scratch-model'
import { dailyLoadSeries, makeWindows } from '../../engine/synthetic'
import { fit } from '../../engine/trainer'
import { runWorkPool, type PoolProgress } from './work-pool'

const entry = resolve(__dirname, 'pool-test-thread.fixture.ts')

describe('work pool: many independent items on several threads', () => {
  it('runs every item, on min(workers, items) distinct threads, results in the items’ order', async () => {
    // the first three meet at a shared counter: they can only all finish on three threads at once
    const barrier = new SharedArrayBuffer(4)
    const items = Array.from({ length: 7 }, (_, k) => ({
      kind: k < 3 ? 'rendezvous' : 'double',
      input: k < 3 ? { barrier, parties: 3, value: k } : k,
      label: `n${k}`,
    }))
    const outcome = await runWorkPool<{ value: number; threadId: number; met?: boolean }>(items, {
      workers: 3,
      entry,
    })
    expect(outcome.workers).toBe(3)
    expect(outcome.threadsRan).toBe(3)
    const done = outcome.results.map((r) => (r.status === 'done' ? r.result : null))
    expect(done.map((r) => r?.value)).toEqual([0, 2, 4, 6, 8, 10, 12])
    expect(done.slice(0, 3).every((r) => r?.met)).toBe(true)
    const threads = new Set(done.slice(0, 3).map((r) => r?.threadId))
    expect(threads.size).toBe(3) // really three threads, none of them this one (thread 0)
    expect(threads.has(0)).toBe(false)
    const two = await runWorkPool(items.slice(0, 2), { workers: 8, entry })
    expect(two.workers).toBe(2)
  })

  it('aggregates the items’ progress into one, weighted, ending at 1 with every item counted', async () => {
    const seen: PoolProgress[] = []
    const items = [
      { kind: 'slow', input: { steps: 10 }, label: 'long', weight: 3 },
      { kind: 'slow', input: { steps: 4 }, label: 'short' },
    ]
    await runWorkPool(items, { workers: 2, entry, progressIntervalMs: 0, onProgress: (p) => seen.push(p) })
    const fractions = seen.map((p) => p.fraction)
    expect(fractions.some((f) => f > 0 && f < 1)).toBe(true)
    for (let k = 1; k < fractions.length; k++)
      expect(fractions[k]).toBeGreaterThanOrEqual(fractions[k - 1] - 1e-12)
    const last = seen.at(-1)!
    expect(last.fraction).toBe(1)
    expect(last.counts).toEqual({ queued: 0, running: 0, done: 2, failed: 0, cancelled: 0 })
    expect(last.items.map((i) => i.label)).toEqual(['long', 'short'])
    // the long item weighs 3: halfway through it alone is 3/4 × 1/2 of the whole
    const mid = seen.find((p) => p.items[1].status === 'done' && p.items[0].fraction >= 0.5)
    if (mid) expect(mid.fraction).toBeCloseTo(0.75 * mid.items[0].fraction + 0.25, 10)
  })

  it('fails a broken item alone (with its code), and replaces a thread that died with its item (lost)', async () => {
    const items = [
      { kind: 'double', input: 1 },
      { kind: 'fail', input: null },
      { kind: 'crash', input: null },
      { kind: 'double', input: 2 },
      { kind: 'double', input: 3 },
      { kind: 'nonexistent', input: null },
    ]
    const settled = new Map<number, unknown>()
    const { results } = await runWorkPool<{ value: number }>(items, {
      workers: 2,
      entry,
      onItemDone: (k, r) => {
        expect(settled.has(k)).toBe(false)
        settled.set(k, r)
      },
    })
    expect(results.map((r) => r.status)).toEqual(['done', 'failed', 'failed', 'done', 'done', 'failed'])
    // every item handed to onItemDone once, as it settled, with its final result
    expect(results.map((_, k) => settled.get(k))).toEqual(results)
    expect(results[1]).toEqual({ status: 'failed', error: 'this item is broken', code: 'invalid-input' })
    expect(results[2].status === 'failed' && results[2].error).toMatch(/pool thread stopped/)
    // the thread died, not the item: a caller may run it elsewhere
    expect(results[2].status === 'failed' && results[2].lost).toBe(true)
    expect(results[1].status === 'failed' && results[1].lost).toBeUndefined()
    expect(results[5].status === 'failed' && results[5].error).toMatch(/unknown pool task "nonexistent"/)
    expect(results[4].status === 'done' && results[4].result.value).toBe(6)
  })

  it('cancels the whole batch: running items stop at their next check, queued ones never start', async () => {
    const abort = new AbortController()
    const items = Array.from({ length: 5 }, () => ({ kind: 'slow', input: { steps: 10_000 } }))
    const started = Date.now()
    const running = runWorkPool(items, {
      workers: 2,
      entry,
      signal: abort.signal,
      progressIntervalMs: 0,
      onProgress: (p) => {
        // both running items well under way (each reported progress of its own)
        if (p.items.filter((i) => i.status === 'running' && i.fraction > 0).length === 2) abort.abort()
      },
    })
    const outcome = await running
    expect(outcome.cancelled).toBe(true)
    expect(outcome.results.every((r) => r.status === 'cancelled')).toBe(true)
    // the two that ran say how far they got; 10 000 steps of 10 ms would have taken minutes
    const partial = outcome.results.filter((r) => r.status === 'cancelled' && r.partial !== undefined)
    expect(partial).toHaveLength(2)
    expect(Date.now() - started).toBeLessThan(60_000)
  })

  it('stops the batch at the first failure with stopOnFailure: running items cancelled, queued never started', async () => {
    const order: string[] = []
    const outcome = await runWorkPool(
      [
        { kind: 'slow', input: { steps: 10_000 } },
        { kind: 'fail', input: null },
        { kind: 'double', input: 1 },
        { kind: 'double', input: 2 },
      ],
      { workers: 2, entry, stopOnFailure: true, onItemDone: (k, r) => order.push(`${k}:${r.status}`) },
    )
    // the slow item (100 s of steps) stopped at its next check, or before its first when the failure came
    // first; nobody cancelled the batch
    expect(outcome.results.map((r) => r.status)).toEqual(['cancelled', 'failed', 'cancelled', 'cancelled'])
    expect(outcome.cancelled).toBe(false)
    expect(order[0]).toBe('1:failed')
    expect(order.slice(1, 3).sort()).toEqual(['2:cancelled', '3:cancelled'])
  })

  it('fails every item with the reason when no thread can start, without retrying forever', async () => {
    const broken = resolve(__dirname, 'no-such-entry.ts')
    const { results, threadsRan } = await runWorkPool(
      [
        { kind: 'double', input: 1 },
        { kind: 'double', input: 2 },
      ],
      {
        workers: 2,
        entry: broken,
      },
    )
    expect(results.every((r) => r.status === 'failed' && /cannot start a pool thread/.test(r.error))).toBe(
      true,
    )
    expect(results.every((r) => r.status === 'failed' && r.lost)).toBe(true)
    expect(threadsRan).toBe(0)
  })

  it('trains several scratch models at once (fit-lstm), each as it would train alone', async () => {
    const data = makeWindows(dailyLoadSeries(24 * 8, 24, 0.05), 24, 2)
    const inputFor = (seed: number): FitTaskInput => ({
      config: modelConfig({ seqLen: 24, predSize: 2, hiddenSizes: [6], seed }),
      precision: 'float32',
      x: data.x,
      y: data.y,
      n: data.n,
      fit: {
        epochs: 2,
        batchSize: 32,
        optimizer: adam({ lr: 0.01 }),
        loss: 'mae',
        clipNorm: 1,
        weightDecay: 0,
      },
    })
    const seeds = [1, 2, 3]
    const outcome = await runWorkPool<FitTaskResult>(
      seeds.map((seed) => ({ kind: 'fit-lstm', input: inputFor(seed), label: `seed ${seed}` })),
      { workers: 2 },
    )
    expect(outcome.workers).toBe(2)
    for (const [k, seed] of seeds.entries()) {
      const r = outcome.results[k]
      if (r.status !== 'done') throw new Error(`seed ${seed}: ${JSON.stringify(r)}`)
      expect(r.result.history).toHaveLength(2)
      const alone = new ScratchLstmModel(inputFor(seed).config, { precision: 'float32' })
      const i = inputFor(seed)
      await fit(alone, i.x, i.y, i.n, i.fit)
      const pooled = ScratchLstmModel.fromBytes(r.result.model)
      expect(pooled.precision).toBe('float32')
      expect(Array.from(pooled.getWeights())).toEqual(Array.from(alone.getWeights()))
    }
  })
})
