/**
 * The training loop's hooks inside a worker job: progress messages (epoch, loss, ETA) and the loss
 * curves written to the library every few seconds, so a crash keeps what was learned.
 */
import type { Queryable } from '../db/library'
import { JobCancelled, type JobContext } from '../jobs/job-context'
import { TrainingDivergedError } from './divergence'
import type { ForecastModel } from '../engine/model'
import {
  trainWithEarlyStopping,
  type ModelParams,
  type TrainingLoopResult,
  type TrainingProgress,
  type TrainingWindows,
} from './pipeline'
import { finishRun, saveRunHistory } from './run-store'

/** How often the loss curves are written to the library while training. */
const HISTORY_SAVE_MS = 5_000

export function reportTrainingProgress(
  context: JobContext,
  library: Queryable,
  runId: number,
): { progress(p: TrainingProgress): void; cancelled(): boolean } {
  let lastHistorySave = Date.now()
  return {
    cancelled: () => context.cancelled,
    progress: (p) => {
      const fraction = (p.epoch - 1 + p.batch / Math.max(1, p.batches)) / p.epochs
      const loss = p.trainLoss === null ? '' : `, loss ${p.trainLoss.toPrecision(3)}`
      context.progress({ fraction, message: `Epoch ${p.epoch}/${p.epochs}${loss}`, detail: p })
      if (Date.now() - lastHistorySave > HISTORY_SAVE_MS && p.history.length > 0) {
        lastHistorySave = Date.now()
        void saveRunHistory(library, runId, p.history)
      }
    },
  }
}

/**
 * Records how a run's job failed: a diverged run keeps its curves and says why (stopReason
 * 'diverged'); a cancel was recorded by the job itself; anything else is a plain failure.
 */
export async function recordRunFailure(library: Queryable, runId: number, error: unknown): Promise<void> {
  if (error instanceof JobCancelled) return
  if (error instanceof TrainingDivergedError) {
    await finishRun(library, runId, {
      status: 'failed',
      message: error.message,
      history: error.history,
      result: { stopReason: error.stopReason, epochsRun: error.history.length, message: error.message },
    }).catch(() => undefined)
    return
  }
  await finishRun(library, runId, {
    status: 'failed',
    message: error instanceof Error ? error.message : String(error),
  }).catch(() => undefined)
}

/**
 * The training loop of a job: progress and curves reported as it goes; a run cancelled before its
 * first epoch ended is recorded as such and ends the job (there is nothing to save).
 */
export async function trainRun(
  context: JobContext,
  library: Queryable,
  runId: number,
  model: ForecastModel,
  windows: TrainingWindows,
  params: ModelParams,
): Promise<TrainingLoopResult> {
  const loop = await trainWithEarlyStopping(
    model,
    windows,
    params,
    reportTrainingProgress(context, library, runId),
  )
  if (loop.history.length === 0) {
    await finishRun(library, runId, {
      status: 'cancelled',
      message: 'Cancelled before the first epoch ended.',
    })
    throw new JobCancelled({ runId, modelId: null })
  }
  return loop
}
