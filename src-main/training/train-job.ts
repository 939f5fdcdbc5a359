import { version as appVersion } from '../../package.json'
import { Library } from '../db/library'
import { JobCancelled, type JobFunction } from '../jobs/job-context'
import type { TrainingParams } from '../shared/training-params'
import type { TrainingOutcome } from '../shared/training-outcome'
import { baselineForecast, type BaselineName } from './baselines'
import { createModel, engineLabel, engineOptionsFor } from './model-factory'
import { errorByHour, toScoredForecast } from './outcome'
import { evaluateOnTest, modelConfigFor, trainWithEarlyStopping, type TrainingProgress } from './pipeline'
import { prepareTrainingData } from './prepare'
import { finishRun, insertModel, saveRunHistory } from './run-store'
import { currentUserName, engineVersion, labelledStats, sourceFileHashes } from '../models/manifest'
import { fileFormatVersion } from '../engine/serialize'
import { loadModelToResume, type ResumedModel } from '../models/resume'
import { loadDatasetRow } from '../data/store/stored-readings'
import { SPLIT_CODES } from './split'

export interface TrainJobParams {
  runId: number
  name: string
  params: TrainingParams
  /** continue training this saved model (same architecture) instead of fresh weights */
  resumeModelId?: number
}

/** How often the loss curves are written to the library while training (so a crash keeps them). */
const HISTORY_SAVE_MS = 5_000

/**
 * The training job, run in the worker: prepare the windows, train with early stopping, judge the
 * model on the test days against the baselines, and save run and model in one transaction.
 * A cancel keeps the run as "cancelled" with its curves and, after at least one epoch, the best
 * weights so far as a model.
 */
