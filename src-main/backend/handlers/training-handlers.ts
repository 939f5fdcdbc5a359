import { getCommunity } from '../../community/community-store'
import { TrainingService } from '../../training/training-service'
import type { BackendContext, Handlers } from '../context'

export function trainingHandlers(
  context: BackendContext,
): Pick<
  Handlers,
  'training:check' | 'training:start' | 'training:startGlobal' | 'training:runs' | 'training:run'
> {
  const training = new TrainingService(context)
  return {
    'training:check': (params) => training.check(params),
    'training:start': (params) => training.start(params),
    'training:startGlobal': async ({ datasetIds, communityId, ...params }) => {
      const community = communityId
        ? await getCommunity(context.library, communityId).then((c) => ({ communityId, name: c.name }))
        : undefined
      return training.startGlobal(params, datasetIds, community)
    },
    'training:runs': ({ datasetId }) => training.list(datasetId),
    'training:run': ({ runId }) => training.get(runId),
  }
}
