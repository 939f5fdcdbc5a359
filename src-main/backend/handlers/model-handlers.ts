import { compareModels } from '../../models/compare'
import { evaluateSavedModel } from '../../models/evaluate-model'
import { forecastWithModel } from '../../models/forecast'
import { forecastStarts } from '../../models/forecast-starts'
import { deleteModel, listModels, restoreModel, updateModel } from '../../models/model-store'
import { exportModel, importModel, modelDescription } from '../../models/model-transfer'
import { globalRetrainingParams, isGlobalModel, retrainingParams } from '../../models/retrain'
import { TrainingService } from '../../training/training-service'
import type { GlobalTrainingParams } from '../../shared/training-params'
import type { BackendContext, Handlers } from '../context'

type ModelChannels =
  | 'model:list'
  | 'model:get'
  | 'model:update'
  | 'model:delete'
  | 'model:restore'
  | 'model:export'
  | 'model:import'
  | 'model:forecast'
  | 'model:forecastStarts'
  | 'model:compare'
  | 'model:rerun'
  | 'model:resume'
  | 'model:evaluate'

/**
 * The model library: every call reads or writes the library directly (a forecast is bounded in size).
 * Transfers name their file by a grant token (a dialog's answer, or a path the CLI granted).
 */
export function modelHandlers(context: BackendContext): Pick<Handlers, ModelChannels> {
  const { library } = context
  const training = new TrainingService(context)
  const globalRerun = ({
    datasetIds,
    communityId,
    communityName,
    ...params
  }: GlobalTrainingParams & { communityName?: string }) =>
    training.startGlobal(
      params,
      datasetIds,
      communityId && communityName ? { communityId, name: communityName } : undefined,
    )
  return {
    'model:list': () => listModels(library),
    'model:get': ({ modelId }) => modelDescription(library, modelId),
    'model:update': (request) => updateModel(library, request),
    'model:delete': ({ modelId }) => deleteModel(library, modelId),
    'model:restore': ({ modelId }) => restoreModel(library, modelId),
    'model:export': ({ modelId, file }) =>
      exportModel(library, modelId, context.files.takeOne(file, 'write')),
    'model:import': ({ file }) => importModel(library, context.files.takeOne(file, 'read')),
    'model:forecast': (request) => forecastWithModel(library, request),
    'model:forecastStarts': (request) => forecastStarts(library, request),
    'model:evaluate': (request) => evaluateSavedModel(library, request),
    'model:compare': ({ modelIds }) => compareModels(library, modelIds),
    'model:rerun': async ({ modelId }) =>
      (await isGlobalModel(library, modelId))
        ? globalRerun(await globalRetrainingParams(library, modelId, (name) => `${name} (re-run)`))
        : training.start(await retrainingParams(library, modelId, { name: (name) => `${name} (re-run)` })),
    'model:resume': async ({ modelId, epochs }) =>
      training.start(
        await retrainingParams(library, modelId, { epochs, name: (name) => `${name} (+${epochs} epochs)` }),
        { resumeModelId: modelId },
      ),
  }
}
