/**
 * Folds on several cores: the work items run on the work pool (jobs/pool/work-pool.ts, task 'backtest-fold'),
 * up to `threads` at once, each with the same `runFold` as the sequential runner, so the results are the same
 * bit for bit (every item carries its data, its seed and its engine settings; nothing is shared). Outcomes
 * are handed to `done` as they arrive; the first failing fold stops the others and is rethrown with its code.
 *
 * If the threads themselves cannot run (the thread entry cannot start, or a thread dies), the items they lost
 * run on the sequential runner afterwards and `fallback` says why: the threads only save time.
 */
import { runWorkPool, type ItemResult, type PoolOptions } from '../../jobs/pool/work-pool'
import { AppError, type ErrorCode } from '../../shared/result'
import { SequentialFoldRunner, type FoldRunner, type FoldRunnerHooks } from './fold-runner'
import type { FoldItemOutcome, FoldProgress, FoldWorkItem } from './fold-work'

/** How often a cancel is looked for while the threads work. */
const POLL_MS = 100

export class PoolFoldRunner implements FoldRunner {
  readonly name = 'threads' as const
  /** why some items ran on this thread after all (null while the threads do the work) */
  fallback: string | null = null
  /** threads that really ran items in the last run (0 when none could start) */
  threadsRan = 0

  /** @param entry the pool's thread entry (default: the app's pool thread); tests give a broken one */
  constructor(
    private readonly threads: number,
    private readonly entry?: string,
  ) {}

  async run(items: FoldWorkItem[], hooks: FoldRunnerHooks): Promise<{ cancelled: boolean }> {
    const abort = new AbortController()
    const poll = setInterval(() => {
      if (hooks.cancelled()) abort.abort()
    }, POLL_MS)
    let stored = Promise.resolve()
    let failure: AppError | null = null
    const lost: FoldWorkItem[] = []
    const options: PoolOptions<FoldItemOutcome> = {
      workers: this.threads,
      entry: this.entry,
      signal: abort.signal,
      stopOnFailure: true,
      progressIntervalMs: POLL_MS,
      onProgress: (p) => {
        for (const item of p.items)
          if (item.status === 'running' && item.detail) hooks.progress(item.detail as FoldProgress)
      },
      onItemDone: (k, result: ItemResult<FoldItemOutcome>) => {
        if (result.status === 'done') stored = stored.then(() => hooks.done(items[k], result.result))
        else if (result.status === 'failed') {
          if (result.lost) {
            lost.push(items[k])
            this.fallback ??= result.error
          } else failure ??= new AppError((result.code ?? 'internal') as ErrorCode, result.error)
        }
      },
    }
    try {
      const outcome = await runWorkPool(
        items.map((item) => ({ kind: 'backtest-fold', input: item, label: `fold ${item.trainedOn}` })),
        options,
      )
      this.threadsRan = outcome.threadsRan
      await stored
      if (failure) throw failure
      if (lost.length > 0 && !outcome.cancelled && !hooks.cancelled())
        return await new SequentialFoldRunner().run(lost, hooks)
      return { cancelled: outcome.cancelled || hooks.cancelled() }
    } finally {
      clearInterval(poll)
    }
  }
}
