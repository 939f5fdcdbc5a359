/**
 * A diverged run said in so many words. Two kinds:
 * - the loss became NaN or astronomically large: training stops, the run fails with stopReason
 *   'diverged' (TrainingDivergedError) and keeps its curves;
 * - the loss rose far above where it started and stayed finite (Adam at `--lr 10` thrashes
 *   between 1 and 20× the starting loss without a NaN): the run ends, and its outcome carries a
 *   warning that it diverged (divergenceWarning).
 */
import { lossForwardBackward, type LossName } from '../engine/losses'
import { AppError } from '../shared/result'
import type { TrainingParams } from '../shared/training-params'
import type { EpochPoint } from './pipeline'

/** A batch loss above this (in scaled units, where a constant forecast scores about 1) is a blow-up. */
export const EXPLODED_LOSS = 1e8
/**
 * An epoch's mean training loss this many times the starting loss means the updates overshoot.
 * Measured on CDB001 (15 min, next-hour network): sane runs (Adam 0.003–1, SGD, every loss and
 * scaling, the three presets) peak at 0.6–1.13× the start; Adam or SGD at learning rate 10 at
 * 9.6–27×.
 */
export const DIVERGED_PEAK_RATIO = 3
/** The final training loss this many times the first epoch's also means divergence (a slow one). */
export const DIVERGED_FINAL_RATIO = 10

/** The run stopped because its loss became NaN or exploded; carries the curves so far. */
export class TrainingDivergedError extends AppError {
  readonly stopReason = 'diverged' as const
  constructor(
    message: string,
    readonly history: EpochPoint[],
  ) {
    super('invalid-input', message)
    this.name = 'TrainingDivergedError'
  }
}

/**
 * The loss of a constant forecast (each output step's mean target) on the training windows: what
 * an untrained model scores, the reference "where the loss started".
 * @param y Float64Array [N, P] scaled targets
 */
export function constantForecastLoss(y: Float64Array, n: number, P: number, loss: LossName): number {
  if (n === 0) return NaN
  const constant = new Float64Array(n * P)
  for (let p = 0; p < P; p++) {
    let sum = 0
    for (let k = 0; k < n; k++) sum += y[k * P + p]
    for (let k = 0; k < n; k++) constant[k * P + p] = sum / n
  }
  return lossForwardBackward(loss, null, null, constant, y, n, P)
}

/** The plain explanation of a stop on a NaN or exploded loss. */
export function explodedMessage(
  what: 'NaN' | 'too large',
  epoch: number,
  batch: number | null,
  params: Pick<TrainingParams, 'learningRate' | 'optimizer'>,
): string {
  return (
    `The training diverged: the loss became ${what} at epoch ${epoch}${batch === null ? '' : `, batch ${batch}`} ` +
    `(${params.optimizer === 'adam' ? 'Adam' : 'SGD'}, learning rate ${params.learningRate}): lower the learning rate or check the data.`
  )
}

/**
 * A warning when the loss rose far above where it started, or null.
 * @param startLoss the loss before training (the larger of the first batch's and a constant forecast's)
 */
export function divergenceWarning(
  history: readonly Pick<EpochPoint, 'epoch' | 'trainLoss'>[],
  startLoss: number,
  params: Pick<TrainingParams, 'learningRate' | 'optimizer'>,
): string | null {
  if (history.length === 0 || !(startLoss > 0)) return null
  const peak = history.reduce((a, b) => (b.trainLoss > a.trainLoss ? b : a))
  const first = history[0].trainLoss
  const last = history[history.length - 1].trainLoss
  const fix = `lower the learning rate (${params.learningRate} with ${params.optimizer === 'adam' ? 'Adam' : 'SGD'})`
  const f = (v: number) => v.toPrecision(3)
  if (peak.trainLoss > DIVERGED_PEAK_RATIO * startLoss) {
    return (
      `The training loss diverged: it rose to ${f(peak.trainLoss)} at epoch ${peak.epoch}, ` +
      `${Math.round(peak.trainLoss / startLoss)}× where it started (${f(startLoss)}), and ended at ${f(last)}: ${fix}.`
    )
  }
  if (last > DIVERGED_FINAL_RATIO * first) {
    return (
      `The training loss diverged: it ended at ${f(last)}, ${Math.round(last / first)}× the first epoch's ` +
      `(${f(first)}): ${fix}.`
    )
  }
  return null
}
