import type { ModelConfig, ParamSpec } from './config'
import { initParams } from './init'
import { getMatmulKernels } from './kernels/select'
import { newFloats, type FloatArray, type MatmulKernels, type Precision } from './kernels/matmul'
import { lossForwardBackward, type LossName } from './losses'
import type { ForecastModel, TrainSettings } from './model'
import { LstmNetwork } from './network'
import { addWeightDecay, clipGradNorm, FlatOptimizer, type OptimizerState } from './optimizer'
import { Rng } from './rng'
import { deserializeModel, serializeModel } from './serialize'

/**
 * Windows per forward pass in predict/evaluate: at least this many, or the training batch size when larger
 * (the buffers are already that big; predicting in bigger chunks would grow them, and the L config's memory).
 */
const INFER_CHUNK = 32

/** How a scratch model computes (not what it is: that is the ModelConfig). */
export interface ScratchModelOptions {
  /**
   * 'float64' (default: the reference, as the gradient checks and the TF.js agreement tests run) or 'float32'
   * (the fast path: weights, activations, gradients and optimizer moments in float32).
   */
  precision?: Precision
  /** Matrix products to use; their precision wins over `precision` (default: the selected kernels). */
  kernels?: MatmulKernels
}

/** The from-scratch engine behind the ForecastModel interface. */
export class ScratchLstmModel implements ForecastModel {
  readonly engine = 'scratch' as const
  readonly net: LstmNetwork
  readonly rng: Rng
  readonly precision: Precision
  private settings: TrainSettings | null = null
  private optimizer: FlatOptimizer | null = null
  private dy: FloatArray = new Float64Array(0)
  private target = new Float64Array(0)
  private onlineH: Float64Array[] = []
  private onlineC: Float64Array[] = []

  /**
   * A model with fresh weights drawn from config.seed (Glorot uniform, see init.ts: drawn in float64, so both
   * precisions start from the same weights, rounded in float32).
   */
  constructor(
    readonly config: ModelConfig,
    options: ScratchModelOptions = {},
  ) {
    const kernels = options.kernels ?? getMatmulKernels(options.precision ?? 'float64')
    this.precision = kernels.precision
    this.net = new LstmNetwork(config, kernels)
    this.rng = new Rng(config.seed)
    const initial = new Float64Array(this.net.params.length)
    initParams(initial, this.net.specs, config, this.rng)
    this.net.params.set(initial)
  }

  /**
   * Load a model written by serialize() (by either engine: the weight layout is shared), in the precision of
   * `options` (default: the file's; converted when they differ). The optimizer state and random stream are
   * restored too, so training resumes where it stopped; compile with the same optimizer config to keep the state.
   */
  static fromBytes(bytes: Uint8Array, options: ScratchModelOptions = {}): ScratchLstmModel {
    const saved = deserializeModel(bytes)
    const model = new ScratchLstmModel(saved.config, { precision: saved.precision, ...options })
    model.setWeights(saved.params)
    model.rng.setState(saved.rngState)
    if (saved.optimizer) {
      model.optimizer = new FlatOptimizer(
        saved.optimizer.config,
        saved.params.length,
        saved.optimizer,
        model.precision,
      )
    }
    return model
  }

  get specs(): ParamSpec[] {
    return this.net.specs
  }

  /** The optimizer's state (moments, step count), or null before the first compile. */
  get optimizerState(): OptimizerState | null {
    return this.optimizer?.state ?? null
  }

  compile(settings: TrainSettings): void {
    const same =
      this.optimizer && JSON.stringify(this.optimizer.state.config) === JSON.stringify(settings.optimizer)
    if (!same)
      this.optimizer = new FlatOptimizer(
        settings.optimizer,
        this.net.params.length,
        undefined,
        this.precision,
      )
    this.settings = settings
  }

  trainBatch(x: Float64Array, y: Float64Array, B: number, perStep: Float64Array, lr: number): number {
    const P = this.config.predSize
    const yHat = this.net.forward(x, 0, B, this.config.seqLen, true, this.rng)
    if (this.dy.length < B * P) this.dy = newFloats(this.precision, B * P)
    const loss = lossForwardBackward(this.requireSettings().loss, this.dy, perStep, yHat, y, B, P)
    this.update(lr)
    return loss
  }

