import { parentPort, workerData } from 'node:worker_threads'
import type { PoolThreadData, RunItem, ThreadMessage } from './pool-protocol'

/** Thrown by a pool task that noticed the cancel; `partial` (optional) goes back to the caller. */
export class TaskCancelled extends Error {
  constructor(readonly partial?: unknown) {
    super('cancelled')
    this.name = 'TaskCancelled'
  }
}

/** What a pool task receives besides its input. */
export interface TaskContext {
  /**
   * this item's progress, 0 … 1 (the pool aggregates and throttles), with an optional message and `detail`
   * (plain data the caller reads back per item, e.g. a fold's epoch and loss)
   */
  progress(fraction: number, message?: string, detail?: unknown): void
  /** true once the pool was cancelled: check between batches */
  readonly cancelled: boolean
  /** throws TaskCancelled(partial) once the pool was cancelled */
  throwIfCancelled(partial?: unknown): void
}

/** The string `code` an error carries (an AppError's), if any. */
function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/** A task: plain data in, plain data out (typed arrays and SharedArrayBuffers welcome). */
export type PoolTask<I = never, R = unknown> = (input: I, context: TaskContext) => Promise<R>

/**
 * The body of a pool thread: runs the items the pool sends, one at a time, with the tasks of `registry`.
 * Each thread entry (pool-thread.ts, or a test's) calls this once with its registry.
 */
export function serveTasks(registry: Record<string, PoolTask<never, unknown>>): void {
  const port = parentPort
  if (!port) throw new Error('serveTasks runs in a pool thread')
  const cancel = new Int32Array((workerData as PoolThreadData).cancel)
  const post = (m: ThreadMessage) => port.postMessage(m)
  port.on('message', (m: RunItem) => {
    if (m.type !== 'run') return
    void run(m)
  })
  post({ type: 'ready' })

  async function run({ item, kind, input }: RunItem): Promise<void> {
    const task = registry[kind]
    if (!task) {
      post({ type: 'failed', item, error: `unknown pool task "${kind}"` })
      return
    }
    const context: TaskContext = {
      progress: (fraction, message, detail) => post({ type: 'progress', item, fraction, message, detail }),
      get cancelled() {
        return Atomics.load(cancel, 0) !== 0
      },
      throwIfCancelled(partial) {
        if (Atomics.load(cancel, 0) !== 0) throw new TaskCancelled(partial)
      },
    }
    try {
      context.throwIfCancelled()
      const result = await (task as PoolTask<unknown, unknown>)(input, context)
      post({ type: 'done', item, result })
    } catch (error) {
      if (error instanceof TaskCancelled) post({ type: 'cancelled', item, partial: error.partial })
      else
        post({
          type: 'failed',
          item,
          error: error instanceof Error ? error.message : String(error),
          code: codeOf(error),
        })
    }
  }
}
