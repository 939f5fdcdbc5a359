import type { BackendContext } from '../backend/context'
import { loadCleanSeries } from '../data/cleaning/clean-series'
import type { JobInfo, RunDetail, RunSummary, StopReason, TrainingCheck } from '../shared/contract'
import { AppError } from '../shared/result'
import { parseJsonSafely } from '../shared/safe-json'
import { RESOLUTIONS, type TrainingParams } from '../shared/training-params'
import type { RunStopReason, TrainingOutcome } from '../shared/training-outcome'
import { createRun, failRunIfRunning, getRun, type RunRow } from './run-store'
import { estimateTraining, memoryRefusal, trainingWarnings } from './estimate'
import { modelConfigFor, type ModelParams } from './pipeline'
import { inputSizeOf, splitSeries } from './prepare'
import { segmentLengths, windowStarts } from './windows'

/** Starts training runs in the worker and reads them back; the parent side of the train job. */
export class TrainingService {
  constructor(private readonly context: BackendContext) {}

  /**
   * Explains, before anything starts, whether the parameters can train on this dataset: days per
   * split and windows per split, or why no window fits. Cheap: no tensors are built.
   */
  async check(params: TrainingParams): Promise<TrainingCheck> {
    const series = await loadCleanSeries(this.context.library, params.datasetId, params.column, {
      ...(params.minCompleteness !== undefined && { minCompleteness: params.minCompleteness }),
      ...(params.zeroRowsAsMissing !== undefined && { treatZeroRowsAsMissing: params.zeroRowsAsMissing }),
      resampleSeconds: RESOLUTIONS[params.resolution],
    })
    const grid = { start: series.start, intervalMs: series.intervalSeconds * 1000, values: series.values }
    const { splitBy, days, labels } = splitSeries(series, grid, params)
    const shape = { seqLen: params.seqLen, predSize: params.predSize, stride: params.stride }
    const windows = {
      train: windowStarts(grid.values, labels, 'train', shape).length,
      validation: windowStarts(grid.values, labels, 'validation', shape).length,
      test: windowStarts(grid.values, labels, 'test', { ...shape, stride: 1 }).length,
    }
    const longestSegment = Math.max(
      0,
      ...segmentLengths(grid.values, labels, 'train'),
      ...segmentLengths(grid.values, labels, 'test'),
    )
    const span = params.seqLen + params.predSize
    let message = `${windows.train} training, ${windows.validation} validation and ${windows.test} test windows.`
    if (splitBy === 'time')
      message += ' Fewer than 3 usable days: the readings are split by time, not by whole days.'
    const estimate = estimateTraining(params, modelConfigFor(params, inputSizeOf(params)), windows)
    const tooBig = memoryRefusal(estimate)
    let ok = windows.train > 0 && windows.test > 0
    if (!ok) {
      message =
        `A window needs ${span} consecutive readings but the longest gap-free stretch is ${longestSegment}: ` +
        'shorten the window, choose a coarser resolution or lower the completeness threshold.'
    } else if (tooBig) {
      ok = false
      message = tooBig
    } else if (params.batchSize > windows.train && !params.online) {
      message += ` The batch size (${params.batchSize}) is larger than the training set; it will be ${windows.train}.`
    }
    return {
      ok,
      message,
      warnings: trainingWarnings(params, estimate, windows.train),
      estimate,
      intervalSeconds: series.intervalSeconds,
      days: { train: days.train.length, validation: days.validation.length, test: days.test.length },
      windows,
      longestSegment,
    }
  }

  /** Records the run, starts the train job, and marks the run failed if the worker dies. */
  async start(
    params: TrainingParams,
    options: { resumeModelId?: number } = {},
  ): Promise<{ runId: number; job: JobInfo }> {
    const dataset = await this.context.library.get<{ home: string; readings: number }>(
      'SELECT home, readings FROM datasets WHERE id = ? AND deleted_at IS NULL',
      [params.datasetId],
    )
    if (!dataset) throw new AppError('not-found', `No dataset ${params.datasetId}.`)
    // Without loading the windows, the network's share alone (a batch of at most every reading)
    // already exceeding the machine is refused; `check` gives the full estimate.
    const config = modelConfigFor(params, inputSizeOf(params))
    const tooBig = memoryRefusal(
      estimateTraining(params, config, { train: 0, validation: 0 }, dataset.readings),
    )
    if (tooBig) throw new AppError('invalid-input', tooBig)
    const name =
      params.name?.trim() ||
      `${dataset.home} · ${params.resolution} · ${params.seqLen}→${params.predSize} · ${params.hiddenSizes.join('×')} · ${params.engine}` +
        (params.initFrom ? ` · fine-tuned from model ${params.initFrom}` : '')
    const runId = await createRun(this.context.library, params, name)
    const job = this.context.jobs.start(
      'train',
      { runId, name, params, resumeModelId: options.resumeModelId },
      `${options.resumeModelId ? 'Resume' : 'Train'} ${name}`,
    )
    this.watch(job.jobId, runId)
    return { runId, job }
  }

