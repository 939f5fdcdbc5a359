import { fitTask, type FitTaskInput, type FitTaskResult } from '../../engine/parallel/fit-task'
import { FoldCancelled, runFold } from '../../training/backtest/run-fold'
import type { FoldItemOutcome, FoldWorkItem } from '../../training/backtest/fold-work'
import { TaskCancelled, type PoolTask } from './pool-thread-runtime'

/** fitTask, its training stopped by the pool's cancel reported as cancelled (the partial result kept). */
const fitLstm: PoolTask<FitTaskInput, FitTaskResult> = async (input, context) => {
  const result = await fitTask(input, context)
  if (result.stopped) throw new TaskCancelled(result)
  return result
}

/**
 * One backtest work item (training/backtest/run-fold.ts): its progress detail is the fold's FoldProgress; a
 * cancel stops its training between batches and drops the fold.
 */
const backtestFold: PoolTask<FoldWorkItem, FoldItemOutcome> = async (item, context) => {
  try {
    return await runFold(item, {
      progress: (p) =>
        context.progress((p.epoch - 1 + p.batch / Math.max(1, p.batches)) / p.epochs, undefined, p),
      cancelled: () => context.cancelled,
    })
  } catch (error) {
    if (error instanceof FoldCancelled) throw new TaskCancelled()
    throw error
  }
}

/**
 * The tasks a work-pool thread can run, by kind. 'fit-lstm' trains one scratch model (engine/parallel/
 * fit-task.ts): the unit of a sweep or a community's per-home model; 'backtest-fold' runs one backtest work
 * item (train, calibrate, score its folds).
 */
export const POOL_TASKS: Record<string, PoolTask<never, unknown>> = {
  'fit-lstm': fitLstm,
  'backtest-fold': backtestFold,
}
