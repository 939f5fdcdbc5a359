import { Library } from '../db/library'
import type { JobFunction } from '../jobs/job-context'
import type { TrainingParams } from '../shared/training-params'
import type { TrainingOutcome } from '../shared/training-outcome'
import { baselineForecast, type BaselineName } from './baselines'
import { createModel, engineLabel, engineOptionsFor, engineRecord } from './model-factory'
import { errorByHour, toScoredForecast } from './outcome'
import { evaluateOnTest, modelConfigFor, windowsOf } from './pipeline'
import { prepareTrainingData } from './prepare'
import { describeStop, manifestHead, saveModelAndFinishRun } from './save-run'
import { recordRunFailure, trainRun } from './training-progress'
import { labelledStats, sourceFileHashes } from '../models/manifest'
import { loadModelToResume, type ResumedModel } from '../models/resume'
import { loadInitialWeights } from '../models/init-from'
import { loadDatasetRow } from '../data/store/stored-readings'
import { SPLIT_CODES } from './split'
import { globalTrainJob, type GlobalTrainJobParams } from './global/global-train-job'

export interface TrainJobParams {
  runId: number
  name: string
  params: TrainingParams
  /** continue training this saved model (same architecture) instead of fresh weights */
  resumeModelId?: number
  /** a global model over these homes instead of a model of `params.datasetId` (see global/) */
  global?: Omit<GlobalTrainJobParams, 'runId' | 'name' | 'params'>
}

/**
 * The training job, run in the worker: prepare the windows, train with early stopping, judge the
 * model on the test days against the baselines, and save run and model in one transaction.
 * A cancel keeps the run as "cancelled" with its curves and, after at least one epoch, the best
 * weights so far as a model.
 */
export const trainJob: JobFunction<TrainJobParams, TrainingOutcome> = async (
  { runId, name, params, resumeModelId, global },
  context,
) => {
  if (global) return globalTrainJob({ runId, name, params, ...global }, context)
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
    const initial = params.initFrom ? await loadInitialWeights(library, params.initFrom, config) : null
    if (initial) model.setWeights(initial.weights)
    const loop = await trainRun(context, library, runId, model, windowsOf(data, params), params)

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
    // precision and the threads it really trained on (fewer than asked when they could not start)
    const computed = engineRecord(model)
    const outcomeWithoutIds = {
      ...(initial && { initFrom: initial.from }),
      status: cancelled ? ('cancelled' as const) : ('done' as const),
      stopReason: loop.stopReason,
      warnings: loop.warnings,
      engine: engineLabel(params.engine),
      ...computed,
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
      ...manifestHead(params.engine, weights),
      ...computed,
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
      initFrom: initial?.from,
      trainingStats: labelledStats(data.grid.values, data.labels, SPLIT_CODES.train),
      testSeries: outcomeWithoutIds.testSeries,
      errorByHour: outcomeWithoutIds.errorByHour,
      stopReason: loop.stopReason,
      bestEpoch: loop.bestEpoch,
      trainSeconds: loop.trainSeconds,
      test: outcomeWithoutIds.test,
      longHorizon: outcomeWithoutIds.longHorizon,
      intervals: report.intervals,
    }
    return await saveModelAndFinishRun(library, {
      runId,
      datasetId: params.datasetId,
      name,
      engine: params.engine,
      manifest,
      weights,
      loop,
      outcome: outcomeWithoutIds,
      summary: describeStop(loop.stopReason, loop.bestEpoch),
    })
  } catch (error) {
    await recordRunFailure(library, runId, error)
    throw error
  } finally {
    await library.close()
  }
}
