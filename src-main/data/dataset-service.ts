/** Dataset actions that are not imports: cleaning (preview or save), rename, delete, the bundled sample. */
import { existsSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Queryable } from '../db/library'
import type { CleanResult, CleaningRecipe as RecipeShape, DatasetListItem } from '../shared/contract'
import { AppError } from '../shared/result'
import { processIsAlive } from '../jobs/process-alive'
import { classifyDays } from './cleaning/cleaning'
import { effectiveRecipe, loadCleanSeries, type CleaningRecipe } from './cleaning/clean-series'
import { datasetList } from './store/dataset-reports'
import { loadDatasetRow, loadDays } from './store/stored-readings'

/**
 * Applies a recipe to a dataset's days: a preview, or (save) the recipe and its kept / removed
 * days recorded with the dataset. With `withSeries` the cleaned p_cons series is built too.
 */
export async function cleanDataset(
  q: Queryable,
  request: {
    datasetId: number
    recipe?: Partial<RecipeShape>
    save?: boolean
    withSeries?: boolean
    forgetSaved?: boolean
  },
): Promise<CleanResult> {
  if (request.forgetSaved) {
    await loadDatasetRow(q, request.datasetId)
    await q.run(
      'UPDATE datasets SET recipe = NULL, kept_days = NULL, removed_days = NULL, cleaned_at = NULL WHERE id = ?',
      [request.datasetId],
    )
  }
  const row = await loadDatasetRow(q, request.datasetId)
  const recipe: CleaningRecipe = effectiveRecipe(row.interval_seconds, row.recipe, request.recipe)
  if (recipe.resampleSeconds !== null && recipe.resampleSeconds < row.interval_seconds) {
    throw new AppError(
      'invalid-request',
      `Cannot resample to ${recipe.resampleSeconds} s: the readings of dataset ${row.id} are ${row.interval_seconds} s apart.`,
    )
  }
  const { keptDays, removedDays, removalReasons } = classifyDays(await loadDays(q, request.datasetId), recipe)
  const result: CleanResult = {
    datasetId: row.id,
    home: row.home,
    recipe,
    keptDays,
    removedDays,
    removalReasons,
    saved: Boolean(request.save),
  }
  if (request.withSeries) {
    const series = await loadCleanSeries(q, row.id, 'p_cons', recipe)
    let missing = 0
    for (const v of series.values) if (Number.isNaN(v)) missing++
    const raw = await loadCleanSeries(q, row.id, 'p_cons', {
      ...recipe,
      fillGapsUpToSeconds: 0,
      resampleSeconds: null,
    })
    let rawMissing = 0
    for (const v of raw.values) if (Number.isNaN(v)) rawMissing++
    const filledGrid = await loadCleanSeries(q, row.id, 'p_cons', { ...recipe, resampleSeconds: null })
    let afterFill = 0
    for (const v of filledGrid.values) if (Number.isNaN(v)) afterFill++
    result.series = {
      intervalSeconds: series.intervalSeconds,
      start: new Date(series.start).toISOString(),
      slots: series.values.length,
      missing,
      filled: rawMissing - afterFill,
    }
  }
  if (request.save) {
    await q.run(
      `UPDATE datasets SET recipe = ?, kept_days = ?, removed_days = ?,
       cleaned_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
      [JSON.stringify(recipe), JSON.stringify(keptDays), JSON.stringify(removedDays), row.id],
    )
  }
  return result
}

export async function renameDataset(q: Queryable, datasetId: number, name: string): Promise<DatasetListItem> {
  await loadDatasetRow(q, datasetId)
  await q.run('UPDATE datasets SET name = ? WHERE id = ?', [name, datasetId])
  return (await datasetList(q)).find((d) => d.datasetId === datasetId)!
}

/**
 * Marks a dataset deleted by this process: it leaves every list and lookup at once, and
 * `restoreDataset` brings it back until the process ends; the next start removes it for good,
 * with everything stored for it (cascade).
 */
export async function deleteDataset(q: Queryable, datasetId: number): Promise<{ deleted: number }> {
  await loadDatasetRow(q, datasetId)
  await q.run(
    "UPDATE datasets SET deleted_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), deleted_by_pid = ? WHERE id = ?",
    [process.pid, datasetId],
  )
  return { deleted: datasetId }
}

/** Undoes `deleteDataset` of this session. */
export async function restoreDataset(q: Queryable, datasetId: number): Promise<DatasetListItem> {
  const { changes } = await q.run(
    'UPDATE datasets SET deleted_at = NULL, deleted_by_pid = NULL WHERE id = ? AND deleted_at IS NOT NULL AND deleted_by_pid = ?',
    [datasetId, process.pid],
  )
  if (changes === 0)
    throw new AppError(
      'not-found',
      `Dataset ${datasetId} was not deleted in this session, so it cannot be restored.`,
    )
  return (await datasetList(q)).find((d) => d.datasetId === datasetId)!
}

/** Removes for good the datasets deleted by sessions that have ended (their undo is no longer offered). */
export async function purgeDeletedDatasets(
  q: Queryable,
  isAlive: (pid: number) => boolean = processIsAlive,
): Promise<number> {
  const rows = await q.all<{ id: number; deleted_by_pid: number | null }>(
    'SELECT id, deleted_by_pid FROM datasets WHERE deleted_at IS NOT NULL',
  )
  let purged = 0
  for (const row of rows) {
    const pid = row.deleted_by_pid
    if (pid !== null && (pid === process.pid || isAlive(pid))) continue
    await q.run('DELETE FROM datasets WHERE id = ?', [row.id])
    purged++
  }
  return purged
}

/**
 * `resources/samples/` of the source tree or of the built app (two levels above this module or
 * bundle). In a packaged app the samples are unpacked next to app.asar (see electron-builder.yml),
 * so the worker process can read them with plain fs whether or not it understands asar.
 */
export function defaultSamplesDir(moduleDir: string = __dirname, exists = existsSync): string {
  const dir = resolve(moduleDir, '../../resources/samples')
  const unpacked = dir.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1')
  return unpacked !== dir && exists(unpacked) ? unpacked : dir
}

/** The bundled sample household's export files. */
export function sampleFiles(samplesDir: string): string[] {
  const files = existsSync(samplesDir)
    ? readdirSync(samplesDir)
        .filter((f) => f.toLowerCase().endsWith('.csv'))
        .sort()
        .map((f) => join(samplesDir, f))
    : []
  if (files.length === 0) throw new AppError('not-found', `No sample files in ${samplesDir}.`)
  return files
}
