/**
 * The end of a training job, shared by the home and the global jobs: the manifest's common head, and
 * the model and the run's verdict saved in one transaction (a cancelled run keeps its best weights so
 * far as a model, and its job ends as cancelled with that verdict).
 */
import { version as appVersion } from '../../package.json'
import type { Library } from '../db/library'
import { fileFormatVersion } from '../engine/serialize'
import { JobCancelled } from '../jobs/job-context'
import { currentUserName, engineVersion } from '../models/manifest'
import type { TrainingOutcome } from '../shared/training-outcome'
import { engineLabel, type EngineName } from './model-factory'
import type { TrainingLoopResult } from './pipeline'
import { finishRun, insertModel } from './run-store'

/**
 * The first fields of every model manifest: format, app, engine (with the format version of `weights`, the
 * model file: 2 for float32 weights, 1 for float64) and who trained it when.
 */
export function manifestHead(engine: EngineName, weights: Uint8Array) {
  return {
    format: 'voisin-forecast-model' as const,
    formatVersion: 1,
    appVersion,
    engine,
    engineLabel: engineLabel(engine),
    engineVersion: engineVersion(engine, appVersion, fileFormatVersion(weights)),
    createdAt: new Date().toISOString(),
    user: currentUserName(),
  }
}

/**
 * Inserts the model and finishes the run with its verdict, in one transaction; returns the verdict, or
 * throws JobCancelled with it when the run was cancelled.
 * @param summary the run's closing message (a cancelled run says so instead)
 */
export async function saveModelAndFinishRun(
  library: Library,
  run: {
    runId: number
    /** the dataset trained on; null for a global model */
    datasetId: number | null
    name: string
    engine: EngineName
    manifest: unknown
    weights: Uint8Array
    loop: TrainingLoopResult
    outcome: Omit<TrainingOutcome, 'runId' | 'modelId'>
    summary: string
  },
): Promise<TrainingOutcome> {
  const cancelled = run.loop.stopReason === 'cancelled'
  const modelId = await library.transaction(async (tx) => {
    const id = await insertModel(tx, {
      runId: run.runId,
      datasetId: run.datasetId,
      name: run.name,
      engine: run.engine,
      manifest: run.manifest,
      weights: run.weights,
    })
    await finishRun(tx, run.runId, {
      status: cancelled ? 'cancelled' : 'done',
      message: [
        cancelled ? 'Cancelled; the best weights so far were saved.' : run.summary,
        ...run.loop.warnings,
      ].join(' '),
      history: run.loop.history,
      result: { runId: run.runId, modelId: id, ...run.outcome },
      trainSeconds: run.loop.trainSeconds,
    })
    return id
  })
  const outcome: TrainingOutcome = { runId: run.runId, modelId, ...run.outcome }
  if (cancelled) throw new JobCancelled(outcome)
  return outcome
}

/** "Stopped early; best epoch 7." or "Finished; best epoch 40." */
export function describeStop(reason: string, bestEpoch: number): string {
  return reason === 'early-stopping'
    ? `Stopped early; best epoch ${bestEpoch}.`
    : `Finished; best epoch ${bestEpoch}.`
}
