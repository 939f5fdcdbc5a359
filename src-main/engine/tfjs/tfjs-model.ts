import * as tf from '@tensorflow/tfjs'
import { paramCount, paramLayout, type ModelConfig, type ParamSpec } from '../config'
import { initParams } from '../init'
import type { FloatArray } from '../kernels/matmul'
import { HUBER_DELTA, type LossName } from '../losses'
import type { ForecastModel, TrainSettings } from '../model'
import { Rng } from '../rng'
import { serializeModel } from '../serialize'

/**
 * The library LSTM: the same architecture built from TensorFlow.js Keras-API layers (tf.layers.lstm with
 * recurrentActivation 'sigmoid', Dropout layers between layers, a dense head), behind the same ForecastModel
 * interface, so the one trainer and the pipeline can train it on the same windows for comparison.
 * Computation is float32 (TensorFlow.js has no float64). Select the backend first (useTfjsBackend).
 * Initial weights are drawn by the engine's own initialiser from config.seed, so both engines start from
 * identical weights for the same config.
 */
export class TfjsLstmModel implements ForecastModel {
  readonly engine = 'tfjs' as const
  readonly specs: ParamSpec[]
  readonly rng: Rng
  readonly model: tf.Sequential
  private readonly vars: tf.Variable[]
  private settings: TrainSettings | null = null
  private optimizer: tf.Optimizer | null = null
  private optimizerKey = ''

  constructor(readonly config: ModelConfig) {
    this.specs = paramLayout(config)
    this.rng = new Rng(config.seed)
    const { seqLen: T, inputSize: I, predSize: P, hiddenSizes, dropout } = config
    const model = tf.sequential()
    hiddenSizes.forEach((H, l) => {
      if (l > 0 && dropout > 0) model.add(tf.layers.dropout({ rate: dropout }))
      model.add(
        tf.layers.lstm({
          units: H,
          activation: 'tanh',
          recurrentActivation: 'sigmoid',
          // weights are set below from the engine's own initialiser (and TF.js' orthogonal one is slow)
          kernelInitializer: 'zeros',
          recurrentInitializer: 'zeros',
          returnSequences: l < hiddenSizes.length - 1,
          ...(l === 0 ? { inputShape: [T, I] } : {}),
        }),
      )
    })
    if (config.head === 'dense') {
      if (dropout > 0) model.add(tf.layers.dropout({ rate: dropout }))
      model.add(tf.layers.dense({ units: P, kernelInitializer: 'zeros' }))
    }
    this.model = model
    // LayerVariable.read() is the backing tf.Variable, in the same order as paramLayout
    this.vars = model.trainableWeights.map((w) => w.read() as tf.Variable)
    const names = this.vars.map((v) => v.shape.join(','))
    const expected = this.specs.map((s) => s.shape.join(','))
    if (names.join(' ') !== expected.join(' '))
      throw new Error(`unexpected TF.js weight shapes ${names.join(' ')}`)
    const init = new Float64Array(paramCount(this.specs))
    initParams(init, this.specs, config, this.rng)
    this.setWeights(init)
  }

  compile(settings: TrainSettings): void {
    const key = JSON.stringify(settings.optimizer)
    if (key !== this.optimizerKey) {
      this.optimizer?.dispose()
      const o = settings.optimizer
      this.optimizer =
        o.kind === 'adam'
          ? tf.train.adam(o.lr, o.beta1, o.beta2, o.epsilon)
          : tf.train.momentum(o.lr, o.momentum)
      this.optimizerKey = key
    }
    this.settings = settings
  }

  trainBatch(x: Float64Array, y: Float64Array, B: number, perStep: Float64Array, lr: number): number {
    const s = this.settings
    if (!s || !this.optimizer) throw new Error('compile() the model before training')
    const opt = this.optimizer
    this.setLearningRate(opt, lr)
    const result = tf.tidy(() => {
      const { value, grads, perStepLoss } = this.gradients(x, y, B, s.loss, true)
      let g = this.vars.map((v) => grads[v.name])
      if (s.weightDecay > 0)
        g = g.map((gi, k) => (this.specs[k].decay ? gi.add(this.vars[k].mul(s.weightDecay)) : gi))
      if (s.clipNorm > 0) {
        const norm = tf.sqrt(tf.addN(g.map((gi) => gi.square().sum())))
        const scale = tf.minimum(1, tf.div(s.clipNorm, norm))
        g = g.map((gi) => gi.mul(scale))
      }
      opt.applyGradients(this.vars.map((v, k) => ({ name: v.name, tensor: g[k] })))
      return [value, perStepLoss] // perStepLoss is kept (see gradients), disposed below
    })
    const loss = result[0].dataSync()[0]
    perStep.set(result[1].dataSync())
    tf.dispose(result)
    return loss
  }

  /** Learning rate of the next update (decay): Adam reads a field, momentum a precomputed scalar. */
  private setLearningRate(opt: tf.Optimizer, lr: number): void {
    // (instanceof is unusable here: TF.js optimizers override Symbol.hasInstance with a duck-type check)
    const o = opt as unknown as { learningRate: number; setLearningRate?: (lr: number) => void }
    if (o.learningRate === lr) return
    if (o.setLearningRate) o.setLearningRate(lr)
    else o.learningRate = lr
  }

