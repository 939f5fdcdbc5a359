/**
 * Messages between the backend (parent) and a worker process (Electron utilityProcess in the
 * app, child_process.fork under Node). One worker runs one job, so a crash takes down only
 * that job and a hard cancel is a kill.
 */
export type ParentMessage =
  { type: 'start'; jobId: string; kind: string; params: unknown; context: WorkerContext } | { type: 'cancel' }

/** What a worker needs to know about its surroundings. */
export interface WorkerContext {
  databasePath: string
  dataDir: string
}

export interface ProgressUpdate {
  /** 0..1, or null while the total is unknown */
  fraction: number | null
  message: string
  /** job-specific payload (loss values, rows parsed …); structured-clone friendly */
  detail?: unknown
}

export type WorkerMessage =
  | { type: 'ready' }
  | ({ type: 'progress' } & ProgressUpdate)
  | { type: 'done'; result: unknown }
  | { type: 'cancelled'; result?: unknown }
  | { type: 'error'; code: string; message: string }

/** The two ends of a worker, whatever launched it. */
export interface WorkerHandle {
  postMessage(message: ParentMessage): void
  onMessage(listener: (message: WorkerMessage) => void): void
  /** called once when the process ends, with its exit code (null if killed by a signal) */
  onExit(listener: (code: number | null) => void): void
  kill(): void
}

/** Starts a worker process running the worker entry. Node: fork; Electron: utilityProcess. */
export type WorkerSpawner = (entryPath: string) => WorkerHandle
