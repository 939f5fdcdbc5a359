import type { Worker } from 'node:worker_threads'
import { freeCores, MAX_AUTO_THREADS } from '../../engine/parallel/threads'
import { startThread, threadEntry } from '../../engine/parallel/start-thread'
import type { PoolThreadData, ThreadMessage } from './pool-protocol'

/**
 * A pool of threads running many independent work items at once: the members of a parameter sweep, the
 * folds of a backtest, the per-home models of a community. N items run on min(workers, N) threads (default:
 * the free cores, at most 8), each thread one item at a time, in list order; the items' progress is
 * aggregated into one progress; one cancel stops them all.
 *
 *   const outcome = await runWorkPool(
 *     homes.map((home) => ({ kind: 'fit-lstm', input: fitInputFor(home), label: home })),
 *     { onProgress: (p) => show(p.fraction, p.items), signal: abort.signal },
 *   )
 *   outcome.results[k]   // { status: 'done', result } | { status: 'failed', error } | { status: 'cancelled', partial? }
 *
 * Tasks are registered by kind in pool-tasks.ts (the default thread entry, pool-thread.ts, serves them); an
 * item's input and result cross to and from its thread by structured clone (typed arrays copied; arrays over
 * a SharedArrayBuffer are shared, not copied). A task that throws fails its item only (or, with
 * `stopOnFailure`, stops the batch); a thread that dies fails its item as `lost` and is replaced. Each item is
 * handed to `onItemDone` as soon as it settles, so a caller can store results while the others still run.
 */

export interface PoolItem {
  /** a task kind of the thread entry's registry (pool-tasks.ts: 'fit-lstm', 'backtest-fold') */
  kind: string
  input: unknown
  /** shown with the item's progress */
  label?: string
  /** its share of the aggregated progress, relative to the others (default 1: all equal) */
  weight?: number
}

export type ItemStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled'

export type ItemResult<R> =
  | { status: 'done'; result: R }
  /**
   * `code`: the task's error code, if it had one; `lost`: the item itself did not fail, its thread did (it
   * could not start, or it died): running it elsewhere may succeed
   */
  | { status: 'failed'; error: string; code?: string; lost?: true }
  | { status: 'cancelled'; partial?: unknown }

/** The one progress of the whole batch. */
export interface PoolProgress {
  /** weighted mean of the items' fractions (finished items count 1) */
  fraction: number
  counts: Record<ItemStatus, number>
  /** `detail`: the last plain-data detail the item's task reported with its progress */
  items: { label: string; status: ItemStatus; fraction: number; message?: string; detail?: unknown }[]
}

export interface PoolOptions<R = unknown> {
  /** threads (default: the free cores, at most 8; never more than the items) */
  workers?: number
  /** the aggregated progress, at most every `progressIntervalMs` (default 200) and once at the end */
  onProgress?(progress: PoolProgress): void
  progressIntervalMs?: number
  /** aborting it cancels the whole batch: queued items are not started, running ones see `cancelled` */
  signal?: AbortSignal
  /** each item's result as soon as it settles (done, failed or cancelled), in the order they settle */
  onItemDone?(index: number, result: ItemResult<R>): void
  /**
   * the first item that fails (not `lost`) stops the batch as a cancel would: queued items are not started
   * (cancelled), running ones see `cancelled`; `outcome.cancelled` stays false (nobody cancelled)
   */
  stopOnFailure?: boolean
  /** the thread entry (default pool-thread.ts / .js, serving pool-tasks.ts); tests give their own */
  entry?: string
}

export interface PoolOutcome<R> {
  /** one per item, in the items' order */
  results: ItemResult<R>[]
  /** threads the pool started (min(workers, items)) */
  workers: number
  /** threads that really started and ran at least one item (0 when none could start) */
  threadsRan: number
  /** true when `signal` was aborted */
  cancelled: boolean
}

