import type { ModelConfig } from '../config'
import type { KernelName } from '../kernels/select'
import type { Precision } from '../kernels/matmul'
import { LOSS_NAMES, type LossName } from '../losses'

/**
 * What the calling thread and its shard threads share (shard-team.ts, shard-thread.ts): SharedArrayBuffers
 * laid out here, and a control block of Int32 slots driven with Atomics. One batch: the caller writes the batch
 * and the command, bumps GENERATION and notifies; every thread computes its shard; each bumps DONE when
 * finished. Shard s of a batch of B windows is rows [⌊s·B/n⌋, ⌊(s+1)·B/n⌋): every side computes the same cut.
 */

/** Slots of the control block (Int32Array over a SharedArrayBuffer). */
export const Slot = {
  /** bumped by the caller for every command; threads wait on it */
  generation: 0,
  command: 1,
  /** threads that finished the current command */
  done: 2,
  /** a thread failed: set to 1, its message posted */
  failed: 3,
  /** threads ready after starting */
  ready: 4,
  /** windows in the current batch (all shards) */
  rows: 5,
  /** steps per window of the current command */
  steps: 6,
  /** training: the loss, as its index in LOSS_NAMES */
  loss: 7,
  /** shards computed by the threads since the start: the proof they work (tests) */
  shardsComputed: 8,
  /** the first of one dropout seed per shard (threads + 1 slots) */
  seeds: 16,
} as const

export const Command = { train: 1, predict: 2, exit: 3 } as const

/** Slots in the control block for `threads` shards. */
export function controlSlots(threads: number): number {
  return Slot.seeds + threads
}

export function lossIndex(loss: LossName): number {
  return LOSS_NAMES.indexOf(loss)
}

export function lossAt(index: number): LossName {
  return LOSS_NAMES[index]
}

/** Rows [start, end) of shard s among n shards of a batch of B windows. */
export function shardRows(s: number, n: number, B: number): [number, number] {
  return [Math.floor((s * B) / n), Math.floor(((s + 1) * B) / n)]
}

/** Everything a shard thread is started with (its workerData). */
export interface ShardThreadData {
  /** this thread's shard (1 … threads − 1; the calling thread computes shard 0) */
  shard: number
  threads: number
  config: ModelConfig
  precision: Precision
  kernels: KernelName
  /** windows per batch the buffers hold (the largest batch a command may carry) */
  capacity: number
  control: SharedArrayBuffer
  /** the weights [paramCount] in `precision`, read in place */
  params: SharedArrayBuffer
  /** this thread's gradients [paramCount] in `precision` */
  grads: SharedArrayBuffer
  /** the batch: windows Float64Array [capacity, T, I] and targets [capacity, P] */
  x: SharedArrayBuffer
  y: SharedArrayBuffer
  /** per shard: loss share, then P per-step shares (Float64Array [threads, 1 + P]) */
  losses: SharedArrayBuffer
  /** predictions Float64Array [capacity, P] */
  predictions: SharedArrayBuffer
}

/** A shard thread's messages to the caller (everything else goes through the shared memory). */
export type ShardMessage = { type: 'ready' } | { type: 'failed'; message: string }
