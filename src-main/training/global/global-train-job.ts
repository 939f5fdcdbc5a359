/**
 * The global training job, run in the worker: one LSTM on windows drawn from several homes (see
 * global-data.ts), judged on every home's test days and on the community total, then saved with
 * everything needed to reuse it: each home's scaler, the common split dates, the community.
 */
import { Library } from '../../db/library'
import type { JobFunction } from '../../jobs/job-context'
import { sourceFileHashes } from '../../models/manifest'
import type { TrainingOutcome } from '../../shared/training-outcome'
import { createModel, engineLabel, engineOptionsFor, engineRecord } from '../model-factory'
import { toScoredForecast } from '../outcome'
import { modelConfigFor, type ModelParams } from '../pipeline'
import { describeStop, manifestHead, saveModelAndFinishRun } from '../save-run'
import { recordRunFailure, trainRun } from '../training-progress'
import { prepareGlobalData } from './global-data'
import {
  calibrateHomes,
  evaluateHomes,
  evaluateSummedTotal,
  pooledIntervals,
  winsOf,
} from './global-evaluate'
import { DEFAULT_LEVELS } from '../intervals/conformal'
import { DEFAULT_INTERVAL_METHOD } from '../intervals/default-method'
import { poolEvaluations } from './pool'

export interface GlobalTrainJobParams {
  runId: number
  name: string
  params: ModelParams
  datasetIds: number[]
  community?: { communityId: number; name: string }
}

export const globalTrainJob: JobFunction<GlobalTrainJobParams, TrainingOutcome> = async (
  { runId, name, params, datasetIds, community },
  context,
) => {
  const library = await Library.open(context.databasePath)
  try {
    context.progress({
      fraction: null,
      message: `Preparing the windows of ${datasetIds.length} homes…`,
      detail: { phase: 'preparing' },
    })
    const data = await prepareGlobalData(library, params, datasetIds)
    context.throwIfCancelled()
    const config = modelConfigFor(params, data.inputSize)
    const model = await createModel(params.engine, config, engineOptionsFor(params, config))
    const loop = await trainRun(context, library, runId, model, data, params)
    context.progress({
      fraction: 1,
      message: `Evaluating on the test days of ${data.homes.length} homes…`,
      detail: { phase: 'evaluating' },
    })
    const calibrations = calibrateHomes(model, data, DEFAULT_LEVELS, DEFAULT_INTERVAL_METHOD)
    const homes = evaluateHomes(model, data, calibrations)
    const { wins, scored, meanSkill } = winsOf(homes)
    const total = evaluateSummedTotal(model, data)
    const pooled = poolEvaluations(homes.map((h) => h.test))
    const test = toScoredForecast({
      ...pooled,
      ...pooledIntervals(homes, pooled.bestBaseline),
    })
    for (const s of data.skipped) test.notes.push(`${s.home} was left out: ${s.reason}.`)
    const cancelled = loop.stopReason === 'cancelled'
    // precision and the threads it really trained on (fewer than asked when they could not start)
    const computed = engineRecord(model)
    const label = community ? `${community.name} · ${data.homes.length} homes` : `${data.homes.length} homes`
    const homeOutcomes = homes.map((h) => ({
      datasetId: h.datasetId,
      home: h.home,
      test: toScoredForecast(h.test),
    }))
    const totalOutcome = total
      ? { test: toScoredForecast(total.test), bias: total.bias, homes: total.homes }
      : null
    const outcomeWithoutIds = {
      status: cancelled ? ('cancelled' as const) : ('done' as const),
      stopReason: loop.stopReason,
      engine: engineLabel(params.engine),
      ...computed,
      kind: 'global' as const,
      datasetId: null,
      home: label,
      intervalSeconds: data.intervalSeconds,
      epochsRun: loop.epochsRun,
      bestEpoch: loop.bestEpoch,
      trainSeconds: loop.trainSeconds,
      trainWindows: data.train.n,
      validationWindows: data.validation.n,
      testWindows: data.homes.reduce((sum, h) => sum + h.starts.test.length, 0),
      history: loop.history,
      warnings: loop.warnings,
      test,
      longHorizon: null,
      testSeries: { t: [], actual: [], predicted: [] },
      errorByHour: [],
      homes: homeOutcomes,
      wins,
      scoredHomes: scored,
      skillMean: meanSkill,
      total: totalOutcome,
      ...(community && { communityId: community.communityId }),
    }
    context.progress({ fraction: 1, message: 'Saving the model…', detail: { phase: 'saving' } })
    const homeRecords = []
    for (const h of data.homes) {
      homeRecords.push({
        datasetId: h.datasetId,
        home: h.home,
        scaler: h.scaler,
        recipe: h.series.recipe,
        keptDays: h.series.keptDays.length,
        split: { train: h.days.train.length, validation: h.days.validation.length, test: h.days.test.length },
        files: await sourceFileHashes(library, h.datasetId),
      })
    }
    const weights = model.serialize()
    model.dispose()
    const manifest = {
      ...manifestHead(params.engine, weights),
      ...computed,
      kind: 'global',
      params: { ...params, datasetIds, ...(community && { communityId: community.communityId }) },
      config: model.config,
      // a global model has one scaler per home (global.homes); unseen homes get theirs from their own training days
      scaler: data.homes[0].scaler,
      features: data.features,
      window: { seqLen: params.seqLen, predSize: params.predSize, stride: params.stride },
      resolution: params.resolution,
      intervalSeconds: data.intervalSeconds,
      column: params.column,
      dataset: {
        id: null,
        home: label,
        zone: data.features.zone,
        recipe: null,
        keptDays: [],
        removedDays: [],
      },
      global: {
        community: community ?? null,
        homes: homeRecords,
        skipped: data.skipped,
        dates: data.dates,
      },
      split: data.dates,
      seed: params.seed,
      history: loop.history,
      stopReason: loop.stopReason,
      bestEpoch: loop.bestEpoch,
      trainSeconds: loop.trainSeconds,
      test,
      longHorizon: null,
      homes: homeOutcomes,
      wins,
      skillMean: meanSkill,
      total: totalOutcome,
      intervals: {
        method: DEFAULT_INTERVAL_METHOD,
        levels: [...DEFAULT_LEVELS],
        horizon: calibrations.model,
        long: null,
      },
    }
    return await saveModelAndFinishRun(library, {
      runId,
      datasetId: null,
      name,
      engine: params.engine,
      manifest,
      weights,
      loop,
      outcome: outcomeWithoutIds,
      summary: `${describeStop(loop.stopReason, loop.bestEpoch)} Wins ${wins} of ${scored} homes.`,
    })
  } catch (error) {
    await recordRunFailure(library, runId, error)
    throw error
  } finally {
    await library.close()
  }
}
