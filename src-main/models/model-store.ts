/**
 * The models table: listing, reading, renaming, notes, and deletion with undo. A deleted model is
 * only marked (with the deleting process's id) so the session can restore it; rows deleted by a
 * process that has ended are purged for good at the next start.
 */
import type { Queryable } from '../db/library'
import { AppError } from '../shared/result'
import type { ModelSummary } from '../shared/model-schemas'
import { parseJsonSafely } from '../shared/safe-json'
import type { ModelManifest } from './manifest'
import { processIsAlive } from '../jobs/process-alive'

export interface ModelRow {
  id: number
  run_id: number | null
  dataset_id: number | null
  name: string
  engine: string
  notes: string
  manifest_json: string
  weights: Buffer | null
  created_at: string
  imported_from: string | null
  imported_at: string | null
}

const COLUMNS =
  'id, run_id, dataset_id, name, engine, notes, manifest_json, created_at, imported_from, imported_at'

/** One live (not deleted) model with or without its weight bytes; a clear error when there is none. */
export async function getModelRow(q: Queryable, modelId: number, withWeights = false): Promise<ModelRow> {
  const row = await q.get<ModelRow>(
    `SELECT ${COLUMNS}${withWeights ? ', weights' : ''} FROM models WHERE id = ? AND deleted_at IS NULL`,
    [modelId],
  )
  if (!row) throw new AppError('not-found', `No model ${modelId} in the library (see \`models\`).`)
  if (withWeights && !row.weights)
    throw new AppError(
      'invalid-input',
      `Model ${modelId} has no saved weights (its training never finished).`,
    )
  return row
}

export function parseManifest(row: Pick<ModelRow, 'id' | 'manifest_json'>): ModelManifest {
  try {
    return parseJsonSafely(row.manifest_json) as ModelManifest
  } catch {
    throw new AppError('invalid-input', `Model ${row.id}'s manifest in the library is not valid JSON.`)
  }
}

/** The row as the Models table shows it. */
export function toModelSummary(row: ModelRow): ModelSummary {
  const m = parseManifest(row)
  const finite = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : null)
  return {
    modelId: row.id,
    runId: row.run_id,
    datasetId: row.dataset_id,
    name: row.name,
    notes: row.notes,
    home: m.dataset?.home ?? '?',
    engine: m.engine,
    engineLabel: m.engineLabel ?? m.engine,
    resolution: m.resolution,
    intervalSeconds: m.intervalSeconds,
    column: m.column,
    seqLen: m.window.seqLen,
    predSize: m.window.predSize,
    stride: m.window.stride,
    hiddenSizes: m.config.hiddenSizes,
    kind: (m as { kind?: string }).kind === 'global' ? 'global' : 'home',
    loss: typeof m.params?.loss === 'string' ? m.params.loss : null,
    learningRate: finite(m.params?.learningRate),
    batchSize: finite(m.params?.batchSize),
    skill: finite(m.test?.skill),
    mae: finite(m.test?.model.mae),
    rmse: finite(m.test?.model.rmse),
    epochs: m.history?.length ?? 0,
    trainSeconds: finite(m.trainSeconds),
    createdAt: m.createdAt ?? row.created_at,
    importedFrom: row.imported_from,
    optimizerStateSaved: m.engine === 'scratch',
  }
}

/** Every live model, newest first. */
export async function listModels(q: Queryable): Promise<ModelSummary[]> {
  const rows = await q.all<ModelRow>(
    `SELECT ${COLUMNS} FROM models WHERE deleted_at IS NULL AND weights IS NOT NULL ORDER BY id DESC`,
  )
  return rows.map(toModelSummary)
}

export async function updateModel(
  q: Queryable,
  request: { modelId: number; name?: string; notes?: string },
): Promise<ModelSummary> {
  await getModelRow(q, request.modelId)
  await q.run('UPDATE models SET name = COALESCE(?, name), notes = COALESCE(?, notes) WHERE id = ?', [
    request.name ?? null,
    request.notes ?? null,
    request.modelId,
  ])
  return toModelSummary(await getModelRow(q, request.modelId))
}

/** Marks a model deleted by this process; `restoreModel` undoes it until the process ends. */
export async function deleteModel(q: Queryable, modelId: number): Promise<{ deleted: number }> {
  await getModelRow(q, modelId)
  await q.run(
    "UPDATE models SET deleted_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), deleted_by_pid = ? WHERE id = ?",
    [process.pid, modelId],
  )
  return { deleted: modelId }
}

export async function restoreModel(q: Queryable, modelId: number): Promise<ModelSummary> {
  const { changes } = await q.run(
    'UPDATE models SET deleted_at = NULL, deleted_by_pid = NULL WHERE id = ? AND deleted_at IS NOT NULL AND deleted_by_pid = ?',
    [modelId, process.pid],
  )
  if (changes === 0)
    throw new AppError(
      'not-found',
      `Model ${modelId} was not deleted in this session, so it cannot be restored.`,
    )
  return toModelSummary(await getModelRow(q, modelId))
}

/** Removes for good the models deleted by sessions that have ended (their undo is no longer offered). */
export async function purgeDeletedModels(
  q: Queryable,
  isAlive: (pid: number) => boolean = processIsAlive,
): Promise<number> {
  const rows = await q.all<{ id: number; deleted_by_pid: number | null }>(
    'SELECT id, deleted_by_pid FROM models WHERE deleted_at IS NOT NULL',
  )
  let purged = 0
  for (const row of rows) {
    const pid = row.deleted_by_pid
    if (pid !== null && (pid === process.pid || isAlive(pid))) continue
    await q.run('DELETE FROM models WHERE id = ?', [row.id])
    purged++
  }
  return purged
}
