import type { ModelConfig } from '../engine/config'
import type { ForecastModel } from '../engine/model'
import { adam, sgd } from '../engine/optimizer'
import { arrayWindows, fitWindows, TrainingDiverged, type WindowSource } from '../engine/trainer'
import type { TrainingParams } from '../shared/training-params'
import type { HistoryPoint, TrainingProgress } from '../shared/training-outcome'
import {
  constantForecastLoss,
  divergenceWarning,
  EXPLODED_LOSS,
  explodedMessage,
  TrainingDivergedError,
} from './divergence'
import { EarlyStopping } from './early-stopping'
import type { EvaluationReport } from './evaluate'
import { DEFAULT_LEVELS, type IntervalCalibration, type IntervalMethod } from './intervals/conformal'
import { DEFAULT_INTERVAL_METHOD } from './intervals/default-method'
import {
  calibrateOnWindows,
  evaluateWithIntervals,
  forecastSeries,
  type Calibrations,
} from './intervals/windows-with-intervals'
import type { PreparedData } from './prepare'
import { windowStarts } from './windows'

/** One point of the loss curves (losses in scaled units, as the model sees them). */
export type EpochPoint = HistoryPoint
/** What the training loop reports, throttled by the worker (its schema is in shared/, for the contract). */
export type { TrainingProgress }

export type StopReason = 'completed' | 'early-stopping' | 'cancelled'

export interface TrainingLoopResult {
  history: EpochPoint[]
  epochsRun: number
  bestEpoch: number
  stopReason: StopReason
  trainSeconds: number
  /** plain cautions about the run itself (a loss that diverged without becoming NaN) */
  warnings: string[]
}

/** What a run asks for, whatever its data (one home, or several for a global model). */
export type ModelParams = Omit<TrainingParams, 'datasetId'>

/** The windows a run trains and validates on: arrays for one home, built on demand for a global model. */
export interface TrainingWindows {
  train: WindowSource
  validation: WindowSource
}

/** A home's window tensors as the training loop takes them. */
export function windowsOf(
  data: PreparedData,
  params: Pick<TrainingParams, 'seqLen' | 'predSize'>,
): TrainingWindows {
  const source = (t: PreparedData['train']) =>
    arrayWindows(t.x, t.y, t.n, params.seqLen * t.inputSize, params.predSize)
  return { train: source(data.train), validation: source(data.validation) }
}

/** Targets read for the constant-forecast reference loss: all of them, or an even sample of this many. */
const TARGET_SAMPLE = 20_000

/** The targets Y [n, P] of the training windows, or of an even sample of them (a global model has 100 000s). */
function sampleTargets(source: WindowSource, config: ModelConfig): { y: Float64Array; n: number } {
  const { seqLen: T, inputSize: I, predSize: P } = config
  const n = Math.min(source.n, TARGET_SAMPLE)
  const order = Uint32Array.from({ length: n }, (_, k) => Math.floor((k * source.n) / n))
  const y = new Float64Array(n * P)
  const chunk = 1024
  const x = new Float64Array(chunk * T * I)
  const yChunk = new Float64Array(chunk * P)
  for (let from = 0; from < n; from += chunk) {
    const count = Math.min(chunk, n - from)
    source.gather(order, from, count, x, yChunk)
    y.set(yChunk.subarray(0, count * P), from * P)
  }
  return { y, n }
}

/** The architecture for these parameters. */
export function modelConfigFor(params: ModelParams, inputSize: number): ModelConfig {
  return {
    inputSize,
    seqLen: params.seqLen,
    predSize: params.predSize,
    hiddenSizes: params.hiddenSizes,
    head: params.head,
    dropout: params.dropout,
    recurrentInit: 'glorot',
    unitForgetBias: true,
    seed: params.seed,
  }
}

/**
 * Trains with early stopping on the validation loss (restoring the best weights), stops cleanly on
 * cancel, and refuses to go on when the loss turns NaN or explodes (TrainingDivergedError, with
 * the curves so far); a loss that rose far above its start is flagged in `warnings`.
 */
