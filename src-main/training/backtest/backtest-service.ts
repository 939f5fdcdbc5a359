/**
 * The parent side of backtests: resolves what to backtest (a saved model's recipe, a home run's or a
 * global run's parameters), records the backtest, starts the job, and reads backtests back.
 */
import type { BackendContext } from '../../backend/context'
import { getModelRow, parseManifest } from '../../models/model-store'
import { computedAs } from '../../models/retrain'
import type { BacktestDetail, BacktestListItem, FoldPredictions } from '../../shared/backtest-schemas'
import type {
  BacktestOptions as BacktestOptionsSchema,
  BacktestRequest as BacktestRequestSchema,
} from '../../shared/backtest-schemas'
import type { JobInfo } from '../../shared/contract'
import { AppError } from '../../shared/result'
import { GlobalTrainingParams, TrainingParams } from '../../shared/training-params'
import { modelConfigFor, type ModelParams } from '../pipeline'
import { estimateTraining, memoryRefusal } from '../estimate'
import { inputSizeOf } from '../prepare'
import type { BacktestJobParams } from './backtest-job'
import { DEFAULT_INTERVAL_METHOD } from '../intervals/default-method'
import { loadFoldSeries } from './backtest-series'
import { backtestWorkItems } from './work-items'
import {
  createBacktest,
  endBacktestIfRunning,
  foldWindows,
  getBacktest,
  listBacktests,
} from './backtest-store'
import type { z } from 'zod'

type Request = z.output<typeof BacktestRequestSchema>

/** What a request backtests: the recipe, the datasets, and the model it comes from. */
interface Target {
  params: ModelParams
  datasetIds: number[]
  kind: 'home' | 'global'
  modelId: number | null
  label: string
}

export class BacktestService {
  constructor(private readonly context: BackendContext) {}

  private async target(request: Request): Promise<Target> {
    const { library } = this.context
    if (request.modelId !== undefined) {
      const row = await getModelRow(library, request.modelId)
      const manifest = parseManifest(row) as ReturnType<typeof parseManifest> & { kind?: string }
      const saved = (manifest.params ?? {}) as Record<string, unknown>
      // an imported model's recipe is checked like any request (bounds, defaults) before it trains again
      const refused = (issue: { path: PropertyKey[]; message: string } | undefined) =>
        new AppError(
          'invalid-input',
          `Model ${request.modelId}'s recipe cannot be backtested: ${issue?.path.join('.') || 'params'} ${issue?.message ?? 'is invalid'}.`,
        )
      // as the model computed (its precision and threads; float64 on one thread before there was a choice)
      const computed: Record<string, unknown> = manifest.engine === 'scratch' ? computedAs(manifest) : {}
      const { name: _n, initFrom: _i, communityId: _c, ...recipe } = { ...saved, ...computed }
      if (manifest.kind === 'global' || Array.isArray(saved.datasetIds)) {
        if (request.datasetId !== undefined)
          throw new AppError(
            'invalid-request',
            `Model ${request.modelId} is a global model: it is backtested on its own homes (no dataset to name).`,
          )
        const parsed = GlobalTrainingParams.safeParse(recipe)
        if (!parsed.success) throw refused(parsed.error.issues[0])
        const { datasetIds, communityId: _community, ...params } = parsed.data
        return { params, datasetIds, kind: 'global', modelId: request.modelId, label: row.name }
      }
      const target = request.datasetId ?? row.dataset_id ?? undefined
      if (!target)
        throw new AppError(
          'invalid-request',
          `Model ${request.modelId}'s dataset is not in this library: name the dataset to backtest its recipe on.`,
        )
      const parsed = TrainingParams.safeParse({ ...recipe, datasetId: target })
      if (!parsed.success) throw refused(parsed.error.issues[0])
      const { datasetId, initFrom: _init, ...params } = parsed.data
      return { params, datasetIds: [datasetId], kind: 'home', modelId: request.modelId, label: row.name }
    }
    if (request.training) {
      const { datasetId, initFrom: _i, ...params } = request.training
      return { params, datasetIds: [datasetId], kind: 'home', modelId: null, label: '' }
    }
    const { datasetIds, communityId: _c, ...params } = request.global!
    return { params, datasetIds: [...new Set(datasetIds)], kind: 'global', modelId: null, label: '' }
  }

