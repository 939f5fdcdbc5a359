import { modelConfig, type ModelConfig } from '../engine/config'

export const ENGINES = ['scratch', 'tfjs-cpu', 'tfjs-wasm'] as const
export type EngineName = (typeof ENGINES)[number]

/** The peers run in another runtime (torch_peer.py, in the system Python). */
export const PEERS = ['torch'] as const
export type PeerName = (typeof PEERS)[number]

export interface BenchConfig {
  model: ModelConfig
  batch: number
  /** The study's online mode: an update after every time step (scratch engine; TF.js updates per window). */
  online: boolean
  /** Minimum ratio of scratch training throughput over the faster TensorFlow.js backend (issue 4). */
  target: number
  /** Minimum ratio of float32 scratch training over PyTorch, both on one thread (issue 14); none for seed. */
  torchTarget?: number
}

/** Issue 14: two threads on this 2-core machine against our own one-thread figure, on M and L. */
export const TWO_THREAD_TARGET = 1.7

/** The standard workloads of issue 4: input 1 feature, windows from a daily-periodic synthetic series. */
export const BENCH_CONFIGS = {
  seed: {
    model: modelConfig({ seqLen: 2, predSize: 2, hiddenSizes: [2], head: 'none' }),
    batch: 1,
    online: true,
    target: 100,
  },
  S: {
    model: modelConfig({ seqLen: 24, predSize: 1, hiddenSizes: [32] }),
    batch: 64,
    online: false,
    target: 5,
    torchTarget: 1.3,
  },
  M: {
    model: modelConfig({ seqLen: 96, predSize: 4, hiddenSizes: [64, 64] }),
    batch: 64,
    online: false,
    target: 2,
    torchTarget: 0.6,
  },
  L: {
    model: modelConfig({ seqLen: 96, predSize: 4, hiddenSizes: [128, 128] }),
    batch: 128,
    online: false,
    target: 2,
    torchTarget: 0.6,
  },
} satisfies Record<string, BenchConfig>

export type BenchConfigName = keyof typeof BENCH_CONFIGS
