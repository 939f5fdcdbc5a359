import { availableParallelism, loadavg } from 'node:os'
import { forwardFlopsPerSample, type ModelConfig } from '../config'

/** A thread count, or 'auto': the cores that are free, at most MAX_AUTO_THREADS, where it pays (see below). */
export type ThreadsSetting = number | 'auto'

/** The most threads 'auto' picks (the "at most 8"; an explicit count may go higher). */
export const MAX_AUTO_THREADS = 8

/**
 * Cores not busy right now: the cores this process may use minus the 1-minute load average (other processes;
 * rounded), at least 1. On Windows, where there is no load average, every core.
 */
export function freeCores(cores = availableParallelism(), load = loadavg()[0]): number {
  return Math.max(1, Math.min(cores, Math.round(cores - load)))
}

/**
 * Below this much training work per shard and batch (multiply-add FLOPs of forward + backward), another
 * thread costs more than it saves: each batch pays two wake-ups (≈ 50–100 µs), the reduction of the
 * gradients and smaller, less efficient products. Measured on the project machine (docs/engine.md, "Where
 * another thread stops paying", 2026-12-02): from 40 MFLOP per shard two threads ran 1.27–1.9×; between 10 and
 * 25 MFLOP 0.96–1.16× in the grid but 1.51× for S (20 MFLOP) in the main benchmark. See MIN_WINDOWS_PER_SHARD.
 */
export const MIN_FLOPS_PER_SHARD = 20e6

/** Fewer windows per shard than this make the products too thin to pay (measured likewise). */
export const MIN_WINDOWS_PER_SHARD = 16

/**
 * The threads 'auto' gives one training: the free cores, at most MAX_AUTO_THREADS, and no more shards than
 * leave each MIN_WINDOWS_PER_SHARD windows and MIN_FLOPS_PER_SHARD of work per batch. Online training (a batch
 * of one window) always gets 1.
 */
export function autoThreads(
  config: ModelConfig,
  batchSize: number,
  online = false,
  cores: number = freeCores(),
): number {
  if (online) return 1
  const batchFlops = 3 * forwardFlopsPerSample(config) * batchSize
  const byWork = Math.floor(batchFlops / MIN_FLOPS_PER_SHARD)
  const byWindows = Math.floor(batchSize / MIN_WINDOWS_PER_SHARD)
  return Math.max(1, Math.min(cores, MAX_AUTO_THREADS, byWork, byWindows))
}

/** The thread count a setting means for one training. */
export function resolveThreads(
  setting: ThreadsSetting,
  config: ModelConfig,
  batchSize: number,
  online = false,
): number {
  if (setting === 'auto') return autoThreads(config, batchSize, online)
  return online ? 1 : setting
}
