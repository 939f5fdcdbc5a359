import type { ParamSpec } from './config'
import { newFloats, type FloatArray, type Precision } from './kernels/matmul'

/** Adam (Kingma & Ba, both bias corrections, ε added to √v̂ as in TensorFlow.js and PyTorch) or SGD with momentum. */
export type OptimizerConfig =
  | { kind: 'adam'; lr: number; beta1: number; beta2: number; epsilon: number }
  | { kind: 'sgd'; lr: number; momentum: number }

/** Defaults: Adam lr 0.001, β1 0.9, β2 0.999, ε 1e-8 (the study's text printed β1 = 0.09, a typo for 0.9). */
export function adam(
  o: Partial<Omit<Extract<OptimizerConfig, { kind: 'adam' }>, 'kind'>> = {},
): OptimizerConfig {
  return { kind: 'adam', lr: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, ...o }
}

export function sgd(
  o: Partial<Omit<Extract<OptimizerConfig, { kind: 'sgd' }>, 'kind'>> = {},
): OptimizerConfig {
  return { kind: 'sgd', lr: 0.01, momentum: 0, ...o }
}

/** What an optimizer keeps between steps, for snapshots and resumable files. */
export interface OptimizerState {
  config: OptimizerConfig
  step: number
  /** Adam: first moments; SGD: momentum buffer (in the weights' precision). */
  m: FloatArray
  /** Adam: second moments; SGD: empty. */
  v: FloatArray
}

/**
 * An optimizer over ONE flat parameter vector: a single loop per update. Its moments are kept in the weights'
 * precision (float32 networks train with float32 moments, as PyTorch does); the arithmetic of each update is
 * float64 either way, rounded when stored.
 */
export class FlatOptimizer {
  readonly state: OptimizerState

  constructor(config: OptimizerConfig, n: number, state?: OptimizerState, precision: Precision = 'float64') {
    if (state) {
      if (state.m.length !== n || (config.kind === 'adam' && state.v.length !== n)) {
        throw new Error('optimizer state does not match the parameter count')
      }
      const convert = (a: FloatArray) => {
        const out = newFloats(precision, a.length)
        out.set(a)
        return out
      }
      this.state = { ...state, config, m: convert(state.m), v: convert(state.v) }
    } else {
      this.state = {
        config,
        step: 0,
        m: newFloats(precision, n),
        v: newFloats(precision, config.kind === 'adam' ? n : 0),
      }
    }
  }

  /**
   * One update: params −= lr · direction(grads).
   * @param params [n] updated in place
   * @param grads  [n]
   * @param lr     learning rate of this step (the config's, or a decayed one)
   */
  step(params: FloatArray, grads: FloatArray, lr: number): void {
    const s = this.state
    const c = s.config
    const m = s.m
    const n = params.length
    s.step++
    if (c.kind === 'adam') {
      const v = s.v
      const b1 = c.beta1
      const b2 = c.beta2
      const bc1 = 1 - Math.pow(b1, s.step)
      const bc2 = 1 - Math.pow(b2, s.step)
      const eps = c.epsilon
      for (let k = 0; k < n; k++) {
        const g = grads[k]
        const mk = b1 * m[k] + (1 - b1) * g
        const vk = b2 * v[k] + (1 - b2) * g * g
        m[k] = mk
        v[k] = vk
        params[k] -= (lr * (mk / bc1)) / (Math.sqrt(vk / bc2) + eps)
      }
    } else if (c.momentum > 0) {
      // PyTorch/TensorFlow momentum: buf = μ·buf + g; w −= lr·buf
      const mu = c.momentum
      for (let k = 0; k < n; k++) {
        const b = mu * m[k] + grads[k]
        m[k] = b
        params[k] -= lr * b
      }
    } else {
      for (let k = 0; k < n; k++) params[k] -= lr * grads[k]
    }
  }
}

/**
 * Scale the gradients so their global L2 norm is at most maxNorm (no-op when maxNorm ≤ 0).
 * @returns the norm before clipping
 */
export function clipGradNorm(grads: FloatArray, maxNorm: number): number {
  let sq = 0
  for (let k = 0; k < grads.length; k++) sq += grads[k] * grads[k]
  const norm = Math.sqrt(sq)
  if (maxNorm > 0 && norm > maxNorm) {
    const s = maxNorm / norm
    for (let k = 0; k < grads.length; k++) grads[k] *= s
  }
  return norm
}

/** L2 weight decay on kernels (not biases): grads += λ·w, i.e. the loss gains λ/2·‖W‖². */
export function addWeightDecay(
  grads: FloatArray,
  params: FloatArray,
  specs: ParamSpec[],
  lambda: number,
): void {
  if (lambda <= 0) return
  for (const s of specs) {
    if (!s.decay) continue
    for (let k = s.offset; k < s.offset + s.size; k++) grads[k] += lambda * params[k]
  }
}
