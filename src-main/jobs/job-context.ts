import type { ProgressUpdate, WorkerContext } from './protocol'

/** Thrown inside a job when it notices the cancel request; the worker reports `cancelled`. */
export class JobCancelled extends Error {
  constructor(readonly partialResult?: unknown) {
    super('cancelled')
    this.name = 'JobCancelled'
  }
}

/** What a job function receives besides its parameters. */
export interface JobContext extends WorkerContext {
  /** reports progress; the worker throttles what reaches the parent to a few per second */
  progress(update: ProgressUpdate): void
  /** true once a cancel was requested; check between chunks or batches */
  readonly cancelled: boolean
  /** throws JobCancelled when a cancel was requested */
  throwIfCancelled(partialResult?: unknown): void
  /** lets queued messages (a cancel) arrive during a long synchronous loop */
  yieldToEvents(): Promise<void>
}

export type JobFunction<P = unknown, R = unknown> = (params: P, context: JobContext) => Promise<R>
