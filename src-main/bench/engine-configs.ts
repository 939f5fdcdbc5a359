import { modelConfig, type ModelConfig } from '../engine/config'

export const ENGINES = ['scratch', 'tfjs-cpu', 'tfjs-wasm'] as const
export type EngineName = (typeof ENGINES)[number]

export interface BenchConfig {
  model: ModelConfig
  batch: number
  /** The study's online mode: an update after every time step (scratch engine; TF.js updates per window). */
  online: boolean
  /** Minimum ratio of scratch training throughput over the faster TensorFlow.js backend (issue 4). */
  target: number
}

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
  },
  M: {
    model: modelConfig({ seqLen: 96, predSize: 4, hiddenSizes: [64, 64] }),
    batch: 64,
    online: false,
    target: 2,
  },
  L: {
    model: modelConfig({ seqLen: 96, predSize: 4, hiddenSizes: [128, 128] }),
    batch: 128,
    online: false,
    target: 2,
  },
} satisfies Record<string, BenchConfig>

export type BenchConfigName = keyof typeof BENCH_CONFIGS
