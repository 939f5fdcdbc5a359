/**
 * The composition root: wires the SQLite library, the services and the worker launcher, and
 * exposes one validated entry point per contract call. The Electron main process, the CLI and
 * the end-to-end harness are thin adapters around the object returned here.
 */
import { join } from 'node:path'
import { version as packageVersion } from '../../package.json'
import { Library } from '../db/library'
import { JobService } from '../jobs/job-service'
import type { WorkerSpawner } from '../jobs/protocol'
import { spawnNodeWorker } from '../jobs/spawn-node-worker'
import {
  calls,
  type CallChannel,
  type CallResponse,
  type EventChannel,
  type EventPayload,
} from '../shared/contract'
import { AppError, fail, ok, type Result } from '../shared/result'
import type { BackendContext, DialogPort, Handlers } from './context'
import { FileGrants } from './file-grants'
import { appHandlers } from './handlers/app-handlers'
import { datasetHandlers } from './handlers/dataset-handlers'
import { fileHandlers } from './handlers/file-handlers'
import { jobHandlers } from './handlers/job-handlers'
import { modelHandlers } from './handlers/model-handlers'
import { communityHandlers } from './handlers/community-handlers'
import { trainingHandlers } from './handlers/training-handlers'
import { backtestHandlers } from './handlers/backtest-handlers'
import { markInterruptedBacktests } from '../training/backtest/backtest-store'
import { markInterruptedRuns } from '../training/run-store'
import { purgeDeletedModels } from '../models/model-store'
import { purgeDeletedDatasets } from '../data/dataset-service'
import { watchLibrary } from './library-watch'
import { removeStalePartialFiles } from '../files/partial-file'

export interface BackendOptions {
  /** the user-data folder: library file, exports, logs */
  dataDir: string
  /** defaults to `<dataDir>/library.sqlite` */
  databasePath?: string
  /** path of the built or source worker entry (`out/main/worker.js` or `src-main/jobs/worker-entry.ts`) */
  workerEntry: string
  /** how workers are started: child_process.fork by default, utilityProcess in Electron */
  spawnWorker?: WorkerSpawner
  dialogs?: DialogPort
  appVersion?: string
  /** the bundled sample household (default: `resources/samples/` of the app) */
  samplesDir?: string
  /**
   * report datasets changed by other connections (the CLI on the same library, another window) as
   * `dataset:changed` events; the app sets it, the CLI does not
   */
  watchLibrary?: boolean
}

type EventListener = <E extends EventChannel>(channel: E, payload: EventPayload<E>) => void

export interface Backend {
  /** validates `request` against the contract, runs the handler, and never throws */
  call<C extends CallChannel>(channel: C, request: unknown): Promise<Result<CallResponse<C>>>
  /** listens to every event; returns an unsubscribe function */
  onEvent(listener: EventListener): () => void
  readonly context: BackendContext
  close(): Promise<void>
}

export async function createBackend(options: BackendOptions): Promise<Backend> {
  const databasePath = options.databasePath ?? join(options.dataDir, 'library.sqlite')
  const library = await Library.open(databasePath)
  const listeners = new Set<EventListener>()
  const emit: EventListener = (channel, payload) => {
    for (const listener of listeners) listener(channel, payload)
  }
  const jobs = new JobService({
    spawnWorker: options.spawnWorker ?? spawnNodeWorker,
    workerEntry: options.workerEntry,
    context: { databasePath, dataDir: options.dataDir },
    onUpdate: (info) => emit('job:updated', info),
  })
  const context: BackendContext = {
    library,
    jobs,
    dataDir: options.dataDir,
    databasePath,
    appVersion: options.appVersion ?? packageVersion,
    dialogs: options.dialogs,
    files: new FileGrants(),
    emit,
  }
  // Runs left "running" by an app that was killed are marked interrupted before anything else.
  await markInterruptedRuns(library)
  await markInterruptedBacktests(library)
  // Exports killed mid-write left their recorded `.partial` files: remove them (never any other file).
  await removeStalePartialFiles(library)
  // Models deleted by a session that has ended can no longer be restored: remove them for good.
  await purgeDeletedModels(library)
  // Datasets too (the undo of a dataset delete lasts as long as the session that deleted it).
  await purgeDeletedDatasets(library)
  const stopWatching = options.watchLibrary
    ? watchLibrary(library, (datasetIds) => emit('dataset:changed', { datasetIds }))
    : () => undefined
  const handlers: Handlers = {
    ...appHandlers(context),
    ...fileHandlers(context),
    ...jobHandlers(context),
    ...trainingHandlers(context),
    ...datasetHandlers(context, options.samplesDir),
    ...modelHandlers(context),
    ...communityHandlers(context),
    ...backtestHandlers(context),
  }

  return {
    context,
    async call(channel, request) {
      if (!Object.hasOwn(calls, channel)) return fail('invalid-request', `Unknown call "${String(channel)}".`)
      const parsed = calls[channel].request.safeParse(request ?? {})
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        const where = issue && issue.path.length > 0 ? ` at "${issue.path.join('.')}"` : ''
        return fail(
          'invalid-request',
          `Invalid request for ${channel}${where}: ${issue?.message ?? 'invalid'}.`,
        )
      }
      try {
        const handler = handlers[channel] as (request: unknown) => Promise<CallResponse<typeof channel>>
        return ok(await handler(parsed.data))
      } catch (error) {
        if (error instanceof AppError) return fail(error.code, error.message)
        const message = error instanceof Error ? error.message : String(error)
        console.error(`[backend] ${channel} failed:`, error)
        return fail('internal', `Unexpected error in ${channel}: ${message}`)
      }
    },
    onEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async close() {
      stopWatching()
      jobs.shutdown()
      listeners.clear()
      await library.close()
    },
  }
}