export const trainJob: JobFunction<TrainJobParams, TrainingOutcome> = async (
  { runId, name, params, resumeModelId },
  context,
) => {
  const library = await Library.open(context.databasePath)
  try {
    context.progress({ fraction: null, message: 'Preparing windows…', detail: { phase: 'preparing' } })
    const data = await prepareTrainingData(library, params)
    context.throwIfCancelled()
    const config = modelConfigFor(params, data.train.inputSize)
    const engineOptions = engineOptionsFor(params, config)
    const resumed: ResumedModel | null = resumeModelId
      ? await loadModelToResume(library, resumeModelId, params.engine, config, engineOptions)
      : null
    const model = resumed?.model ?? (await createModel(params.engine, config, engineOptions))
    const scratchOptions = params.engine === 'scratch' ? { ...engineOptions } : null
    let lastHistorySave = Date.now()
    const loop = await trainWithEarlyStopping(model, data, params, {
      cancelled: () => context.cancelled,
      progress: (p: TrainingProgress) => {
        const fraction = (p.epoch - 1 + p.batch / Math.max(1, p.batches)) / p.epochs
        const loss = p.trainLoss === null ? '' : `, loss ${p.trainLoss.toPrecision(3)}`
        context.progress({ fraction, message: `Epoch ${p.epoch}/${p.epochs}${loss}`, detail: p })
        if (Date.now() - lastHistorySave > HISTORY_SAVE_MS && p.history.length > 0) {
          lastHistorySave = Date.now()
          void saveRunHistory(library, runId, p.history)
        }
      },
    })
    if (loop.history.length === 0) {
      await finishRun(library, runId, {
        status: 'cancelled',
        message: 'Cancelled before the first epoch ended.',
      })
      throw new JobCancelled({ runId, modelId: null })
    }

    context.progress({
      fraction: 1,
      message: 'Evaluating on the test days…',
      detail: { phase: 'evaluating' },
    })
    const report = evaluateOnTest(model, data, params)
    const test = toScoredForecast(report.test)
    if (data.splitBy === 'time') {
      test.notes.push(
        'Fewer than 3 usable days: train / validation / test were split by time, not by whole days.',
      )
    }
    const best = (test.bestBaseline ?? 'persistence') as BaselineName
    const baselineStep1 = report.chart.t.map((t) => {
      const out = new Float64Array(1)
      const slot = Math.round((t - data.grid.start) / data.grid.intervalMs)
      baselineForecast(best, data.grid.values, slot, 1, data.grid.intervalMs, out)
      return out[0]
    })
    const cancelled = loop.stopReason === 'cancelled'
    // the threads it really trained on: fewer than asked when they could not start
    if (scratchOptions) scratchOptions.threads = model.threadsInUse ?? 1
    const outcomeWithoutIds = {
      status: cancelled ? ('cancelled' as const) : ('done' as const),
      stopReason: loop.stopReason,
      engine: engineLabel(params.engine),
      ...(scratchOptions ? { precision: scratchOptions.precision, threads: scratchOptions.threads } : {}),
      datasetId: params.datasetId,
      home: data.series.home,
      intervalSeconds: data.series.intervalSeconds,
      epochsRun: loop.epochsRun,
      bestEpoch: loop.bestEpoch,
      trainSeconds: loop.trainSeconds,
      trainWindows: data.train.n,
      validationWindows: data.validation.n,
      testWindows: data.starts.test.length,
      history: loop.history,
      test,
      longHorizon: report.longHorizon ? toScoredForecast(report.longHorizon) : null,
      testSeries: report.chart,
      errorByHour: errorByHour(
        report.chart.t,
        report.chart.actual,
        report.chart.predicted,
        baselineStep1,
        data.series.zone,
      ),
    }

    context.progress({ fraction: 1, message: 'Saving the model…', detail: { phase: 'saving' } })
    const weights = model.serialize()
    model.dispose()
    const manifest = {
      format: 'voisin-forecast-model',
      formatVersion: 1,
      appVersion,
      engine: params.engine,
      engineLabel: engineLabel(params.engine),
      engineVersion: engineVersion(params.engine, appVersion, fileFormatVersion(weights)),
      ...(scratchOptions ? { precision: scratchOptions.precision, threads: scratchOptions.threads } : {}),
      createdAt: new Date().toISOString(),
      user: currentUserName(),
      params,
      config: model.config,
      scaler: data.scaler,
      features: data.features,
      window: { seqLen: params.seqLen, predSize: params.predSize, stride: params.stride },
      resolution: params.resolution,
      intervalSeconds: data.series.intervalSeconds,
      sourceIntervalSeconds: (await loadDatasetRow(library, params.datasetId)).interval_seconds,
      column: params.column,
      dataset: {
        id: params.datasetId,
        home: data.series.home,
        zone: data.series.zone,
        recipe: data.series.recipe,
        keptDays: data.series.keptDays,
        removedDays: data.series.removedDays,
        files: await sourceFileHashes(library, params.datasetId),
      },
      split: data.days,
      seed: params.seed,
      // a resumed model's curves continue the earlier ones
      history: resumed
        ? [
            ...resumed.history,
            ...loop.history.map((h) => ({ ...h, epoch: h.epoch + resumed.resumedFrom.epochsBefore })),
          ]
        : loop.history,
      resumedFrom: resumed?.resumedFrom,
      trainingStats: labelledStats(data.grid.values, data.labels, SPLIT_CODES.train),
      testSeries: outcomeWithoutIds.testSeries,
      errorByHour: outcomeWithoutIds.errorByHour,
      stopReason: loop.stopReason,
      bestEpoch: loop.bestEpoch,
      trainSeconds: loop.trainSeconds,
      test: outcomeWithoutIds.test,
      longHorizon: outcomeWithoutIds.longHorizon,
    }
    const modelId = await library.transaction(async (tx) => {
      const id = await insertModel(tx, {
        runId,
        datasetId: params.datasetId,
        name,
        engine: params.engine,
        manifest,
        weights,
      })
      const outcome: TrainingOutcome = { runId, modelId: id, ...outcomeWithoutIds }
      await finishRun(tx, runId, {
        status: cancelled ? 'cancelled' : 'done',
        message: cancelled
          ? 'Cancelled; the best weights so far were saved.'
          : describeStop(loop.stopReason, loop.bestEpoch),
        history: loop.history,
        result: outcome,
        trainSeconds: loop.trainSeconds,
      })
      return id
    })
    const outcome: TrainingOutcome = { runId, modelId, ...outcomeWithoutIds }
    if (cancelled) throw new JobCancelled(outcome)
    return outcome
  } catch (error) {
    if (!(error instanceof JobCancelled)) {
      await finishRun(library, runId, {
        status: 'failed',
        message: error instanceof Error ? error.message : String(error),
      }).catch(() => undefined)
    }
    throw error
  } finally {
    await library.close()
  }
}

function describeStop(reason: string, bestEpoch: number): string {
  return reason === 'early-stopping'
    ? `Stopped early; best epoch ${bestEpoch}.`
    : `Finished; best epoch ${bestEpoch}.`
}
