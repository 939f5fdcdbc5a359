/**
 * "Re-run" (a new training with the same settings) and "resume" (more epochs from the saved
 * weights) start an ordinary training run, so progress, cancel and the verdict work as in the
 * Training area. Both need the model's training dataset in this library.
 */
import type { Queryable } from '../db/library'
import { AppError } from '../shared/result'
import { GlobalTrainingParams, TrainingParams } from '../shared/training-params'
import { getModelRow, parseManifest } from './model-store'

/**
 * How the saved model computed, so a re-run gives it again bit for bit: its precision (float64 for models
 * saved before there was a choice) and the threads it really trained on (one, for those older models), since
 * the same seed gives the same bits only on the same thread count ('auto' could pick another today).
 */
export function computedAs(manifest: ReturnType<typeof parseManifest>) {
  return { precision: manifest.precision ?? 'float64', threads: manifest.threads ?? 1 }
}

/** The model's training settings, pointed at its dataset in this library. */
export async function retrainingParams(
  q: Queryable,
  modelId: number,
  patch: { epochs?: number; name: string | ((name: string) => string) },
): Promise<TrainingParams> {
  const row = await getModelRow(q, modelId)
  const manifest = parseManifest(row)
  if ((manifest as { kind?: string }).kind === 'global') {
    throw new AppError(
      'invalid-request',
      `Model ${modelId} is a global model of several homes: re-run it (a new global model), or fine-tune it on one home; ` +
        'resuming a global model is not offered.',
    )
  }
  if (row.dataset_id === null) {
    throw new AppError(
      'invalid-input',
      `Model ${modelId}'s training data (household ${manifest.dataset.home}) is not in this library: ` +
        'import the same source files first (their SHA-256s are in the model manifest).',
    )
  }
  const name = typeof patch.name === 'function' ? patch.name(row.name) : patch.name
  const { resumeModelId: _ignored, ...saved } = manifest.params as TrainingParams & { resumeModelId?: number }
  const parsed = TrainingParams.safeParse({
    ...saved,
    ...(manifest.engine === 'scratch' && computedAs(manifest)),
    datasetId: row.dataset_id,
    name: name.slice(0, 200),
    ...(patch.epochs ? { epochs: patch.epochs } : {}),
  })
  if (!parsed.success)
    throw new AppError(
      'invalid-input',
      `Model ${modelId}'s saved settings are not valid any more: ${parsed.error.issues[0]?.message}.`,
    )
  return parsed.data
}

/** A global model's settings and homes, for a re-run; its homes must still be in this library. */
export async function globalRetrainingParams(
  q: Queryable,
  modelId: number,
  name: (name: string) => string,
): Promise<GlobalTrainingParams & { communityName?: string }> {
  const row = await getModelRow(q, modelId)
  const manifest = parseManifest(row) as ReturnType<typeof parseManifest> & {
    global?: { community: { communityId: number; name: string } | null }
  }
  const parsed = GlobalTrainingParams.safeParse({
    ...manifest.params,
    ...(manifest.engine === 'scratch' && computedAs(manifest)),
    name: name(row.name).slice(0, 200),
  })
  if (!parsed.success)
    throw new AppError(
      'invalid-input',
      `Model ${modelId}'s saved settings are not valid any more: ${parsed.error.issues[0]?.message}.`,
    )
  for (const datasetId of parsed.data.datasetIds) {
    const found = await q.get('SELECT id FROM datasets WHERE id = ?', [datasetId])
    if (!found)
      throw new AppError(
        'invalid-input',
        `Model ${modelId} was trained on dataset ${datasetId}, which is not in this library any more.`,
      )
  }
  const community = manifest.global?.community
  return { ...parsed.data, ...(community && { communityName: community.name }) }
}

/** True when the model was trained on several homes (a global model). */
export async function isGlobalModel(q: Queryable, modelId: number): Promise<boolean> {
  const manifest = parseManifest(await getModelRow(q, modelId)) as { kind?: string }
  return manifest.kind === 'global'
}
