import type { z } from 'zod'
import type { Library } from '../db/library'
import type { JobService } from '../jobs/job-service'
import type { CallChannel, CallResponse, EventChannel, EventPayload, calls } from '../shared/contract'

/** The OS file dialog, supplied by the adapter (Electron's dialog, or the e2e harness's stand-in). */
export interface DialogPort {
  openFiles(options: {
    title?: string
    multiple?: boolean
    filters?: { name: string; extensions: string[] }[]
  }): Promise<string[]>
}

/** What every service and handler may use. */
export interface BackendContext {
  library: Library
  jobs: JobService
  dataDir: string
  databasePath: string
  appVersion: string
  dialogs?: DialogPort
  emit<E extends EventChannel>(channel: E, payload: EventPayload<E>): void
}

/** One handler per contract call; the request has already been validated. */
export type Handlers = {
  [C in CallChannel]: (request: z.output<(typeof calls)[C]['request']>) => Promise<CallResponse<C>>
}
