/** Errors cross every process boundary as values, never as thrown exceptions. */
export type ErrorCode =
  'invalid-request' | 'invalid-input' | 'not-found' | 'conflict' | 'cancelled' | 'unavailable' | 'internal'

export interface AppErrorShape {
  code: ErrorCode
  message: string
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppErrorShape }

/** An error whose message is meant for the person using the app (names what and where). */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export function ok<T>(data: T): Result<T> {
  return { ok: true, data }
}

export function fail(code: ErrorCode, message: string): { ok: false; error: AppErrorShape } {
  return { ok: false, error: { code, message } }
}
