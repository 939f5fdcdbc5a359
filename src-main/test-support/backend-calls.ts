import type { Backend } from '../backend/create-backend'
import type { CallChannel, CallResponse, JobInfo } from '../shared/contract'

/** A contract call that must succeed: its data, or a thrown Error with the backend's message. */
export async function call<C extends CallChannel>(
  backend: Backend,
  channel: C,
  request: unknown,
): Promise<CallResponse<C>> {
  const result = await backend.call(channel, request)
  if (!result.ok) throw new Error(result.error.message)
  return result.data
}

/** A contract call that must be refused: the backend's message. */
export async function refusal(backend: Backend, channel: CallChannel, request: unknown): Promise<string> {
  const result = await backend.call(channel, request)
  if (result.ok) throw new Error(`${channel} was accepted`)
  return result.error.message
}

/** Waits for a job to end well and returns it; throws with its message otherwise. */
export async function finished(backend: Backend, job: JobInfo): Promise<JobInfo> {
  const final = await backend.context.jobs.wait(job.jobId)
  if (final.status !== 'done') throw new Error(`${job.label}: ${final.status}: ${final.message}`)
  return final
}
