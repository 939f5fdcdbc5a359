import type { FloatArray } from './kernels/matmul'

/** Training losses, with the loss of each output step reported separately as well as the mean. */
export type LossName = 'mse' | 'mae' | 'huber'

export const LOSS_NAMES: readonly LossName[] = ['mse', 'mae', 'huber']

/** Huber's threshold δ, as in TensorFlow.js `tf.losses.huberLoss` and Keras `Huber()`. */
export const HUBER_DELTA = 1

/**
 * Loss of predictions against targets: mean over the batch and the P output steps of the element loss
 *   mse: d², mae: |d|, huber: d²/2 if |d| ≤ δ else δ(|d| − δ/2), with d = y − target.
 * Writes dL/dy (of the mean) into dy when given, and the mean over the batch of each output step into perStep.
 * With `meanOver` > B the rows are one shard of a batch of meanOver windows (threads): everything is divided
 * by the whole batch, so the shards' losses, per-step losses and gradients add up to the batch's.
 *
 * @param y       [B, P] predictions
 * @param target  [B, P]
 * @param dy      [B, P] out (overwritten) or null
 * @param perStep Float64Array [P] out (overwritten) or null
 * @returns the mean loss (the shard's share of it with meanOver)
 */
export function lossForwardBackward(
  loss: LossName,
  dy: FloatArray | null,
  perStep: Float64Array | null,
  y: FloatArray,
  target: FloatArray,
  B: number,
  P: number,
  meanOver: number = B,
): number {
  const n = meanOver * P
  let total = 0
  if (perStep !== null) perStep.fill(0, 0, P)
  for (let b = 0; b < B; b++) {
    for (let p = 0; p < P; p++) {
      const k = b * P + p
      const d = y[k] - target[k]
      const ad = Math.abs(d)
      let l: number
      let g: number
      if (loss === 'mse') {
        l = d * d
        g = 2 * d
      } else if (loss === 'mae') {
        l = ad
        g = d > 0 ? 1 : d < 0 ? -1 : 0
      } else if (ad <= HUBER_DELTA) {
        l = 0.5 * d * d
        g = d
      } else {
        l = HUBER_DELTA * (ad - 0.5 * HUBER_DELTA)
        g = d > 0 ? HUBER_DELTA : -HUBER_DELTA
      }
      total += l
      if (perStep !== null) perStep[p] += l / meanOver
      if (dy !== null) dy[k] = g / n
    }
  }
  return total / n
}
