import type { Backend } from '../backend/create-backend'
import type { JobInfo, JobStartRequest } from '../shared/contract'
import { AppError } from '../shared/result'
import type { CommandInput } from './command'
import { progressPrinter } from './progress'

/** Starts a job through the contract, prints its progress, cancels it on Ctrl-C, and returns its final state. */
export async function runJobWithProgress(
  backend: Backend,
  request: JobStartRequest,
  input: CommandInput,
): Promise<JobInfo> {
  const print = progressPrinter(input.io, input.progress)
  let jobId: string | undefined
  const unsubscribe = backend.onEvent((channel, payload) => {
    if (channel === 'job:updated' && (payload as JobInfo).jobId === jobId) print(payload as JobInfo)
  })
  const onInterrupt = () => {
    if (jobId) void backend.call('job:cancel', { jobId })
  }
  process.on('SIGINT', onInterrupt)
  try {
    const started = await backend.call('job:start', request)
    if (!started.ok) throw new AppError(started.error.code, started.error.message)
    jobId = started.data.jobId
    const final = await backend.context.jobs.wait(jobId)
    if (final.status === 'failed') throw new AppError('invalid-input', final.error?.message ?? final.message)
    if (final.status === 'cancelled') throw new AppError('cancelled', 'Cancelled.')
    return final
  } finally {
    process.off('SIGINT', onInterrupt)
    unsubscribe()
  }
}