  /**
   * Starts a global model over several homes (a community's members, or a chosen few): one run, one
   * job, with the homes' ids in the run's parameters.
   */
  async startGlobal(
    params: ModelParams,
    datasetIds: number[],
    community?: { communityId: number; name: string },
  ): Promise<{ runId: number; job: JobInfo }> {
    const unique = [...new Set(datasetIds)]
    if (unique.length < 2) throw new AppError('invalid-request', 'A global model needs at least 2 homes.')
    for (const id of unique) {
      const row = await this.context.library.get(
        'SELECT id FROM datasets WHERE id = ? AND deleted_at IS NULL',
        [id],
      )
      if (!row) throw new AppError('not-found', `No dataset ${id}.`)
    }
    const name =
      params.name?.trim() ||
      `${community?.name ?? 'Global'} · ${unique.length} homes · ${params.resolution} · ${params.seqLen}→${params.predSize} · ${params.hiddenSizes.join('×')} · ${params.engine}`
    const runId = await createRun(
      this.context.library,
      { ...params, datasetIds: unique } as ModelParams,
      name,
    )
    const job = this.context.jobs.start(
      'train',
      { runId, name, params, global: { datasetIds: unique, community } },
      `Train ${name}`,
    )
    this.watch(job.jobId, runId)
    return { runId, job }
  }

  /** Marks the run failed or cancelled when its worker ends without saying so (a crash, a kill). */
  private watch(jobId: string, runId: number): void {
    void this.context.jobs.wait(jobId).then(async (final) => {
      if (final.status === 'failed')
        await failRunIfRunning(this.context.library, runId, final.message).catch(() => undefined)
      if (final.status === 'cancelled') {
        await this.context.library
          .run(
            "UPDATE runs SET status = 'cancelled', message = 'Cancelled.', ended_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ? AND status = 'running'",
            [runId],
          )
          .catch(() => undefined)
      }
    })
  }

  async list(datasetId?: number): Promise<RunSummary[]> {
    const rows = await this.context.library.all<RunRow & { model_id: number | null }>(
      `SELECT runs.*, (SELECT id FROM models WHERE models.run_id = runs.id ORDER BY id DESC LIMIT 1) AS model_id
       FROM runs ${datasetId ? 'WHERE dataset_id = ?' : ''} ORDER BY runs.id DESC`,
      datasetId ? [datasetId] : [],
    )
    return rows.map(toSummary)
  }

  async get(runId: number): Promise<RunDetail> {
    const row = await getRun(this.context.library, runId)
    if (!row) throw new AppError('not-found', `No training run ${runId}.`)
    const model = await this.context.library.get<{ id: number }>(
      'SELECT id FROM models WHERE run_id = ? ORDER BY id DESC LIMIT 1',
      [runId],
    )
    return {
      ...toSummary({ ...row, model_id: model?.id ?? null }),
      params: parseJsonSafely(row.params_json),
      history: parseJsonSafely(row.history_json),
      outcome: verdictOf(row),
    }
  }
}

/** What a run ended with: a verdict (TrainingOutcome) or, for a diverged run, only its stop reason. */
type RunResult = Partial<TrainingOutcome> & { stopReason?: RunStopReason }

function resultOf(row: RunRow): RunResult | null {
  return row.result_json ? parseJsonSafely<RunResult>(row.result_json) : null
}

/** The run's verdict when it has one (a run that failed has none, even when its result says why). */
function verdictOf(row: RunRow): TrainingOutcome | null {
  const result = resultOf(row)
  return result?.test ? (result as TrainingOutcome) : null
}

/**
 * Why a run ended: the reason its result records (a saved model's stop reason, or 'diverged' for a
 * run that failed on a NaN or exploding loss), else what its status says; null while it runs.
 */
export function stopReasonOf(status: RunRow['status'], result: RunResult | null): StopReason | null {
  if (result?.stopReason) return result.stopReason
  return status === 'running' ? null : status === 'done' ? 'completed' : status
}

function toSummary(row: RunRow & { model_id: number | null }): RunSummary {
  const result = resultOf(row)
  return {
    runId: row.id,
    datasetId: row.dataset_id,
    name: row.name,
    engine: row.engine,
    status: row.status,
    stopReason: stopReasonOf(row.status, result),
    message: row.message,
    createdAt: row.created_at,
    endedAt: row.ended_at,
    trainSeconds: row.train_seconds,
    modelId: row.model_id,
    skill: result?.test?.skill ?? null,
  }
}
