/**
 * The training loop's hooks inside a worker job: progress messages (epoch, loss, ETA) and the loss
 * curves written to the library every few seconds, so a crash keeps what was learned.
 */
import type { Queryable } from '../db/library'
import type { JobContext } from '../jobs/job-context'
import type { TrainingProgress } from './pipeline'
import { saveRunHistory } from './run-store'

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
