import type { Api } from '../../../src-main/shared/contract'
import type { Result } from '../../../src-main/shared/result'

/**
 * The backend bridge, whoever installed it (Electron's preload or the e2e harness). Only Pinia
 * stores call it. When the page runs without a backend, calls resolve to an `unavailable` error.
 */
export function api(): Api | undefined {
  return window.api
}

export function isConnected(): boolean {
  return window.api !== undefined
}

export const notConnected: Result<never> = {
  ok: false,
  error: { code: 'unavailable', message: 'Not connected to the Voisin Forecast backend.' },
}

/** Unwraps a call result, throwing its message so a store can show it. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new BackendError(result.error.code, result.error.message)
  return result.data
}

export class BackendError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}
