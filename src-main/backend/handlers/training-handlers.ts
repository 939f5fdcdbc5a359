import { TrainingService } from '../../training/training-service'
import type { BackendContext, Handlers } from '../context'

export function trainingHandlers(
  context: BackendContext,
): Pick<Handlers, 'training:check' | 'training:start' | 'training:runs' | 'training:run'> {
  const training = new TrainingService(context)
  return {
    'training:check': (params) => training.check(params),
    'training:start': (params) => training.start(params),
    'training:runs': ({ datasetId }) => training.list(datasetId),
    'training:run': ({ runId }) => training.get(runId),
  }
}
