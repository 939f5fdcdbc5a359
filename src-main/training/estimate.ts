/**
 * What a run will cost before it starts: memory (float64 throughout, as the scratch engine keeps
 * it) and time per epoch, and plain warnings for a network or a learning rate that will hurt.
 * Rough on purpose: the figures exist to say "this will take 3 hours per epoch" or "this needs
 * more memory than the machine has" before a click, not to schedule anything.
 */
import { totalmem } from 'node:os'
import { forwardFlopsPerSample, paramCount, paramLayout, type ModelConfig } from '../engine/config'
import { formatBytes, formatDuration } from '../shared/human-units'
import { TRAINING_DEFAULTS } from '../shared/training-defaults'
import type { TrainingParams } from '../shared/training-params'

const FLOAT64_BYTES = 8

/**
 * Sustained training speed assumed (GFLOP/s, counting 3 × the forward matrix-product FLOPs per
 * window, as docs/engine.md does). Below every figure measured there on the 2-core build machine
 * (scratch: 5.8–10 with the WebAssembly kernels, 2.5–3.7 with the JavaScript ones; TF.js wasm
 * 0.74–1.45), so the estimate errs long on a busy machine rather than short.
 */
export const ASSUMED_GFLOPS = { scratch: 2.5, tfjs: 0.5 } as const
/** The study's online mode updates after every time step of one window: matrix-vector work, far slower per FLOP. */
const ONLINE_SLOWDOWN = 10

/** Above this, a run is worth a warning even on a machine that has the memory. */
export const MEMORY_WARNING_BYTES = 1e9
/** Above this, one epoch is long enough to say so. */
export const SLOW_EPOCH_SECONDS = 10 * 60
/** Weights, gradients and optimizer state of this many parameters is a large network for a household series. */
export const LARGE_NETWORK_PARAMETERS = 1_000_000
/** Learning rates above these diverge or thrash on scaled household loads (defaults: Adam 0.003, SGD 0.01–0.1). */
export const HIGH_LEARNING_RATE = { adam: 0.1, sgd: 1 } as const

export interface TrainingEstimate {
  /** bytes held while training: network, optimizer state, a batch's activations, the windows */
  memoryBytes: number
  /** seconds of one epoch (training windows forward and backward, validation windows forward) */
  secondsPerEpoch: number
  /** trainable parameters of the network */
  parameters: number
}

/**
 * @param windows training and validation windows the run will see (0 when not yet known: the
 *   estimate is then the network's share alone, a lower bound)
 * @param windowsAtMost when the windows are not known: a bound on them (the dataset's readings),
 *   so a batch size larger than the data is not counted in full
 */
export function estimateTraining(
  params: TrainingParams,
  config: ModelConfig,
  windows: { train: number; validation: number },
  windowsAtMost = Infinity,
): TrainingEstimate {
  const parameters = paramCount(paramLayout(config))
  // weights, gradients, the best weights kept for early stopping, and the optimizer's moments
  const optimizerCopies = params.optimizer === 'adam' ? 2 : params.momentum > 0 ? 1 : 0
  const networkNumbers = parameters * (3 + optimizerCopies)
  // BPTT keeps, per layer, time step and window of the batch: its input, h, c, the 4 gates,
  // tanh(c) and dL/dh (the engine's sequence buffers, docs/engine.md "arena")
  const batchLimit = windows.train > 0 ? windows.train : windowsAtMost
  const batch = params.online ? 1 : Math.max(1, Math.min(params.batchSize, batchLimit))
  let perStep = 0
  let inputSize = config.inputSize
  for (const hidden of config.hiddenSizes) {
    perStep += inputSize + 8 * hidden
    inputSize = hidden
  }
  const activationNumbers = batch * config.seqLen * perStep
  // the windows themselves: inputs [N, T, I] and targets [N, P] of the training and validation sets
  const windowNumbers =
    (windows.train + windows.validation) * (config.seqLen * config.inputSize + config.predSize + 1)
  const memoryBytes = (networkNumbers + activationNumbers + windowNumbers) * FLOAT64_BYTES

  const forward = forwardFlopsPerSample(config)
  const flops = 3 * forward * windows.train + forward * windows.validation
  const gflops = ASSUMED_GFLOPS[params.engine] / (params.online ? ONLINE_SLOWDOWN : 1)
  return { memoryBytes, secondsPerEpoch: flops / (gflops * 1e9), parameters }
}

/** Why the run cannot fit in this machine's memory, or null when it can. */
export function memoryRefusal(estimate: TrainingEstimate, machineBytes = totalmem()): string | null {
  if (estimate.memoryBytes <= machineBytes) return null
  return (
    `This run needs about ${formatBytes(estimate.memoryBytes)} of memory, more than this computer has ` +
    `(${formatBytes(machineBytes)}): use fewer or smaller LSTM layers, a shorter window or a smaller batch.`
  )
}

/** Plain cautions before starting: a heavy run, a large network, a learning rate likely to diverge. */
export function trainingWarnings(
  params: TrainingParams,
  estimate: TrainingEstimate,
  trainWindows: number,
): string[] {
  const warnings: string[] = []
  const shape = `${params.hiddenSizes.length} × ${params.hiddenSizes.join('/')}`
  if (estimate.memoryBytes > MEMORY_WARNING_BYTES) {
    warnings.push(
      `This run needs about ${formatBytes(estimate.memoryBytes)} of memory (network ${shape}, batch ${params.batchSize}, ` +
        `window ${params.seqLen}, ${trainWindows} training windows).`,
    )
  }
  if (estimate.secondsPerEpoch > SLOW_EPOCH_SECONDS) {
    warnings.push(
      `One epoch will take about ${formatDuration(estimate.secondsPerEpoch)} with the ${params.engine} engine ` +
        `(${trainWindows} training windows)` +
        (params.epochs > 1
          ? `, so ${params.epochs} epochs up to ${formatDuration(estimate.secondsPerEpoch * params.epochs)}.`
          : '.'),
    )
  }
  if (estimate.parameters > LARGE_NETWORK_PARAMETERS) {
    warnings.push(
      `The network (${shape}) has ${estimate.parameters.toLocaleString('en')} parameters: far more than a household ` +
        `series can teach; a smaller network trains faster and usually forecasts as well.`,
    )
  }
  const high = HIGH_LEARNING_RATE[params.optimizer]
  if (params.learningRate > high) {
    warnings.push(
      `The learning rate ${params.learningRate} is unusually high for ${params.optimizer === 'adam' ? 'Adam' : 'SGD'} ` +
        `(above ${high}; the default is ${TRAINING_DEFAULTS.learningRate}): the loss will likely diverge.`,
    )
  }
  return warnings
}
