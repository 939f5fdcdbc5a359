import type { LossName } from './losses'
import type { ForecastModel, TrainSettings } from './model'

/**
 * Training windows that are built on demand: a global model trains on hundreds of thousands of windows
 * drawn from many homes, which need not all exist at once. `gather` writes the chosen windows, already
 * scaled, into the caller's buffers.
 */
export interface WindowSource {
  readonly n: number
  /**
   * @param order window indexes; windows order[from], …, order[from + count − 1] are written
   * @param x Float64Array [count, T, I] out
   * @param y Float64Array [count, P] out
   */
  gather(order: Uint32Array, from: number, count: number, x: Float64Array, y: Float64Array): void
}

/** Windows held in arrays X [N, T, I] and Y [N, P], as a WindowSource. */
export function arrayWindows(
  x: Float64Array,
  y: Float64Array,
  n: number,
  windowSize: number,
  P: number,
): WindowSource {
  return {
    n,
    gather(order, from, count, xb, yb) {
      for (let b = 0; b < count; b++) {
        const src = order[from + b]
        xb.set(x.subarray(src * windowSize, (src + 1) * windowSize), b * windowSize)
        yb.set(y.subarray(src * P, (src + 1) * P), b * P)
      }
    },
  }
}

const isSource = (data: unknown): data is WindowSource => typeof (data as WindowSource).gather === 'function'

/** Options of one `fit` call. Data are already scaled. */
export interface FitOptions extends TrainSettings {
  epochs: number
  /** Windows per update (ignored in online mode, which updates after every time step of every window). */
  batchSize: number
  /** Multiply the learning rate by this after every epoch (1 = constant). */
  lrDecay?: number
  /** The study's online mode (see ForecastModel.trainWindowOnline). */
  online?: boolean
  /** Shuffle the windows every epoch with the model's random stream (default true). */
  shuffle?: boolean
  /** Evaluated after every epoch with the training loss (no dropout). */
  validation?: { x: Float64Array; y: Float64Array; n: number } | WindowSource
  /** Let the event loop run (progress messages, cancellation) at least this often; default 50 ms. */
  yieldEveryMs?: number
}

export interface BatchReport {
  epoch: number
  batch: number
  batches: number
  loss: number
  /** Float64Array [P]: loss per output step; reused, copy it to keep it. */
  perStep: Float64Array
}

export interface EpochReport {
  epoch: number
  epochs: number
  lr: number
  /** Mean over the epoch's batches of the batch losses (measured before each update). */
  loss: number
  perStep: number[]
  valLoss?: number
  valPerStep?: number[]
  seconds: number
}

export interface FitCallbacks {
  onBatchEnd?(r: BatchReport): void
  onEpochEnd?(r: EpochReport): void
  /** Checked between batches; true ends training after the current batch. */
  shouldStop?(): boolean
}

export interface FitResult {
  epochsRun: number
  stopped: boolean
  history: EpochReport[]
}

/** Thrown by `fit` when a batch loss is not finite: the weights are beyond repair. */
export class TrainingDiverged extends Error {
  constructor(
    readonly loss: number,
    /** 1-based */
    readonly epoch: number,
    /** 1-based */
    readonly batch: number,
  ) {
    super(`training diverged: loss ${loss} at epoch ${epoch}, batch ${batch}`)
    this.name = 'TrainingDiverged'
  }
}

/**
 * The one trainer: epochs of shuffled minibatches (or online windows) over windows X [N, T, I] and targets
 * Y [N, P], for any ForecastModel. Snapshots for early stopping: model.getWeights() / setWeights().
 */
export async function fit(
  model: ForecastModel,
  x: Float64Array,
  y: Float64Array,
  N: number,
  options: FitOptions,
  callbacks: FitCallbacks = {},
): Promise<FitResult> {
  const { seqLen: T, inputSize: I, predSize: P } = model.config
  if (x.length < N * T * I || y.length < N * P)
    throw new Error(`fit: X must be [${N}, ${T}, ${I}] and Y [${N}, ${P}]`)
  return fitWindows(model, arrayWindows(x, y, N, T * I, P), options, callbacks)
}

