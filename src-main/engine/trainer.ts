import type { LossName } from './losses'
import type { ForecastModel, TrainSettings } from './model'

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
  validation?: { x: Float64Array; y: Float64Array; n: number }
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
      // gather the batch: xb[b] = x[order[start + b]]
      for (let b = 0; b < nb; b++) {
        const src = order[start + b]
        xb.set(x.subarray(src * T * I, (src + 1) * T * I), b * T * I)
        yb.set(y.subarray(src * P, (src + 1) * P), b * P)
      }
      const loss = online
        ? (model.trainWindowOnline as NonNullable<ForecastModel['trainWindowOnline']>)(xb, yb, perStep, lr)
        : model.trainBatch(xb, yb, nb, perStep, lr)
      if (!Number.isFinite(loss))
        throw new Error(`training diverged: loss ${loss} at epoch ${epoch + 1}, batch ${batch + 1}`)
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

/** Mean loss and loss per output step of a model on a data set. */
export function evaluateLoss(
  model: ForecastModel,
  data: { x: Float64Array; y: Float64Array; n: number },
  loss: LossName,
): { loss: number; perStep: number[] } {
  const perStep = new Float64Array(model.config.predSize)
  const l = model.evaluate(data.x, data.y, data.n, loss, perStep)
  return { loss: l, perStep: Array.from(perStep) }
}
