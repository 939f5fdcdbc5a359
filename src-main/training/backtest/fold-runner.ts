/**
 * Where folds run. A runner takes independent work items (fold-work.ts) and hands each outcome back as
 * soon as it is ready, so finished folds are stored before the next ones end and a cancel keeps them.
 * The sequential runner runs them one after the other in this thread (and chains the weights for a warm
 * start); the pool runner (pool-fold-runner.ts) runs several at once on the work pool's threads.
 */
import type { FoldItemOutcome, FoldProgress, FoldWorkItem } from './fold-work'
import { FoldCancelled, runFold } from './run-fold'

export interface FoldRunnerHooks {
  progress(p: FoldProgress): void
  /** an item finished; awaited before the runner reports it finished (store it here) */
  done(item: FoldWorkItem, outcome: FoldItemOutcome): Promise<void>
  cancelled(): boolean
}

export interface FoldRunner {
  readonly name: 'sequential' | 'threads'
  /**
   * Runs the items; resolves when all are done, or after a cancel once the items in flight have
   * stopped (their folds are dropped, finished ones were handed to `done`). Rejects on the first
   * failure (a diverged training, data without windows), after the items in flight have stopped.
   */
  run(items: FoldWorkItem[], hooks: FoldRunnerHooks): Promise<{ cancelled: boolean }>
}

/**
 * One item after the other in this thread. An item asking for a warm start (`returnWeights` on the
 * item before it) starts from the weights the previous item trained.
 */
export class SequentialFoldRunner implements FoldRunner {
  readonly name = 'sequential' as const

  async run(items: FoldWorkItem[], hooks: FoldRunnerHooks): Promise<{ cancelled: boolean }> {
    let previous: Float64Array | null = null
    for (const item of items) {
      if (hooks.cancelled()) return { cancelled: true }
      const ready =
        previous && item.initialWeights === null && item.returnWeights
          ? { ...item, initialWeights: previous }
          : item
      try {
        const outcome = await runFold(ready, hooks)
        previous = outcome.weights
        await hooks.done(item, outcome)
      } catch (error) {
        if (error instanceof FoldCancelled) return { cancelled: true }
        throw error
      }
    }
    return { cancelled: hooks.cancelled() }
  }
}
