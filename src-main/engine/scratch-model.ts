import { paramCount, paramLayout, type ModelConfig, type ParamSpec } from './config'
import { initParams } from './init'
import { getMatmulKernels, type KernelName } from './kernels/select'
import type { Worker } from 'node:worker_threads'
import { ShardTeam } from './parallel/shard-team'
import type { ShardThreadData } from './parallel/shard-protocol'
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

/** Most threads one model may use (the training form offers up to 8). */
export const MAX_THREADS = 64

/** Inference is cut into shards only when each thread gets at least this many windows. */
const MIN_WINDOWS_PER_THREAD = 8

/** How a scratch model computes (not what it is: that is the ModelConfig). */
export interface ScratchModelOptions {
  /**
   * 'float64' (default: the reference, as the gradient checks and the TF.js agreement tests run) or 'float32'
   * (the fast path: weights, activations, gradients and optimizer moments in float32).
   */
  precision?: Precision
  /** Matrix products to use; their precision wins over `precision` (default: the selected kernels). */
  kernels?: MatmulKernels
  /**
   * Threads for one training (default 1): every minibatch, and every prediction over many windows, is cut into
   * this many shards computed at once (parallel/shard-team.ts). Same seed and thread count, same weights bit
   * for bit. Online mode always runs on one thread.
   */
  threads?: number
  /** Starts one shard thread (tests replace it to make the threads fail). */
  startShardThread?: (data: ShardThreadData) => Worker
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
  /** The threads' shared weights (the network is built on them), when threads > 1. */
  private readonly sharedParams: SharedArrayBuffer | null
  private team: ShardTeam | null = null
  private teamFailure: string | null = null
  readonly threads: number
  private readonly startShardThread: ((data: ShardThreadData) => Worker) | undefined

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
    this.threads = options.threads ?? 1
    this.startShardThread = options.startShardThread
    if (!Number.isInteger(this.threads) || this.threads < 1 || this.threads > MAX_THREADS)
      throw new Error(`threads must be a whole number from 1 to ${MAX_THREADS}, got ${this.threads}`)
    const n = paramCount(paramLayout(config))
    this.sharedParams =
      this.threads > 1 ? new SharedArrayBuffer(n * (this.precision === 'float32' ? 4 : 8)) : null
    const params = this.sharedParams
      ? this.precision === 'float32'
        ? new Float32Array(this.sharedParams)
        : new Float64Array(this.sharedParams)
      : undefined
    this.net = new LstmNetwork(config, kernels, { params })
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
    const model = new ScratchLstmModel(saved.config, {
      ...options,
      precision: options.precision ?? saved.precision,
    })
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

  /** Threads actually training this model: `threads`, or 1 before they started or when they could not. */
  get threadsInUse(): number {
    return this.team !== null ? this.team.threads : 1
  }

  /** Why the threads could not be used (the model then trains on one thread), or null. */
  get threadFailure(): string | null {
    return this.teamFailure
  }

  /** Shards the other threads have computed so far (0 with one thread): the proof they work. */
  get shardsComputedByThreads(): number {
    return this.team?.shardsComputedByThreads ?? 0
  }

  /**
   * Start the threads for batches of up to `capacity` windows (fit calls it; without it they start, blocking,
   * on the first batch). When they cannot start the model trains on one thread: see threadFailure.
   */
  async prepare(capacity: number): Promise<void> {
    if (this.sharedParams === null || this.teamFailure !== null) return
    if (this.team !== null && this.team.capacity >= capacity) return
    await this.team?.close()
    this.team = this.newTeam(capacity)
    try {
      await this.team.start()
    } catch (error) {
      this.dropTeam((error as Error).message)
    }
  }

  trainBatch(x: Float64Array, y: Float64Array, B: number, perStep: Float64Array, lr: number): number {
    const P = this.config.predSize
    if (this.dy.length < B * P) this.dy = newFloats(this.precision, B * P)
    const team = this.teamFor(B)
    if (team) {
      const loss = team.trainBatch(this.net, x, y, B, this.requireSettings().loss, this.dy, perStep, this.rng)
      this.step(lr)
      return loss
    }
    const yHat = this.net.forward(x, 0, B, this.config.seqLen, true, this.rng)
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
    const team = this.teamForInference(N)
    if (team) return lossForwardBackward(loss, null, perStep, team.predict(this.net, x, N), y, N, P)
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
    const team = this.teamForInference(N)
    if (team) return team.predict(this.net, x, N)
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
    void this.team?.close()
    this.team = null
    this.net.releaseBuffers()
  }

  private requireSettings(): TrainSettings {
    if (!this.settings) throw new Error('compile() the model before training')
    return this.settings
  }

  /** grads = dL/dw of the last forward pass (+ decay, clipped), then one optimizer step. */
  private update(lr: number): void {
    this.net.grads.fill(0)
    this.net.backward(this.dy)
    this.step(lr)
  }

  /** Weight decay and clipping on the gradients in net.grads, then one optimizer step. */
  private step(lr: number): void {
    const s = this.requireSettings()
    const { params, grads, specs } = this.net
    addWeightDecay(grads, params, specs, s.weightDecay)
    if (s.clipNorm > 0) clipGradNorm(grads, s.clipNorm)
    ;(this.optimizer as FlatOptimizer).step(params, grads, lr)
  }

  /** The threads for a batch of B windows (started, blocking, if need be), or null to train on this thread. */
  private teamFor(B: number): ShardTeam | null {
    if (this.sharedParams === null || this.teamFailure !== null) return null
    if (this.team !== null && this.team.capacity >= B) return this.team
    void this.team?.close()
    this.team = this.newTeam(B)
    if (!this.team.startBlocking()) this.dropTeam(this.team.failed ?? 'the threads did not start')
    return this.team
  }

  /** The threads for inference over N windows: only when every thread gets a few windows. */
  private teamForInference(N: number): ShardTeam | null {
    if (this.sharedParams === null || N < this.threads * MIN_WINDOWS_PER_THREAD) return null
    return this.teamFor(Math.min(N, Math.max(this.team?.capacity ?? 0, INFER_CHUNK * this.threads)))
  }

  private newTeam(capacity: number): ShardTeam {
    const kernels: KernelName = this.net.mm.name.startsWith('js') ? 'js' : 'wasm-simd'
    const minimum = Math.max(capacity, INFER_CHUNK * this.threads)
    return new ShardTeam(
      this.config,
      this.precision,
      kernels,
      this.threads,
      minimum,
      this.sharedParams as SharedArrayBuffer,
      this.startShardThread,
    )
  }

  /** Give up on the threads (they failed): train on this thread from now on. */
  private dropTeam(why: string): void {
    this.teamFailure = why
    void this.team?.close()
    this.team = null
  }
}
