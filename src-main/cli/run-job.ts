import type { Backend } from '../backend/create-backend'
import type { JobInfo, JobStartRequest } from '../shared/contract'
import { AppError, type ErrorCode, type Result } from '../shared/result'
import type { CommandInput } from './command'
import { progressPrinter } from './progress'

/**
 * Follows a job that `start` launches: prints its progress on stderr, cancels it on Ctrl-C, and
 * returns its final state. Failed jobs become one-line errors; a cancelled job is returned as is.
 */
export async function followJob(
  backend: Backend,
  start: () => Promise<Result<JobInfo>>,
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
    const started = await start()
    if (!started.ok) throw new AppError(started.error.code, started.error.message)
    jobId = started.data.jobId
    const final = await backend.context.jobs.wait(jobId)
    if (final.status === 'failed') throw jobError(final)
    return final
  } finally {
    process.off('SIGINT', onInterrupt)
    unsubscribe()
  }
}

/** Starts a job through the contract and follows it; a cancelled job is an error here. */
export async function runJobWithProgress(
  backend: Backend,
  request: JobStartRequest,
  input: CommandInput,
): Promise<JobInfo> {
  const final = await followJob(backend, () => backend.call('job:start', request), input)
  if (final.status === 'cancelled') throw new AppError('cancelled', 'Cancelled.')
  return final
}

const ERROR_CODES: readonly string[] = [
  'invalid-request',
  'invalid-input',
  'not-found',
  'conflict',
  'cancelled',
  'unavailable',
  'internal',
] satisfies ErrorCode[]

/** A failed job's error with its own code (a refused `--tz` is a usage error, a bad file is not). */
function jobError(final: JobInfo): AppError {
  const code = final.error?.code
  return new AppError(
    code && ERROR_CODES.includes(code) ? (code as ErrorCode) : 'invalid-input',
    final.error?.message ?? final.message,
  )
}