/** `fit` over windows built on demand (see WindowSource): the same epochs, batches and callbacks. */
export async function fitWindows(
  model: ForecastModel,
  data: WindowSource,
  options: FitOptions,
  callbacks: FitCallbacks = {},
): Promise<FitResult> {
  const { seqLen: T, inputSize: I, predSize: P } = model.config
  const N = data.n
  if (N < 1) throw new Error('fit: no training windows')
  if (options.online && !model.trainWindowOnline)
    throw new Error(`the ${model.engine} engine has no online mode`)
  model.compile(options)
  const online = options.online === true
  const B = online ? 1 : Math.max(1, Math.min(options.batchSize, N))
  if (!online) await model.prepare?.(B)
  const order = new Uint32Array(N)
  for (let k = 0; k < N; k++) order[k] = k
  const xb = new Float64Array(B * T * I)
  const yb = new Float64Array(B * P)
  const perStep = new Float64Array(P)
  const epochPerStep = new Float64Array(P)
  const yieldEvery = options.yieldEveryMs ?? 50
  let lastYield = performance.now()
  let lr = options.optimizer.lr
  const history: EpochReport[] = []
  let stopped = false
  const batches = Math.ceil(N / B)
  for (let epoch = 0; epoch < options.epochs && !stopped; epoch++) {
    const t0 = performance.now()
    if (options.shuffle !== false) model.rng.shuffle(order)
    let lossSum = 0
    epochPerStep.fill(0)
    for (let batch = 0; batch < batches; batch++) {
      const start = batch * B
      const nb = Math.min(B, N - start)
      // gather the batch: xb[b] = window order[start + b]
      data.gather(order, start, nb, xb, yb)
      const loss = online
        ? (model.trainWindowOnline as NonNullable<ForecastModel['trainWindowOnline']>)(xb, yb, perStep, lr)
        : model.trainBatch(xb, yb, nb, perStep, lr)
      if (!Number.isFinite(loss)) throw new TrainingDiverged(loss, epoch + 1, batch + 1)
      // epoch loss weighted by windows, so a short last batch counts for what it holds
      lossSum += loss * nb
      for (let p = 0; p < P; p++) epochPerStep[p] += (perStep[p] * nb) / N
      callbacks.onBatchEnd?.({ epoch, batch, batches, loss, perStep })
      if (callbacks.shouldStop?.()) {
        stopped = true
        break
      }
      if (performance.now() - lastYield > yieldEvery) {
        await new Promise<void>((resolve) => setImmediate(resolve))
        lastYield = performance.now()
      }
    }
    const report: EpochReport = {
      epoch,
      epochs: options.epochs,
      lr,
      loss: lossSum / N,
      perStep: Array.from(epochPerStep),
      seconds: (performance.now() - t0) / 1000,
    }
    if (options.validation) {
      const v = evaluateLoss(model, options.validation, options.loss)
      report.valLoss = v.loss
      report.valPerStep = v.perStep
    }
    history.push(report)
    callbacks.onEpochEnd?.(report)
    if (callbacks.shouldStop?.()) stopped = true
    lr *= options.lrDecay ?? 1
  }
  return { epochsRun: history.length, stopped, history }
}

/** Windows evaluated per model call when the data come from a WindowSource. */
const EVALUATE_CHUNK = 1024

/** Mean loss and loss per output step of a model on a data set (arrays, or windows built on demand). */
export function evaluateLoss(
  model: ForecastModel,
  data: { x: Float64Array; y: Float64Array; n: number } | WindowSource,
  loss: LossName,
): { loss: number; perStep: number[] } {
  const P = model.config.predSize
  const perStep = new Float64Array(P)
  if (!isSource(data)) {
    const l = model.evaluate(data.x, data.y, data.n, loss, perStep)
    return { loss: l, perStep: Array.from(perStep) }
  }
  const { seqLen: T, inputSize: I } = model.config
  const chunk = Math.min(EVALUATE_CHUNK, Math.max(1, data.n))
  const order = Uint32Array.from({ length: data.n }, (_, k) => k)
  const x = new Float64Array(chunk * T * I)
  const y = new Float64Array(chunk * P)
  const chunkPerStep = new Float64Array(P)
  let total = 0
  // chunk means weighted by their window counts: the same mean as one call over every window
  for (let from = 0; from < data.n; from += chunk) {
    const count = Math.min(chunk, data.n - from)
    data.gather(order, from, count, x, y)
    total += model.evaluate(x, y, count, loss, chunkPerStep) * count
    for (let p = 0; p < P; p++) perStep[p] += chunkPerStep[p] * count
  }
  const n = Math.max(1, data.n)
  return { loss: total / n, perStep: Array.from(perStep, (v) => v / n) }
}
