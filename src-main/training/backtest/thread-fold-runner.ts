/**
 * Folds on several cores: up to `threads` worker threads, each running one work item at a time with
 * the same `runFold` as the sequential runner, so the results are the same bit for bit (every item
 * carries its data and its seed; nothing is shared). Outcomes are handed back as they arrive.
 *
 * If the threads themselves cannot run (the thread entry cannot start or a thread dies), the items
 * not finished yet run on the sequential runner and `fallback` says why: the threads only save time.
 */
import type { Worker } from 'node:worker_threads'
import { AppError, type ErrorCode } from '../../shared/result'
import { SequentialFoldRunner, type FoldRunner, type FoldRunnerHooks } from './fold-runner'
import type { FromFoldThread } from './fold-thread-protocol'
import type { FoldWorkItem } from './fold-work'
import { startFoldThread } from './start-fold-thread'

/** How often a cancel is looked for while the threads work. */
const POLL_MS = 100

class ThreadTrouble extends Error {}

export class ThreadFoldRunner implements FoldRunner {
  readonly name = 'threads' as const
  /** why the items ran on this thread after all (null while the threads work) */
  fallback: string | null = null

  constructor(
    private readonly threads: number,
    private readonly start: () => Worker = () => startFoldThread(),
  ) {}

  async run(items: FoldWorkItem[], hooks: FoldRunnerHooks): Promise<{ cancelled: boolean }> {
    const finished = new Set<FoldWorkItem>()
    try {
      return await this.runOnThreads(items, hooks, finished)
    } catch (error) {
      if (!(error instanceof ThreadTrouble)) throw error
      this.fallback = error.message
      return new SequentialFoldRunner().run(
        items.filter((item) => !finished.has(item)),
        hooks,
      )
    }
  }

  private runOnThreads(
    items: FoldWorkItem[],
    hooks: FoldRunnerHooks,
    finished: Set<FoldWorkItem>,
  ): Promise<{ cancelled: boolean }> {
    const queue = [...items]
    const workers: Worker[] = []
    let busy = 0
    let failure: Error | null = null
    let cancelSent = false
    let stored = Promise.resolve()
    return new Promise((resolve, reject) => {
      const poll = setInterval(() => {
        if (!cancelSent && hooks.cancelled()) cancelAll()
      }, POLL_MS)
      const cancelAll = () => {
        cancelSent = true
        queue.length = 0
        for (const w of workers) w.postMessage({ type: 'cancel' })
      }
      const settleIfIdle = () => {
        if (busy > 0 || queue.length > 0) return
        clearInterval(poll)
        void stored.then(async () => {
          await Promise.all(workers.map((w) => w.terminate()))
          if (failure) reject(failure)
          else resolve({ cancelled: cancelSent || hooks.cancelled() })
        }, reject)
      }
      const feed = (worker: Worker) => {
        const item = queue.shift()
        if (!item) return settleIfIdle()
        busy++
        let ended = false
        const end = () => {
          ended = true
          busy--
          worker.removeAllListeners('message')
          worker.removeAllListeners('error')
          worker.removeAllListeners('exit')
        }
        worker.on('message', (message: FromFoldThread) => {
          if (message.type === 'progress') return hooks.progress(message.progress)
          end()
          if (message.type === 'done') {
            finished.add(item)
            stored = stored.then(() => hooks.done(item, message.outcome))
          } else if (message.type === 'failed') {
            failure ??= new AppError(message.code as ErrorCode, message.message)
            cancelAll()
          }
          if (failure || cancelSent) settleIfIdle()
          else feed(worker)
        })
        const trouble = (why: string) => {
          if (ended) return
          end()
          failure ??= new ThreadTrouble(why)
          cancelAll()
          settleIfIdle()
        }
        worker.once('error', (error) => trouble(`a fold thread failed (${error.message})`))
        worker.once('exit', (code) => trouble(`a fold thread stopped (exit code ${code})`))
        worker.postMessage({ type: 'run', item })
      }
      const count = Math.max(1, Math.min(this.threads, items.length))
      try {
        for (let i = 0; i < count; i++) workers.push(this.start())
      } catch (error) {
        clearInterval(poll)
        for (const w of workers) void w.terminate()
        reject(new ThreadTrouble(`the fold threads cannot start (${(error as Error).message})`))
        return
      }
      for (const w of workers) feed(w)
      if (items.length === 0) settleIfIdle()
    })
  }
}
