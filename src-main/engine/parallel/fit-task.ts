import type { ModelConfig } from '../config'
import type { Precision } from '../kernels/matmul'
import { ScratchLstmModel } from '../scratch-model'
import { fit, type EpochReport, type FitOptions } from '../trainer'

/**
 * One training as a plain-data task, for the work pool (jobs/pool): a fresh scratch model fitted on the given
 * windows, optionally with early stopping on the validation loss (the best epoch's weights restored). It
 * imports nothing from the pool, so it runs anywhere.
 */
export interface FitTaskInput {
  config: ModelConfig
  precision?: Precision
  /** threads for this one training (default 1: a pool already gives each training its core) */
  threads?: number
  /** windows [n, T, I] and targets [n, P], scaled (over a SharedArrayBuffer to share one copy among threads) */
  x: Float64Array
  y: Float64Array
  n: number
  /** everything `fit` takes but the validation data, which comes here */
  fit: Omit<FitOptions, 'validation'>
  validation?: { x: Float64Array; y: Float64Array; n: number }
  /** stop after this many epochs without a better validation loss and restore the best weights */
  patience?: number
}

export interface FitTaskResult {
  /** the trained model's file (serialize()), best weights when early stopping */
  model: Uint8Array
  history: EpochReport[]
  /** 1-based epoch of the weights in `model` */
  bestEpoch: number
  stopped: boolean
  /** the threads the training really ran on (fewer than `threads` when they could not start) */
  threads: number
}

/** What fitTask needs of its surroundings (the pool's TaskContext fits). */
export interface FitTaskContext {
  progress(fraction: number, message?: string): void
  readonly cancelled: boolean
}

export async function fitTask(input: FitTaskInput, context: FitTaskContext): Promise<FitTaskResult> {
  const model = new ScratchLstmModel(input.config, {
    precision: input.precision,
    threads: input.threads ?? 1,
  })
  let best: Float64Array | null = null
  let bestLoss = Infinity
  let bestEpoch = 0
  let sinceBest = 0
  try {
    const r = await fit(
      model,
      input.x,
      input.y,
      input.n,
      { ...input.fit, validation: input.validation },
      {
        onBatchEnd: (b) => {
          const fraction = (b.epoch + (b.batch + 1) / b.batches) / input.fit.epochs
          context.progress(fraction, `epoch ${b.epoch + 1}/${input.fit.epochs}`)
        },
        onEpochEnd: (e) => {
          const loss = e.valLoss ?? e.loss
          if (loss < bestLoss) {
            bestLoss = loss
            bestEpoch = e.epoch + 1
            sinceBest = 0
            if (input.patience !== undefined) best = model.getWeights()
          } else sinceBest++
        },
        shouldStop: () => context.cancelled || (input.patience !== undefined && sinceBest >= input.patience),
      },
    )
    if (best) model.setWeights(best)
    return {
      model: model.serialize(),
      history: r.history,
      bestEpoch: best ? bestEpoch : r.epochsRun,
      stopped: context.cancelled,
      threads: model.threadsInUse,
    }
  } finally {
    model.dispose()
  }
}