  async start(request: Request): Promise<{ backtestId: number; job: JobInfo }> {
    const { library } = this.context
    const target = await this.target(request)
    const homes: string[] = []
    for (const id of target.datasetIds) {
      const row = await library.get<{ home: string }>('SELECT home FROM datasets WHERE id = ?', [id])
      if (!row) throw new AppError('not-found', `No dataset ${id}.`)
      homes.push(row.home)
    }
    if (target.kind === 'global' && target.datasetIds.length < 2)
      throw new AppError('invalid-request', 'A global backtest needs at least 2 homes.')
    const options = request.options as z.output<typeof BacktestOptionsSchema>
    // a network no machine holds is refused as training:start refuses it (each fold trains one)
    const readings = await library.get<{ n: number }>(
      `SELECT MAX(readings) AS n FROM datasets WHERE id IN (${target.datasetIds.map(() => '?').join(',')})`,
      target.datasetIds,
    )
    const tooBig = memoryRefusal(
      estimateTraining(
        { ...target.params, datasetId: target.datasetIds[0] },
        modelConfigFor(target.params, inputSizeOf(target.params)),
        { train: 0, validation: 0 },
        readings?.n ?? 0,
      ),
    )
    if (tooBig) throw new AppError('invalid-input', tooBig)
    // the folds must fit the data before anything is recorded (a refusal changes nothing)
    const { series, zone } = await loadFoldSeries(library, target.params, target.datasetIds)
    backtestWorkItems(series, zone, target.params, {
      ...options,
      intervalMethod: options.intervalMethod ?? DEFAULT_INTERVAL_METHOD,
    })
    const where = target.kind === 'global' ? `${homes.length} homes` : homes[0]
    const name =
      request.name?.trim() ||
      `Backtest ${target.label ? `of ${target.label}` : `${where} · ${target.params.resolution} · ${target.params.seqLen}→${target.params.predSize}`} · ${options.folds} × ${options.blockDays} d`
    const backtestId = await createBacktest(library, {
      modelId: target.modelId,
      datasetId: target.kind === 'home' ? target.datasetIds[0] : null,
      kind: target.kind,
      name,
      params: { ...target.params, datasetIds: target.datasetIds },
      options,
    })
    const params: BacktestJobParams = {
      backtestId,
      params: target.params,
      datasetIds: target.datasetIds,
      options,
    }
    const job = this.context.jobs.start('backtest', params, name)
    void this.context.jobs.wait(job.jobId).then(async (final) => {
      if (final.status === 'failed' || final.status === 'cancelled')
        await endBacktestIfRunning(library, backtestId, final.status, final.message).catch(() => undefined)
    })
    return { backtestId, job }
  }

  list(filter: { modelId?: number; datasetId?: number }): Promise<BacktestListItem[]> {
    return listBacktests(this.context.library, filter)
  }

  async get(backtestId: number): Promise<BacktestDetail> {
    const detail = await getBacktest(this.context.library, backtestId)
    if (!detail) throw new AppError('not-found', `No backtest ${backtestId}.`)
    return detail
  }

  /** One fold's forecasts `step` steps ahead, with the best baseline's and the bands. */
  async predictions(request: {
    backtestId: number
    fold: number
    step: number
    datasetId?: number
  }): Promise<FoldPredictions> {
    await this.get(request.backtestId)
    const [windows] = await foldWindows(this.context.library, request.backtestId, request.fold)
    if (!windows)
      throw new AppError(
        'not-found',
        `Backtest ${request.backtestId} has no fold ${request.fold} (not done, or not planned).`,
      )
    const H = windows.horizon
    if (request.step > H)
      throw new AppError(
        'invalid-request',
        `The folds forecast ${H} step(s) ahead; step ${request.step} does not exist.`,
      )
    const homeIndex =
      request.datasetId === undefined ? -1 : windows.homes.findIndex((h) => h.datasetId === request.datasetId)
    if (request.datasetId !== undefined && homeIndex < 0)
      throw new AppError(
        'not-found',
        `Dataset ${request.datasetId} is not a home of backtest ${request.backtestId}.`,
      )
    const keep: number[] = []
    for (let w = 0; w < windows.origin.length; w++)
      if (homeIndex < 0 || windows.home[w] === homeIndex) keep.push(w)
    const at = (array: Float64Array, w: number) => array[w * H + request.step - 1]
    return {
      backtestId: request.backtestId,
      fold: request.fold,
      step: request.step,
      // the forecast slot `step − 1` slots after the window's first one
      t: keep.map((w) => windows.origin[w] + (request.step - 1) * windows.intervalMs),
      datasetId: keep.map((w) => windows.homes[windows.home[w]].datasetId),
      actual: keep.map((w) => at(windows.actual, w)),
      predicted: keep.map((w) => at(windows.predicted, w)),
      baselineName: windows.bestBaseline,
      baseline: windows.baseline ? keep.map((w) => at(windows.baseline!, w)) : null,
      bands: windows.levels.map((level, l) => ({
        level,
        lower: keep.map((w) => at(windows.lower[l], w)),
        upper: keep.map((w) => at(windows.upper[l], w)),
      })),
    }
  }
}