  /**
   * Online mode (the study's): one window, an optimizer update after every time step t. The state (h, c) runs
   * on through the window; the loss of step t compares the output at t with the P values that follow x_t in
   * the load series (feature 0 of the next steps, then y), and its gradient stops at step t (truncated
   * backpropagation of one step: the incoming state is treated as a constant).
   *
   * @param x Float64Array [T, I]
   * @param y Float64Array [P]
   * @param perStep Float64Array [P] out: loss per output step, averaged over the window's steps
   */
  trainWindowOnline(x: Float64Array, y: Float64Array, perStep: Float64Array, lr: number): number {
    const { seqLen: T, inputSize: I, predSize: P } = this.config
    const loss = this.requireSettings().loss
    if (this.onlineH.length === 0) {
      this.onlineH = this.net.hiddenSizes.map((H) => new Float64Array(H))
      this.onlineC = this.net.hiddenSizes.map((H) => new Float64Array(H))
    }
    if (this.dy.length < P) this.dy = newFloats(this.precision, P)
    if (this.target.length < 2 * P) this.target = new Float64Array(2 * P)
    const target = this.target.subarray(0, P)
    const stepLoss = this.target.subarray(P, 2 * P)
    for (const h of this.onlineH) h.fill(0)
    for (const c of this.onlineC) c.fill(0)
    perStep.fill(0, 0, P)
    let total = 0
    for (let t = 0; t < T; t++) {
      for (let p = 0; p < P; p++) {
        const s = t + 1 + p // position in the load series of this window and its target
        target[p] = s < T ? x[s * I] : y[s - T]
      }
      this.net.setInitialState(this.onlineH, this.onlineC, 1)
      const yHat = this.net.forward(x, t * I, 1, 1, true, this.rng, true)
      total += lossForwardBackward(loss, this.dy, stepLoss, yHat, target, 1, P)
      for (let p = 0; p < P; p++) perStep[p] += stepLoss[p] / T
      this.net.getState(this.onlineH, this.onlineC, 1, 1)
      this.update(lr)
    }
    return total / T
  }

  evaluate(x: Float64Array, y: Float64Array, N: number, loss: LossName, perStep: Float64Array): number {
    const { seqLen: T, inputSize: I, predSize: P } = this.config
    const chunk = Math.max(this.net.capacity, INFER_CHUNK)
    const part = new Float64Array(P)
    perStep.fill(0, 0, P)
    let total = 0
    for (let s = 0; s < N; s += chunk) {
      const B = Math.min(chunk, N - s)
      const yHat = this.net.forward(x, s * T * I, B, T, false, null)
      total += lossForwardBackward(loss, null, part, yHat, y.subarray(s * P, (s + B) * P), B, P) * B
      for (let p = 0; p < P; p++) perStep[p] += (part[p] * B) / N
    }
    return total / N
  }

  predict(x: Float64Array, N: number): Float64Array {
    const { seqLen: T, inputSize: I, predSize: P } = this.config
    if (x.length < N * T * I)
      throw new Error(`predict: x holds ${x.length} numbers, [${N}, ${T}, ${I}] needs ${N * T * I}`)
    const out = new Float64Array(N * P)
    const chunk = Math.max(this.net.capacity, INFER_CHUNK)
    for (let s = 0; s < N; s += chunk) {
      const B = Math.min(chunk, N - s)
      out.set(this.net.forward(x, s * T * I, B, T, false, null), s * P)
    }
    return out
  }

  /** A float64 copy of the weights (exact in either precision). */
  getWeights(): Float64Array {
    return Float64Array.from(this.net.params)
  }

  /** Weights from getWeights() or a file (rounded to float32 in a float32 model). */
  setWeights(w: FloatArray): void {
    if (w.length !== this.net.params.length) {
      throw new Error(`setWeights: expected ${this.net.params.length} numbers, got ${w.length}`)
    }
    this.net.params.set(w)
  }

  serialize(meta?: Record<string, unknown>): Uint8Array {
    return serializeModel({
      engine: this.engine,
      precision: this.precision,
      config: this.config,
      specs: this.specs,
      params: this.net.params,
      optimizer: this.optimizer?.state ?? null,
      rngState: this.rng.getState(),
      meta: meta ?? {},
    })
  }

  dispose(): void {
    this.net.releaseBuffers()
  }

  private requireSettings(): TrainSettings {
    if (!this.settings) throw new Error('compile() the model before training')
    return this.settings
  }

  /** grads = dL/dw of the last forward pass (+ decay, clipped), then one optimizer step. */
  private update(lr: number): void {
    const s = this.requireSettings()
    const { params, grads, specs } = this.net
    grads.fill(0)
    this.net.backward(this.dy)
    addWeightDecay(grads, params, specs, s.weightDecay)
    if (s.clipNorm > 0) clipGradNorm(grads, s.clipNorm)
    ;(this.optimizer as FlatOptimizer).step(params, grads, lr)
  }
}
