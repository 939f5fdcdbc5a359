import type { Backend } from '../../backend/create-backend'
import type { CallChannel, CallResponse } from '../../shared/contract'
import { AppError } from '../../shared/result'
import { UsageError } from '../command'

/** One contract call whose failure becomes the CLI's one-line error. */
export async function callOrThrow<C extends CallChannel>(
  backend: Backend,
  channel: C,
  request: unknown,
): Promise<CallResponse<C>> {
  const result = await backend.call(channel, request)
  if (!result.ok) throw new AppError(result.error.code, result.error.message)
  return result.data
}

/** A positive id from the command line, or a usage error naming the command. */
export function idArgument(raw: string | undefined, usage: string): number {
  const id = Number(raw)
  if (!raw || !Number.isInteger(id) || id <= 0) throw new UsageError(`expected an id: ${usage}`)
  return id
}