/** Run `items` on a pool of threads; resolves when every item has finished, failed or been cancelled. */
export async function runWorkPool<R = unknown>(
  items: PoolItem[],
  options: PoolOptions<R> = {},
): Promise<PoolOutcome<R>> {
  const workers = Math.max(
    1,
    Math.min(options.workers ?? Math.min(freeCores(), MAX_AUTO_THREADS), items.length),
  )
  const entry = options.entry ?? threadEntry('pool-thread', __filename, __dirname)
  const cancelFlag = new Int32Array(new SharedArrayBuffer(4))
  const state = items.map((it, k) => ({
    label: it.label ?? `item ${k + 1}`,
    weight: it.weight ?? 1,
    status: 'queued' as ItemStatus,
    fraction: 0,
    message: undefined as string | undefined,
    detail: undefined as unknown,
  }))
  const results: (ItemResult<R> | undefined)[] = items.map(() => undefined)
  if (items.length === 0) return { results: [], workers: 0, threadsRan: 0, cancelled: false }

  let next = 0
  let lastReport = 0
  const interval = options.progressIntervalMs ?? 200
  const progress = (): PoolProgress => {
    const total = state.reduce((s, it) => s + it.weight, 0)
    const counts: Record<ItemStatus, number> = { queued: 0, running: 0, done: 0, failed: 0, cancelled: 0 }
    let sum = 0
    for (const it of state) {
      counts[it.status]++
      sum += it.weight * (it.status === 'queued' || it.status === 'running' ? it.fraction : 1)
    }
    return {
      fraction: total > 0 ? sum / total : 1,
      counts,
      items: state.map(({ label, status, fraction, message, detail }) => ({
        label,
        status,
        fraction,
        message,
        detail,
      })),
    }
  }
  const report = (force = false) => {
    if (!options.onProgress) return
    const now = Date.now()
    if (!force && now - lastReport < interval) return
    lastReport = now
    options.onProgress(progress())
  }

  /** the batch is stopping: aborted, or an item failed with stopOnFailure */
  const stopping = () => Atomics.load(cancelFlag, 0) !== 0
  let aborted = false
  let threadsRan = 0
  const settle = (k: number, result: ItemResult<R>) => {
    results[k] = result
    state[k].status = result.status
    state[k].fraction = 1
    options.onItemDone?.(k, result)
  }
  /** stops the batch: running items see the flag at their next check, queued ones are not started */
  const stop = () => {
    Atomics.store(cancelFlag, 0, 1)
    const queued = next
    next = items.length
    for (let k = queued; k < items.length; k++) settle(k, { status: 'cancelled' })
  }
  /** the items no thread is left to run: failed, lost, with the reason */
  const loseTheRest = (why: string) => {
    while (next < items.length) settle(next++, { status: 'failed', error: why, lost: true })
  }

  return new Promise<PoolOutcome<R>>((resolve) => {
    let alive = 0
    const onAbort = () => {
      aborted = true
      stop()
      report(true)
      if (alive === 0) finish()
    }
    const finish = () => {
      options.signal?.removeEventListener('abort', onAbort)
      report(true)
      resolve({
        results: results.map((r) => r ?? { status: 'cancelled' }),
        workers,
        threadsRan,
        cancelled: aborted,
      })
    }

    /** A thread that takes the next item whenever it is free; replaced if it dies. */
    const launch = () => {
      const data: PoolThreadData = { cancel: cancelFlag.buffer as SharedArrayBuffer }
      let worker: Worker
      try {
        worker = startThread(entry, data)
      } catch (error) {
        // no thread at all: the items it would have run fail with the reason
        loseTheRest(`cannot start a pool thread: ${(error as Error).message}`)
        if (alive === 0) finish()
        return
      }
      alive++
      let current = -1
      let ready = false
      let ranOne = false
      let lastError = ''
      const take = () => {
        if (stopping() || next >= items.length) {
          current = -1
          void worker.terminate()
          return
        }
        if (!ranOne) {
          ranOne = true
          threadsRan++
        }
        current = next++
        state[current].status = 'running'
        worker.postMessage({
          type: 'run',
          item: current,
          kind: items[current].kind,
          input: items[current].input,
        })
        report()
      }
      worker.on('message', (m: ThreadMessage) => {
        if (m.type === 'ready') {
          ready = true
          take()
        } else if (m.type === 'progress') {
          state[m.item].fraction = Math.max(0, Math.min(1, m.fraction))
          state[m.item].message = m.message
          if (m.detail !== undefined) state[m.item].detail = m.detail
          report()
        } else {
          if (m.type === 'done') settle(m.item, { status: 'done', result: m.result as R })
          else if (m.type === 'failed') {
            settle(m.item, {
              status: 'failed',
              error: m.error,
              ...(m.code !== undefined && { code: m.code }),
            })
            if (options.stopOnFailure) stop()
          } else settle(m.item, { status: 'cancelled', partial: m.partial })
          report()
          take()
        }
      })
      worker.once('error', (error) => {
        lastError = error.message
      })
      worker.once('exit', (code) => {
        alive--
        if (current >= 0 && results[current] === undefined) {
          const why = lastError || `exit code ${code}`
          settle(current, { status: 'failed', error: `the pool thread stopped: ${why}`, lost: true })
          report()
        }
        if (!ready) {
          // it never started: another would fail the same way; the items left fail once no thread is left
          if (alive === 0) {
            loseTheRest(`cannot start a pool thread: ${lastError || `exit code ${code}`}`)
            finish()
          }
          return
        }
        // a thread that died with items left: another takes its place
        if (!stopping() && next < items.length) launch()
        else if (alive === 0) finish()
      })
    }

    if (options.signal?.aborted) {
      onAbort()
      return
    }
    options.signal?.addEventListener('abort', onAbort)
    for (let k = 0; k < workers; k++) launch()
  })
}
