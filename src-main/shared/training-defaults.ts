/**
 * The default value of every training parameter, in one plain object: the request schema
 * (training-params.ts) fills gaps from it, and the presets start from it, so the form, the CLI
 * and the pipeline can never disagree. Plain data, so the renderer may import it.
 */
export const TRAINING_DEFAULTS = {
  column: 'p_cons' as 'p_cons' | 'p_prod' | 'p_tot',
  resolution: '15min' as 'raw' | '1min' | '15min' | '1h',
  seqLen: 48,
  predSize: 4,
  stride: 1,
  hiddenSizes: [32],
  head: 'dense' as 'dense' | 'none',
  dropout: 0,
  epochs: 40,
  batchSize: 64,
  optimizer: 'adam' as 'adam' | 'sgd',
  learningRate: 0.003,
  momentum: 0.9,
  loss: 'mae' as 'mse' | 'mae' | 'huber',
  scaling: 'standard' as 'minmax' | 'standard' | 'robust',
  level: 'none' as 'none' | 'last' | 'mean',
  calendar: true,
  earlyStopping: true,
  patience: 5,
  lrDecay: 1,
  clipNorm: 1,
  weightDecay: 0,
  online: false,
  engine: 'scratch' as 'scratch' | 'tfjs',
  /** the scratch engine's numbers: float32 is twice as fast and trains to the same skill (docs/engine.md) */
  precision: 'float32' as 'float32' | 'float64',
  /** threads for one training: 'auto' = the free cores, at most 8, where the batches are big enough to pay */
  threads: 'auto' as 'auto' | number,
  seed: 1,
  split: { train: 0.7, validation: 0.15, test: 0.15 },
  horizon: 96,
}

/** Forecast steps in one day at a resolution: the natural long horizon (24 h). */
export function stepsPerDay(resolution: string, rawIntervalSeconds = 8): number {
  const seconds = { raw: rawIntervalSeconds, '1min': 60, '15min': 900, '1h': 3600 }[resolution] ?? 900
  return Math.round(86_400 / seconds)
}
