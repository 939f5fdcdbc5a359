import type { ModelConfig, ParamSpec } from './config'
import type { FloatArray } from './kernels/matmul'
import type { LossName } from './losses'
import type { OptimizerConfig } from './optimizer'
import type { Rng } from './rng'

/** How a model is trained: fixed for a `fit` call, passed to `compile`. */
export interface TrainSettings {
  optimizer: OptimizerConfig
  loss: LossName
  /** Global gradient-norm clipping threshold; 0 = off. */
  clipNorm: number
  /** L2 weight decay λ on kernels (grads += λ·w); 0 = off. */
  weightDecay: number
}

/**
 * The interface every forecasting engine implements (the from-scratch one and the TensorFlow.js one), so one
 * trainer (`fit` in trainer.ts) and one training pipeline drive both. Arrays are flat Float64Array, batch-major:
 * windows X [N, T, I] (T = seqLen, I = inputSize, feature 0 = the load) and targets Y [N, P] (P = predSize),
 * already scaled.
 */
export interface ForecastModel {
  readonly engine: 'scratch' | 'tfjs'
  readonly config: ModelConfig
  /** Names, shapes and offsets of the weights in the flat vector of getWeights/setWeights. */
  readonly specs: ParamSpec[]
  /** Random stream for shuffling (and dropout in the scratch engine); saved with the model. */
  readonly rng: Rng

  /** Set the optimizer and loss. Keeps the optimizer state when the optimizer config is unchanged (resume). */
  compile(settings: TrainSettings): void

  /**
   * Optional: get ready to train on batches of up to `capacity` windows (the scratch engine starts its
   * threads here, without blocking the event loop). `fit` calls it after compile.
   */
  prepare?(capacity: number): Promise<void>

  /** Optional: the threads training this model right now (the scratch engine; 1 when its threads failed). */
  readonly threadsInUse?: number

  /**
   * One optimizer update on a minibatch (forward, backward, clip, decay, step).
   * @param x Float64Array [B, T, I]
   * @param y Float64Array [B, P]
   * @param perStep Float64Array [P] out: the batch's loss per output step (before the update)
   * @param lr learning rate of this step
   * @returns the batch's mean loss (before the update)
   */
  trainBatch(x: Float64Array, y: Float64Array, B: number, perStep: Float64Array, lr: number): number

  /**
   * The study's online mode, one window: an update after EVERY time step (see docs/engine.md). Optional:
   * engines that cannot do it leave it undefined.
   * @param x Float64Array [T, I] one window; y Float64Array [P] its target
   * @returns mean loss over the window's steps
   */
  trainWindowOnline?(x: Float64Array, y: Float64Array, perStep: Float64Array, lr: number): number

  /**
   * Loss of the model on a data set, without updating it (no dropout).
   * @param perStep Float64Array [P] out
   */
  evaluate(x: Float64Array, y: Float64Array, N: number, loss: LossName, perStep: Float64Array): number

  /**
   * Batched inference.
   * @param x Float64Array [N, T, I]
   * @returns Float64Array [N, P]
   */
  predict(x: Float64Array, N: number): Float64Array

  /** Copy of all weights, flat in `specs` order (a snapshot: cheap, one array). */
  getWeights(): Float64Array
  /** Restore weights from getWeights(). */
  setWeights(w: FloatArray): void

  /** Self-describing, versioned, checksummed bytes (architecture, weights, optimizer state). */
  serialize(): Uint8Array

  /** Release native memory (TensorFlow.js tensors); a no-op for the scratch engine. */
  dispose(): void
}
