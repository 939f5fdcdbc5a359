/**
 * "Re-run" (a new training with the same settings) and "resume" (more epochs from the saved
 * weights) start an ordinary training run, so progress, cancel and the verdict work as in the
 * Training area. Both need the model's training dataset in this library.
 */
import type { Queryable } from '../db/library'
import { AppError } from '../shared/result'
import { TrainingParams } from '../shared/training-params'
import { getModelRow, parseManifest } from './model-store'

/** The model's training settings, pointed at its dataset in this library. */
export async function retrainingParams(
  q: Queryable,
  modelId: number,
  patch: { epochs?: number; name: string | ((name: string) => string) },
): Promise<TrainingParams> {
  const row = await getModelRow(q, modelId)
  const manifest = parseManifest(row)
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
