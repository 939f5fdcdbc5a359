/**
 * Messages between the work pool (work-pool.ts) and its threads (pool-thread-runtime.ts). Each thread runs
 * one item at a time; the cancel is a shared flag (not a message), so a task sees it even in a long
 * synchronous stretch.
 */

/** A thread's workerData. */
export interface PoolThreadData {
  /** Int32Array [1]: 1 once the whole pool is cancelled */
  cancel: SharedArrayBuffer
}

/** Pool → thread. */
export interface RunItem {
  type: 'run'
  /** the item's index in the pool's list */
  item: number
  kind: string
  input: unknown
}

/** Thread → pool. */
export type ThreadMessage =
  | { type: 'ready' }
  | { type: 'progress'; item: number; fraction: number; message?: string; detail?: unknown }
  | { type: 'done'; item: number; result: unknown }
  | { type: 'cancelled'; item: number; partial?: unknown }
  /** `code`: the error's own code (an AppError's), so the caller can rethrow it as it was */
  | { type: 'failed'; item: number; error: string; code?: string }
