/**
 * The backtest job, run in the worker: load the series, cut the folds, run the work items (on the work
 * pool's threads when the machine has more than one core and the folds are independent), store every fold as
 * it ends, and summarise the folds done. Progress per fold and per epoch with an ETA; a cancel stops the
 * trainings in flight between batches and keeps the folds already done (status 'cancelled').
 */
import { availableParallelism } from 'node:os'
import { Library } from '../../db/library'
import { JobCancelled, type JobFunction } from '../../jobs/job-context'
import type { BacktestDetail, BacktestProgress } from '../../shared/backtest-schemas'
import { AppError } from '../../shared/result'
import { DEFAULT_INTERVAL_METHOD } from '../intervals/default-method'
import type { ModelParams } from '../pipeline'
import { summariseBacktest } from './backtest-summary'
import { loadFoldSeries } from './backtest-series'
import { finishBacktest, foldResults, foldWindows, getBacktest, saveFold, savePlan } from './backtest-store'
import { SequentialFoldRunner, type FoldRunner } from './fold-runner'
import type { FoldProgress, FoldWorkItem } from './fold-work'
import { PoolFoldRunner } from './pool-fold-runner'
import { backtestWorkItems, type BacktestOptions } from './work-items'

export interface BacktestJobParams {
  backtestId: number
  params: ModelParams
  datasetIds: number[]
  options: Omit<BacktestOptions, 'intervalMethod'> & {
    intervalMethod?: BacktestOptions['intervalMethod']
    threads?: number
  }
}

/**
 * Where the folds run: independent folds of the scratch engine on the work pool, `options.threads` at once
 * (default: the machine's cores), each fold's training on one thread (the cores go to the folds); otherwise
 * one after the other here, each training with the run's own `threads` setting. TF.js keeps its backend
 * state per process, and warm-started folds depend on each other: both stay on this thread.
 */
function chooseRunner(
  options: BacktestJobParams['options'],
  params: ModelParams,
  items: FoldWorkItem[],
): { runner: FoldRunner; items: FoldWorkItem[] } {
  const threads = Math.min(items.length, options.threads ?? availableParallelism())
  if (threads > 1 && !options.warmStart && params.engine === 'scratch')
    return {
      runner: new PoolFoldRunner(threads),
      items: items.map((item) => ({ ...item, params: { ...item.params, threads: 1 } })),
    }
  return { runner: new SequentialFoldRunner(), items }
}

export const backtestJob: JobFunction<BacktestJobParams, BacktestDetail> = async (
  { backtestId, params, datasetIds, options },
  context,
) => {
  const library = await Library.open(context.databasePath)
  const started = performance.now()
  const elapsed = () => (performance.now() - started) / 1000
  let foldsDone = 0
  let folds = options.folds
  let runnerName: string | null = null
  const running = new Map<number, FoldProgress>()
  const report = (phase: BacktestProgress['phase'], message: string) => {
    // each item's share of its folds: done, or its epochs so far
    let fraction = foldsDone / folds
    for (const p of running.values())
      fraction += (p.epoch - 1 + p.batch / Math.max(1, p.batches)) / p.epochs / folds
    fraction = Math.min(1, fraction)
    const seconds = elapsed()
    const detail: BacktestProgress = {
      phase,
      foldsDone,
      folds,
      running: [...running.values()].sort((a, b) => a.trainedOn - b.trainedOn),
      runner: runnerName,
      elapsedSeconds: seconds,
      etaSeconds: fraction > 0.01 ? (seconds * (1 - fraction)) / fraction : null,
    }
    context.progress({ fraction, message, detail })
  }
  try {
    report('preparing', 'Preparing the folds…')
    const { series, zone, skipped } = await loadFoldSeries(library, params, datasetIds)
    const { plan, items: planned } = backtestWorkItems(series, zone, params, {
      ...options,
      intervalMethod: options.intervalMethod ?? DEFAULT_INTERVAL_METHOD,
    })
    folds = plan.length
    const { runner, items } = chooseRunner(options, params, planned)
    runnerName = runner.name
    await savePlan(library, backtestId, plan, runner.name)
    context.throwIfCancelled()
    const outcome = await runner.run(items, {
      cancelled: () => context.cancelled,
      progress: (p) => {
        running.set(p.trainedOn, p)
        report(
          'training',
          `Fold ${p.trainedOn}/${folds}: epoch ${p.epoch}/${p.epochs} (${foldsDone} of ${folds} folds done)`,
        )
      },
      done: async (item, result) => {
        running.delete(item.trainedOn)
        for (const fold of result.outcomes) {
          if (skipped.length > 0) fold.result.notes.push(...skipped)
          await saveFold(library, backtestId, fold.result, fold.windows)
          foldsDone++
        }
        report('training', `${foldsDone} of ${folds} folds done`)
      },
    })
    if (runner instanceof PoolFoldRunner && runner.fallback)
      runnerName = `sequential (threads failed: ${runner.fallback})`
    report('summarising', 'Summarising the folds…')
    const results = await foldResults(library, backtestId)
    const summary =
      results.length > 0
        ? summariseBacktest(results, await foldWindows(library, backtestId), params.predSize)
        : null
    const cancelled = outcome.cancelled
    await finishBacktest(library, backtestId, {
      status: cancelled ? 'cancelled' : 'done',
      message: cancelled
        ? `Cancelled after ${results.length} of ${folds} folds; the folds done are kept.`
        : `${results.length} folds; skill ${summary?.skillMean?.toFixed(3) ?? '–'} ± ${summary?.skillStd?.toFixed(3) ?? '–'}, ${summary?.wins ?? 0} won.`,
      summary,
      runner: runnerName,
    })
    const detail = await getBacktest(library, backtestId)
    if (!detail) throw new AppError('not-found', `No backtest ${backtestId}.`)
    if (cancelled) throw new JobCancelled(detail)
    return detail
  } catch (error) {
    if (!(error instanceof JobCancelled)) {
      // a failed fold (a diverged training, data without windows): the folds done are kept
      const results = await foldResults(library, backtestId).catch(() => [])
      const summary =
        results.length > 0
          ? summariseBacktest(results, await foldWindows(library, backtestId), params.predSize)
          : null
      await finishBacktest(library, backtestId, {
        status: 'failed',
        message: error instanceof Error ? error.message : String(error),
        summary,
      }).catch(() => undefined)
    }
    throw error
  } finally {
    await library.close()
  }
}
