import type { Queryable } from '../db/library'
import type { TrainingParams } from '../shared/training-params'
import type { EpochPoint } from './pipeline'
import { processIsAlive } from '../jobs/process-alive'

export type RunStatus = 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted'

export interface RunRow {
  id: number
  dataset_id: number | null
  name: string
  engine: string
  status: RunStatus
  params_json: string
  history_json: string
  result_json: string | null
  message: string
  created_at: string
  ended_at: string | null
  train_seconds: number | null
}

/** Records a new run as running, owned by this process (so a crash can be told from a run in progress). */
export async function createRun(
  db: Queryable,
  params: Omit<TrainingParams, 'datasetId'> & { datasetId?: number },
  name: string,
): Promise<number> {
  const { lastID } = await db.run(
    "INSERT INTO runs (dataset_id, status, name, engine, params_json, owner_pid) VALUES (?, 'running', ?, ?, ?, ?)",
    [params.datasetId ?? null, name, params.engine, JSON.stringify(params), process.pid],
  )
  return lastID
}

/** Saves the loss curves so far: a crashed run keeps what it learned. */
export async function saveRunHistory(db: Queryable, runId: number, history: EpochPoint[]): Promise<void> {
  await db.run('UPDATE runs SET history_json = ? WHERE id = ?', [JSON.stringify(history), runId])
}

export async function finishRun(
  db: Queryable,
  runId: number,
  patch: {
    status: RunStatus
    message: string
    history?: EpochPoint[]
    result?: unknown
    trainSeconds?: number
  },
): Promise<void> {
  await db.run(
    `UPDATE runs SET status = ?, message = ?, history_json = COALESCE(?, history_json), result_json = COALESCE(?, result_json),
       train_seconds = COALESCE(?, train_seconds), ended_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
    [
      patch.status,
      patch.message,
      patch.history ? JSON.stringify(patch.history) : null,
      patch.result === undefined ? null : JSON.stringify(patch.result),
      patch.trainSeconds ?? null,
      runId,
    ],
  )
}

/** Marks a run failed unless it already ended (the worker may have recorded its own end). */
export async function failRunIfRunning(db: Queryable, runId: number, message: string): Promise<void> {
  await db.run(
    "UPDATE runs SET status = 'failed', message = ?, ended_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ? AND status = 'running'",
    [message, runId],
  )
}

/**
 * On start-up: runs still "running" whose owning process is gone were cut short by a killed app;
 * mark them interrupted. Runs owned by a live process (the app while the CLI starts) are left alone.
 */
export async function markInterruptedRuns(
  db: Queryable,
  isAlive: (pid: number) => boolean = processIsAlive,
): Promise<number> {
  const running = await db.all<{ id: number; owner_pid: number | null }>(
    "SELECT id, owner_pid FROM runs WHERE status = 'running'",
  )
  let marked = 0
  for (const run of running) {
    if (run.owner_pid !== null && run.owner_pid !== process.pid && isAlive(run.owner_pid)) continue
    if (run.owner_pid === process.pid) continue
    await db.run(
      "UPDATE runs SET status = 'interrupted', message = 'The app stopped while this run was training.', ended_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ? AND status = 'running'",
      [run.id],
    )
    marked++
  }
  return marked
}

export async function getRun(db: Queryable, runId: number): Promise<RunRow | undefined> {
  return db.get<RunRow>('SELECT * FROM runs WHERE id = ?', [runId])
}

/** Stores a trained model: manifest (everything needed to reuse it) and the engine's weight bytes. */
export async function insertModel(
  db: Queryable,
  model: {
    runId: number
    /** null for a global model (its homes are in the manifest) */
    datasetId: number | null
    name: string
    engine: string
    manifest: unknown
    weights: Uint8Array
  },
): Promise<number> {
  const { lastID } = await db.run(
    'INSERT INTO models (run_id, dataset_id, name, engine, manifest_json, weights) VALUES (?, ?, ?, ?, ?, ?)',
    [
      model.runId,
      model.datasetId,
      model.name,
      model.engine,
      JSON.stringify(model.manifest),
      Buffer.from(model.weights),
    ],
  )
  return lastID
}
