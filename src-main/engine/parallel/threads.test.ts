import { describe, expect, it } from 'vitest'
import { forwardFlopsPerSample, modelConfig } from '../config'
import { autoThreads, freeCores, MAX_AUTO_THREADS, MIN_FLOPS_PER_SHARD, resolveThreads } from './threads'

// the "next hour" preset's shape: 48 quarter-hours of 5 features, 1 layer × 32, 4 steps out
const nextHour = modelConfig({ seqLen: 48, predSize: 4, hiddenSizes: [32], inputSize: 5 })
const big = modelConfig({ seqLen: 96, predSize: 4, hiddenSizes: [128, 128], inputSize: 1 })
const tiny = modelConfig({ seqLen: 12, predSize: 2, hiddenSizes: [6], inputSize: 1 })

describe("the threads 'auto' gives one training", () => {
  it('counts the cores the load leaves free, at least one', () => {
    expect(freeCores(8, 0.2)).toBe(8)
    expect(freeCores(8, 2.6)).toBe(5)
    expect(freeCores(2, 1.2)).toBe(1)
    expect(freeCores(2, 7)).toBe(1)
  })

  it('gives another thread only where each shard keeps enough work and windows', () => {
    // next hour, batch 64: two shards of 32 windows and ≈ 45 MFLOP each pay (measured 1.4×)
    expect(3 * forwardFlopsPerSample(nextHour) * 32).toBeGreaterThan(MIN_FLOPS_PER_SHARD)
    expect(autoThreads(nextHour, 64, false, 2)).toBe(2)
    // batch 16: two shards of 8 windows are too thin (measured 0.55×): one thread
    expect(autoThreads(nextHour, 16, false, 2)).toBe(1)
    // a small network whose batch holds less than two shards' worth of work: one thread
    expect(3 * forwardFlopsPerSample(tiny) * 256).toBeLessThan(2 * MIN_FLOPS_PER_SHARD)
    // a tiny network never pays; a big one takes every free core up to the cap
    expect(autoThreads(tiny, 256, false, 8)).toBe(1)
    expect(autoThreads(big, 128, false, 4)).toBe(4)
    expect(autoThreads(big, 1024, false, 64)).toBe(MAX_AUTO_THREADS)
    // no more shards than leave 16 windows each
    expect(autoThreads(big, 32, false, 8)).toBe(2)
  })

  it('keeps online training (one window per update) on one thread, whatever is asked', () => {
    expect(autoThreads(big, 128, true, 8)).toBe(1)
    expect(resolveThreads(4, big, 128, true)).toBe(1)
    expect(resolveThreads(3, big, 128, false)).toBe(3)
  })
})