  /**
   * Loss and its gradient for every weight on a batch (tf.variableGrads through the Keras layers).
   * Call inside tf.tidy; perStepLoss is tf.keep()-ed (it is made inside variableGrads' own tidy), so the
   * caller disposes it.
   */
  private gradients(x: Float64Array, y: Float64Array, B: number, loss: LossName, training: boolean) {
    const { seqLen: T, inputSize: I, predSize: P } = this.config
    const xt = tf.tensor3d(Float32Array.from(x.subarray(0, B * T * I)), [B, T, I])
    const yt = tf.tensor2d(Float32Array.from(y.subarray(0, B * P)), [B, P])
    let perStepLoss: tf.Tensor | null = null
    const { value, grads } = tf.variableGrads(() => {
      const yHat = this.model.apply(xt, { training }) as tf.Tensor
      perStepLoss = tf.keep(elementLoss(loss, yHat, yt).mean(0))
      return (perStepLoss as tf.Tensor).mean() as tf.Scalar
    }, this.vars)
    return { value, grads, perStepLoss: perStepLoss as unknown as tf.Tensor }
  }

  /**
   * For tests and comparisons: loss and flat gradients (float64 copies, in `specs` order) of a batch, no dropout.
   * @returns grads Float64Array [paramCount]
   */
  lossAndGradients(
    x: Float64Array,
    y: Float64Array,
    B: number,
    loss: LossName,
  ): { loss: number; grads: Float64Array } {
    const flat = new Float64Array(paramCount(this.specs))
    let value = NaN
    tf.tidy(() => {
      const g = this.gradients(x, y, B, loss, false)
      g.perStepLoss.dispose()
      this.specs.forEach((s, k) => flat.set(g.grads[this.vars[k].name].dataSync(), s.offset))
      value = g.value.dataSync()[0]
    })
    return { loss: value, grads: flat }
  }

  evaluate(x: Float64Array, y: Float64Array, N: number, loss: LossName, perStep: Float64Array): number {
    const P = this.config.predSize
    const yHat = this.predict(x, N)
    let l = NaN
    tf.tidy(() => {
      const target = tf.tensor2d(Float32Array.from(y.subarray(0, N * P)), [N, P])
      const e = elementLoss(loss, tf.tensor2d(Float32Array.from(yHat), [N, P]), target)
      perStep.set(e.mean(0).dataSync())
      l = e.mean().dataSync()[0]
    })
    return l
  }

  predict(x: Float64Array, N: number): Float64Array {
    const { seqLen: T, inputSize: I, predSize: P } = this.config
    const out = new Float64Array(N * P)
    const chunk = 256
    for (let s = 0; s < N; s += chunk) {
      const B = Math.min(chunk, N - s)
      const y = tf.tidy(() => {
        const xt = tf.tensor3d(Float32Array.from(x.subarray(s * T * I, (s + B) * T * I)), [B, T, I])
        return (this.model.predict(xt, { batchSize: B }) as tf.Tensor).dataSync()
      })
      out.set(y, s * P)
    }
    return out
  }

  getWeights(): Float64Array {
    const flat = new Float64Array(paramCount(this.specs))
    this.specs.forEach((s, k) => flat.set(this.vars[k].dataSync(), s.offset))
    return flat
  }

  setWeights(w: FloatArray): void {
    if (w.length !== paramCount(this.specs))
      throw new Error(`setWeights: expected ${paramCount(this.specs)} numbers`)
    this.specs.forEach((s, k) => {
      tf.tidy(() =>
        this.vars[k].assign(tf.tensor(Float32Array.from(w.subarray(s.offset, s.offset + s.size)), s.shape)),
      )
    })
  }

  /** Same file format as the scratch engine; weights only (TF.js optimizer state is not saved). */
  serialize(meta?: Record<string, unknown>): Uint8Array {
    return serializeModel({
      engine: this.engine,
      precision: 'float32', // TensorFlow.js trains in float32: the file holds its weights exactly
      config: this.config,
      specs: this.specs,
      params: this.getWeights(),
      optimizer: null,
      rngState: this.rng.getState(),
      meta: meta ?? {},
    })
  }

  dispose(): void {
    this.optimizer?.dispose()
    this.model.dispose()
  }
}

/** Element-wise loss [B, P], the same definitions as losses.ts. */
function elementLoss(loss: LossName, yHat: tf.Tensor, y: tf.Tensor): tf.Tensor {
  const d = tf.sub(yHat, y)
  if (loss === 'mse') return tf.square(d)
  if (loss === 'mae') return tf.abs(d)
  const ad = tf.abs(d)
  const quad = tf.minimum(ad, HUBER_DELTA)
  return tf.add(tf.mul(0.5, tf.square(quad)), tf.mul(HUBER_DELTA, tf.sub(ad, quad)))
}
