import type { z } from 'zod'
import type { Library } from '../db/library'
import type { JobService } from '../jobs/job-service'
import type { CallChannel, CallResponse, EventChannel, EventPayload, calls } from '../shared/contract'
import type { FileGrants } from './file-grants'

type FileFilter = { name: string; extensions: string[] }

/**
 * The OS file dialogs, supplied by the adapter (Electron's dialog, or the e2e harness's stand-in).
 * They answer with paths, which never leave the main side: the handlers turn them into grants.
 */
export interface DialogPort {
  /** the chosen files (or folders, with `folders`); none when the person cancels */
  openFiles(options: {
    title?: string
    multiple?: boolean
    folders?: boolean
    filters?: FileFilter[]
  }): Promise<string[]>
  /** where to save; null when the person cancels */
  saveFile(options: { title?: string; defaultName?: string; filters?: FileFilter[] }): Promise<string | null>
}

/** What every service and handler may use. */
export interface BackendContext {
  library: Library
  jobs: JobService
  dataDir: string
  databasePath: string
  appVersion: string
  dialogs?: DialogPort
  /** the files the person chose, by token (the renderer never sends paths) */
  files: FileGrants
  emit<E extends EventChannel>(channel: E, payload: EventPayload<E>): void
}

/** One handler per contract call; the request has already been validated. */
export type Handlers = {
  [C in CallChannel]: (request: z.output<(typeof calls)[C]['request']>) => Promise<CallResponse<C>>
}
