/**
 * Moving models between libraries: export to a `.vfmodel` file, import one back in a single
 * transaction. An imported model is linked to a dataset of this library only when that dataset
 * was imported from exactly the same source files (same SHA-256s); otherwise it stands alone.
 */
import { createHash } from 'node:crypto'
import { basename } from 'node:path'
import type { Library, Queryable } from '../db/library'
import { deserializeModel, fileFormatVersion } from '../engine/serialize'
import type { ModelDescription } from '../shared/model-schemas'
import { AppError } from '../shared/result'
import { writeThroughPartial } from '../files/partial-file'
import { readUserFile } from '../files/user-file'
import { BundleError, decodeBundle, encodeBundle, MAX_BUNDLE_BYTES } from './bundle'
import { parseManifest, getModelRow } from './model-store'
import { sourceFileHashes, type ModelManifest } from './manifest'

/** The bundle text of a model, with the file name it should be saved under. */
export async function bundleText(q: Queryable, modelId: number): Promise<{ fileName: string; text: string }> {
  const row = await getModelRow(q, modelId, true)
  const manifest = await completedManifest(q, row.dataset_id, parseManifest(row))
  const text = encodeBundle({
    name: row.name,
    notes: row.notes,
    manifest,
    weights: new Uint8Array(row.weights!),
  })
  const safe =
    row.name
      .replace(/[^\w.-]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 80) || `model-${modelId}`
  return { fileName: `${safe}.vfmodel`, text }
}

/**
 * Writes the bundle through `<path>.partial` (files/partial-file.ts): a failed or killed write never
 * leaves half a file under the destination's name, and a directory is refused with a file name to use.
 */
export async function exportModel(
  q: Queryable,
  modelId: number,
  path: string,
): Promise<{ modelId: number; path: string; bytes: number }> {
  const { fileName, text } = await bundleText(q, modelId)
  const bytes = await writeThroughPartial(q, path, text, fileName)
  return { modelId, path, bytes }
}

/** Checks a bundle completely, then adds it as a new model in one transaction. */
export async function importModel(
  library: Library,
  path: string,
): Promise<{ modelId: number; name: string; home: string; datasetId: number | null }> {
  // a regular file within the cap, read with the cap: never a device, a FIFO or an unbounded read
  const bytes = await readUserFile(path, { maxBytes: MAX_BUNDLE_BYTES, what: 'model file' })
  let bundle: ReturnType<typeof decodeBundle>
  try {
    bundle = decodeBundle(bytes, basename(path))
  } catch (error) {
    if (error instanceof BundleError) throw new AppError('invalid-input', error.message)
    throw error
  }
  const datasetId = await datasetWithSameFiles(library, bundle.manifest)
  const modelId = await library.transaction(async (tx) => {
    const { lastID } = await tx.run(
      `INSERT INTO models (run_id, dataset_id, name, engine, notes, manifest_json, weights, imported_from, imported_at)
       VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
      [
        datasetId,
        bundle.name,
        bundle.manifest.engine,
        bundle.notes,
        JSON.stringify(bundle.manifest),
        Buffer.from(bundle.weights),
        basename(path),
      ],
    )
    return lastID
  })
  return { modelId, name: bundle.name, home: bundle.manifest.dataset.home, datasetId }
}

/** Fills in the source-file hashes of models saved before the manifest carried them. */
export async function completedManifest(
  q: Queryable,
  datasetId: number | null,
  manifest: ModelManifest,
): Promise<ModelManifest> {
  if (manifest.dataset.files || datasetId === null) return manifest
  return { ...manifest, dataset: { ...manifest.dataset, files: await sourceFileHashes(q, datasetId) } }
}

async function datasetWithSameFiles(q: Queryable, manifest: ModelManifest): Promise<number | null> {
  const files = manifest.dataset.files
  if (!files || files.length === 0) return null
  const wanted = files
    .map((f) => f.sha256)
    .sort()
    .join(',')
  const candidates = await q.all<{ id: number }>(
    'SELECT id FROM datasets WHERE home = ? AND deleted_at IS NULL',
    [manifest.dataset.home],
  )
  for (const { id } of candidates) {
    const have = (await sourceFileHashes(q, id))
      .map((f) => f.sha256)
      .sort()
      .join(',')
    if (have === wanted) return id
  }
  return null
}

/**
 * `model <id> --json`: the bundle's manifest without the weights, plus the library's own fields
 * (id, name, notes, where it came from) and a description of the weight bytes.
 */
export async function modelDescription(q: Queryable, modelId: number): Promise<ModelDescription> {
  const row = await getModelRow(q, modelId, true)
  const manifest = await completedManifest(q, row.dataset_id, parseManifest(row))
  const weights = new Uint8Array(row.weights!)
  const header = deserializeModel(weights)
  return {
    modelId: row.id,
    name: row.name,
    notes: row.notes,
    runId: row.run_id,
    datasetId: row.dataset_id,
    importedFrom: row.imported_from,
    importedAt: row.imported_at,
    ...manifest,
    weights: {
      bytes: weights.length,
      sha256: createHash('sha256').update(weights).digest('hex'),
      engineFormatVersion: fileFormatVersion(weights),
      precision: header.precision,
      parameters: header.params.length,
      optimizerState: header.optimizer
        ? { saved: true, step: header.optimizer.step, config: header.optimizer.config }
        : { saved: false, why: 'the TensorFlow.js engine does not export its optimizer moments' },
    },
  }
}