export async function trainWithEarlyStopping(
  model: ForecastModel,
  data: TrainingWindows,
  params: ModelParams,
  hooks: { progress(p: TrainingProgress): void; cancelled(): boolean },
): Promise<TrainingLoopResult> {
  const optimizer =
    params.optimizer === 'adam'
      ? adam({ lr: params.learningRate })
      : sgd({ lr: params.learningRate, momentum: params.momentum })
  const hasValidation = data.validation.n > 0
  const stopper = new EarlyStopping(params.patience, params.earlyStopping)
  const history: EpochPoint[] = []
  const started = performance.now()
  const batches = params.online
    ? data.train.n
    : Math.ceil(data.train.n / Math.max(1, Math.min(params.batchSize, data.train.n)))
  let samplesDone = 0
  let stopReason: StopReason = 'completed'
  let diverged: string | null = null
  let firstBatchLoss = NaN
  let lastProgress: Omit<TrainingProgress, 'history'> | null = null

  const elapsed = () => (performance.now() - started) / 1000
  const report = (patch: Partial<TrainingProgress>) => {
    const seconds = elapsed()
    const rate = seconds > 0 ? samplesDone / seconds : 0
    const totalSamples = params.epochs * data.train.n
    const base = lastProgress ?? {
      phase: 'training' as const,
      epoch: 1,
      epochs: params.epochs,
      batch: 0,
      batches,
      trainLoss: null,
      valLoss: null,
      valPerStep: null,
      samplesPerSecond: 0,
      elapsedSeconds: 0,
      etaSeconds: null,
    }
    lastProgress = {
      ...base,
      ...patch,
      samplesPerSecond: rate,
      elapsedSeconds: seconds,
      etaSeconds: rate > 0 ? Math.max(0, (totalSamples - samplesDone) / rate) : null,
    }
    hooks.progress({ ...lastProgress, history })
  }

  let result: Awaited<ReturnType<typeof fitWindows>> | null = null
  try {
    result = await fitWindows(
      model,
      data.train,
      {
        optimizer,
        loss: params.loss,
        clipNorm: params.clipNorm,
        weightDecay: params.weightDecay,
        epochs: params.epochs,
        batchSize: params.batchSize,
        lrDecay: params.lrDecay,
        online: params.online,
        shuffle: true,
        validation: hasValidation ? data.validation : undefined,
      },
      {
        onBatchEnd: (r) => {
          samplesDone += params.online ? 1 : Math.min(params.batchSize, data.train.n)
          // the untrained model's loss: where the curve starts
          if (Number.isNaN(firstBatchLoss)) firstBatchLoss = r.loss
          if (!Number.isFinite(r.loss) || r.loss > EXPLODED_LOSS) {
            const what = Number.isFinite(r.loss) ? 'too large' : 'NaN'
            diverged = explodedMessage(what, r.epoch + 1, r.batch + 1, params)
          }
          report({ epoch: r.epoch + 1, batch: r.batch + 1, trainLoss: r.loss })
        },
        onEpochEnd: (r) => {
          const point: EpochPoint = {
            epoch: r.epoch + 1,
            trainLoss: r.loss,
            valLoss: r.valLoss ?? null,
            valPerStep: r.valPerStep ?? null,
            learningRate: r.lr,
            seconds: r.seconds,
          }
          history.push(point)
          if (!Number.isFinite(r.loss) || (r.valLoss !== undefined && !Number.isFinite(r.valLoss))) {
            diverged ??= explodedMessage('NaN', point.epoch, null, params)
          }
          const monitored = hasValidation ? (r.valLoss ?? NaN) : r.loss
          if (stopper.update(point.epoch, monitored, () => model.getWeights())) stopReason = 'early-stopping'
          report({
            epoch: point.epoch,
            batch: batches,
            trainLoss: r.loss,
            valLoss: point.valLoss,
            valPerStep: point.valPerStep,
          })
        },
        shouldStop: () => {
          if (hooks.cancelled()) stopReason = 'cancelled'
          return stopReason !== 'completed' || diverged !== null
        },
      },
    )
  } catch (error) {
    // a NaN loss inside the engine: the same stop as an exploded one, with the curves kept
    if (!(error instanceof TrainingDiverged)) throw error
    diverged = explodedMessage('NaN', error.epoch, error.batch, params)
  }
  if (diverged || !result) throw new TrainingDivergedError(diverged ?? 'The training diverged.', history)
  if (stopper.bestWeights) model.setWeights(stopper.bestWeights)
  const targets = sampleTargets(data.train, model.config)
  const startLoss = Math.max(
    firstBatchLoss,
    constantForecastLoss(targets.y, targets.n, params.predSize, params.loss),
  )
  const warning = divergenceWarning(history, startLoss, params)
  return {
    history,
    epochsRun: result.epochsRun,
    bestEpoch: stopper.bestEpoch || history.length,
    stopReason,
    trainSeconds: elapsed(),
    warnings: warning ? [warning] : [],
  }
}

