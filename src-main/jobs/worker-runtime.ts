import { AppError } from '../shared/result'
import { JobCancelled, type JobContext, type JobFunction } from './job-context'
import type { ParentMessage, ProgressUpdate, WorkerContext, WorkerMessage } from './protocol'

/** Progress reaches the parent at most this often (the last update before the end always does). */
export const PROGRESS_INTERVAL_MS = 200

export interface WorkerPort {
  post(message: WorkerMessage): void
  onMessage(listener: (message: ParentMessage) => void): void
}

/**
 * Runs inside a worker process: waits for `start`, runs the job, honours `cancel`, and reports
 * progress (throttled), the result, a cancellation or an error. Independent of how the process
 * was started, so it is unit-tested with an in-memory port.
 */
export function runWorker(
  port: WorkerPort,
  registry: Record<string, JobFunction<never, unknown>>,
  onFinished: () => void = () => undefined,
): void {
  let cancelRequested = false
  let started = false
  port.onMessage((message) => {
    if (message.type === 'cancel') {
      cancelRequested = true
      return
    }
    if (message.type !== 'start' || started) return
    started = true
    void execute(message.kind, message.params, message.context).finally(onFinished)
  })
  port.post({ type: 'ready' })

  async function execute(kind: string, params: unknown, workerContext: WorkerContext): Promise<void> {
    const job = registry[kind]
    if (!job) {
      port.post({ type: 'error', code: 'invalid-request', message: `Unknown job kind "${kind}".` })
      return
    }
    let lastSent = 0
    let pending: ProgressUpdate | null = null
    const flush = () => {
      if (pending) port.post({ type: 'progress', ...pending })
      pending = null
      lastSent = Date.now()
    }
    const context: JobContext = {
      ...workerContext,
      progress(update) {
        pending = update
        if (Date.now() - lastSent >= PROGRESS_INTERVAL_MS) flush()
      },
      get cancelled() {
        return cancelRequested
      },
      throwIfCancelled(partialResult) {
        if (cancelRequested) throw new JobCancelled(partialResult)
      },
      yieldToEvents: () => new Promise((resolve) => setImmediate(resolve)),
    }
    try {
      const result = await (job as JobFunction<unknown, unknown>)(params, context)
      flush()
      port.post({ type: 'done', result })
    } catch (error) {
      flush()
      if (error instanceof JobCancelled) port.post({ type: 'cancelled', result: error.partialResult })
      else if (error instanceof AppError)
        port.post({ type: 'error', code: error.code, message: error.message })
      else {
        const message = error instanceof Error ? error.message : String(error)
        port.post({ type: 'error', code: 'internal', message })
      }
    }
  }
}
