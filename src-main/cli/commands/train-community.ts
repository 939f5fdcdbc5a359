/**
 * `train --community <id>`: one global model on the member homes (`--target homes`, the default), or a
 * model of the community total (`--target total`). Both print today's verdict with, for the homes, each
 * home's verdict and the wins, and for either target the verdict on the community total.
 */
import type { GlobalTrainingRequest, TrainingRequest } from '../../shared/training-params'
import { UsageError, type CommandInput } from '../command'
import { formatVerdict, outcomeJson, scoredJson } from '../verdict'
import { datasetIdsFrom } from './community'
import { callOrThrow, idArgument } from './model-call'
import { followTraining, presetParams, trainAndWait, trainingRequestFromArgs } from './train'

export async function trainCommunity(input: CommandInput): Promise<void> {
  const { values } = input
  if (values.dataset !== undefined) throw new UsageError('train takes --dataset or --community, not both')
  if (values['init-from'] !== undefined)
    throw new UsageError('--init-from fine-tunes on one home: use it with --dataset')
  const communityId = idArgument(String(values.community), 'train --community <id>')
  const target = String(values.target ?? 'homes')
  if (target !== 'homes' && target !== 'total') throw new UsageError('--target must be homes or total')
  // the flags as for one home (checked before the library is opened), on a placeholder dataset
  const { datasetId: _placeholder, ...params } = trainingRequestFromArgs(
    { ...values, dataset: '1' },
    presetParams(values),
  )
  const backend = await input.backend()
  const community = await callOrThrow(backend, 'community:get', { communityId })
  const homes =
    values.homes === undefined ? undefined : await datasetIdsFrom(backend, String(values.homes), '--homes')
  const outside = homes?.filter((id) => !community.homes.some((h) => h.datasetId === id)) ?? []
  if (outside.length > 0)
    throw new UsageError(
      `--homes: dataset ${outside.join(', ')} is not a member of community ${community.name}`,
    )

  if (target === 'total') {
    const built = await callOrThrow(backend, 'community:buildTotal', { communityId, ...(homes && { homes }) })
    const request: TrainingRequest = { ...params, datasetId: built.datasetId }
    const outcome = await trainAndWait(backend, request, input)
    const total = {
      ...scoredJson(outcome.test),
      bias: outcome.test.model.bias ?? null,
      homes: built.members.map((m) => ({
        datasetId: m.datasetId,
        home: m.home,
        included: m.included,
        signFlipped: m.signFlip !== null,
        reason: m.reason,
      })),
    }
    if (input.json)
      input.io.out(JSON.stringify({ ...outcomeJson(outcome), target, communityId, total }) + '\n')
    else input.io.out(formatVerdict(outcome))
    return
  }

  const datasetIds = homes ?? community.homes.map((h) => h.datasetId)
  const request: GlobalTrainingRequest = { ...params, datasetIds, communityId }
  const outcome = await followTraining(backend, 'training:startGlobal', request, input)
  if (input.json) input.io.out(JSON.stringify({ ...outcomeJson(outcome), target }) + '\n')
  else input.io.out(formatVerdict(outcome))
}
