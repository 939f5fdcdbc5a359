import { fitTask, type FitTaskInput, type FitTaskResult } from '../../engine/parallel/fit-task'
import { TaskCancelled, type PoolTask } from './pool-thread-runtime'

/** fitTask, its training stopped by the pool's cancel reported as cancelled (the partial result kept). */
const fitLstm: PoolTask<FitTaskInput, FitTaskResult> = async (input, context) => {
  const result = await fitTask(input, context)
  if (result.stopped) throw new TaskCancelled(result)
  return result
}

/**
 * The tasks a work-pool thread can run, by kind. 'fit-lstm' trains one scratch model (engine/parallel/
 * fit-task.ts): the unit of a sweep, a backtest fold or a community's per-home model.
 */
export const POOL_TASKS: Record<string, PoolTask<never, unknown>> = {
  'fit-lstm': fitLstm,
}