export interface TestReport {
  /** the windows of predSize steps (the model's own horizon) */
  test: EvaluationReport
  /** the recursive long-horizon forecast, or null when the horizon is 0 or no test stretch is long enough */
  longHorizon: EvaluationReport | null
  /** a sample of the test predictions for the prediction-vs-actual chart (step 1 of each window), with its bands */
  chart: {
    t: number[]
    actual: number[]
    predicted: number[]
    bands?: { level: number; lower: number[]; upper: number[] }[]
  }
  /** the conformal calibrations (validation days) to store with the model; null parts had no validation window */
  intervals: ModelIntervals
}

/** Stored with a model: the bands of its own horizon and of the recursive long horizon. */
export interface ModelIntervals {
  method: IntervalMethod
  levels: number[]
  /** steps 1 … predSize */
  horizon: IntervalCalibration | null
  /** steps 1 … the long horizon (recursive forecasts from hourly validation origins) */
  long: IntervalCalibration | null
}

/** Validation origins of the long horizon: one per hour (every origin would cost predSize times more). */
export function longHorizonStride(intervalMs: number): number {
  return Math.max(1, Math.round(3_600_000 / intervalMs))
}

/**
 * Scores the trained model on the test days, in watts, against the three naive baselines on the
 * same windows, with conformal bands calibrated on the validation days (the model's and one around
 * each baseline); then the recursive long-horizon forecast from non-overlapping test starts.
 */
export function evaluateOnTest(
  model: ForecastModel,
  data: PreparedData,
  params: TrainingParams,
  intervals: { levels?: readonly number[]; method?: IntervalMethod } = {},
): TestReport {
  const { grid, scaler, features } = data
  const levels = intervals.levels ?? DEFAULT_LEVELS
  const method = intervals.method ?? DEFAULT_INTERVAL_METHOD
  const T = params.seqLen
  const P = params.predSize
  const series = forecastSeries(grid, scaler, features.zone)
  const validation = (horizon: number, stride: number) =>
    windowStarts(grid.values, data.labels, 'validation', { seqLen: T, predSize: horizon, stride })
  const calibrations = calibrateOnWindows(
    model,
    [{ series, starts: validation(P, 1) }],
    features,
    T,
    P,
    levels,
    method,
  )
  const test = evaluateWithIntervals(model, series, features, data.starts.test, T, P, calibrations)
  let longHorizon: EvaluationReport | null = null
  let longCalibrations: Calibrations | null = null
  if (params.horizon > 0) {
    const starts = windowStarts(grid.values, data.labels, 'test', {
      seqLen: T,
      predSize: params.horizon,
      stride: params.horizon,
    })
    if (starts.length > 0) {
      const origins = validation(params.horizon, longHorizonStride(grid.intervalMs))
      longCalibrations = calibrateOnWindows(
        model,
        [{ series, starts: origins }],
        features,
        T,
        params.horizon,
        levels,
        method,
      )
      longHorizon = evaluateWithIntervals(
        model,
        series,
        features,
        starts,
        T,
        params.horizon,
        longCalibrations,
      ).report
    }
  }
  const chart: TestReport['chart'] = { t: [], actual: [], predicted: [] }
  for (let k = 0; k < test.starts.length; k++) {
    chart.t.push(grid.start + (test.starts[k] + T) * grid.intervalMs)
    chart.actual.push(test.actual[k * P])
    chart.predicted.push(test.predicted[k * P])
  }
  if (test.bands.length > 0) {
    chart.bands = test.bands.map((band) => ({
      level: band.level,
      lower: Array.from({ length: test.starts.length }, (_, k) => band.lower[k * P]),
      upper: Array.from({ length: test.starts.length }, (_, k) => band.upper[k * P]),
    }))
  }
  return {
    test: test.report,
    longHorizon,
    chart,
    intervals: {
      method,
      levels: [...levels],
      horizon: calibrations.model,
      long: longCalibrations?.model ?? null,
    },
  }
}
