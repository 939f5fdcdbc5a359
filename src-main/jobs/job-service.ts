import { randomUUID } from 'node:crypto'
import type { JobInfo, JobKind } from '../shared/contract'
import { AppError } from '../shared/result'
import type { WorkerContext, WorkerHandle, WorkerMessage, WorkerSpawner } from './protocol'

/** How long a worker gets to stop by itself after a cancel before it is killed. */
export const CANCEL_GRACE_MS = 5_000
const KEEP_FINISHED_JOBS = 50

/** A change to a job's state; `result` and `progress` come from the worker as its job function made them. */
type JobPatch = Partial<Omit<JobInfo, 'kind' | 'result'>> & { result?: unknown; progress?: unknown }

/**
 * The job with `patch` applied. The worker's result and progress are what the job function of
 * this kind returns and reports (jobs/registry.ts), hence the contract's per-kind types.
 */
function withPatch(info: JobInfo, patch: JobPatch): JobInfo {
  return { ...info, ...patch } as JobInfo
}
/** How long a worker may linger after its final message before it is stopped. */
const WORKER_EXIT_GRACE_MS = 5_000

interface RunningJob {
  info: JobInfo
  worker: WorkerHandle
  settled: Promise<JobInfo>
  cancelTimer?: NodeJS.Timeout
}

export interface JobServiceOptions {
  spawnWorker: WorkerSpawner
  workerEntry: string
  context: WorkerContext
  /** called on every state change or progress report */
  onUpdate: (info: JobInfo) => void
}

/** Starts jobs in worker processes, tracks their state, and relays their progress. */
export class JobService {
  private readonly jobs = new Map<string, RunningJob | { info: JobInfo; settled: Promise<JobInfo> }>()

  constructor(private readonly options: JobServiceOptions) {}

  start(kind: JobKind, params: unknown, label: string): JobInfo {
    const jobId = randomUUID()
    const info: JobInfo = {
      jobId,
      kind,
      label,
      status: 'running',
      fraction: null,
      message: 'Starting…',
      startedAt: Date.now(),
      endedAt: null,
    }
    const worker = this.options.spawnWorker(this.options.workerEntry)
    let resolveSettled!: (info: JobInfo) => void
    const settled = new Promise<JobInfo>((resolve) => (resolveSettled = resolve))
    const job: RunningJob = { info, worker, settled }
    this.jobs.set(jobId, job)
    this.prune()

    const finish = (patch: JobPatch) => {
      if (job.info.endedAt !== null) return
      clearTimeout(job.cancelTimer)
      // The worker exits by itself after its last message; make sure it does (a no-op once it has).
      setTimeout(() => worker.kill(), WORKER_EXIT_GRACE_MS).unref()
      job.info = withPatch(job.info, { ...patch, endedAt: Date.now() })
      this.options.onUpdate(job.info)
      resolveSettled(job.info)
    }

    worker.onMessage((message: WorkerMessage) => {
      switch (message.type) {
        case 'ready':
          worker.postMessage({ type: 'start', jobId, kind, params, context: this.options.context })
          break
        case 'progress':
          if (job.info.endedAt !== null) break
          job.info = { ...job.info, fraction: message.fraction, message: message.message }
          // the live figures go out with the update but are not kept: the next update replaces them
          this.options.onUpdate(
            message.detail === undefined ? job.info : withPatch(job.info, { progress: message.detail }),
          )
          break
        case 'done':
          finish({ status: 'done', fraction: 1, message: 'Done', result: message.result })
          break
        case 'cancelled':
          finish({ status: 'cancelled', message: 'Cancelled', result: message.result })
          break
        case 'error':
          finish({
            status: 'failed',
            message: message.message,
            error: { code: message.code, message: message.message },
          })
          break
      }
    })
    worker.onExit((code) => {
      if (job.info.status === 'cancelled' || job.cancelTimer) {
        finish({ status: 'cancelled', message: 'Cancelled' })
        return
      }
      const why = code === null ? 'was killed' : `exited with code ${code}`
      finish({
        status: 'failed',
        message: `The background process ${why} before finishing.`,
        error: { code: 'internal', message: `The background process ${why} before finishing.` },
      })
    })
    this.options.onUpdate(info)
    return info
  }

  /** Asks the job to stop between chunks; kills its process if it does not within the grace period. */
  cancel(jobId: string): JobInfo {
    const job = this.jobs.get(jobId)
    if (!job) throw new AppError('not-found', `No job ${jobId}.`)
    if (!('worker' in job) || job.info.endedAt !== null) return job.info
    if (!job.cancelTimer) {
      job.worker.postMessage({ type: 'cancel' })
      job.cancelTimer = setTimeout(() => job.worker.kill(), CANCEL_GRACE_MS)
      job.info = { ...job.info, message: 'Cancelling…' }
      this.options.onUpdate(job.info)
    }
    return job.info
  }

  /** Resolves when the job has ended, whichever way. */
  wait(jobId: string): Promise<JobInfo> {
    const job = this.jobs.get(jobId)
    if (!job) return Promise.reject(new AppError('not-found', `No job ${jobId}.`))
    return job.settled
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((job) => job.info)
  }

  /** Kills every running worker (app quit). */
  shutdown(): void {
    for (const job of this.jobs.values()) {
      if ('worker' in job && job.info.endedAt === null) {
        job.cancelTimer = job.cancelTimer ?? setTimeout(() => undefined, 0)
        job.worker.kill()
      }
    }
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((job) => job.info.endedAt !== null)
    for (const job of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED_JOBS))) {
      this.jobs.delete(job.info.jobId)
    }
  }
}
