import type { Backend } from '../../backend/create-backend'
import { AppError } from '../../shared/result'
import { presetById, TRAINING_PRESETS } from '../../shared/training-presets'
import { TrainingParams, type TrainingRequest } from '../../shared/training-params'
import type { TrainingOutcome } from '../../shared/training-outcome'
import { UsageError, type Command, type CommandInput } from '../command'
import { trainCommunity } from './train-community'
import { printable } from '../printable'
import { followJob } from '../run-job'
import { formatBytes, formatDuration } from '../../shared/human-units'
import { formatVerdict, outcomeJson } from '../verdict'

const RESAMPLE_NAMES: Record<string, TrainingRequest['resolution']> = {
  raw: 'raw',
  '1min': '1min',
  '15min': '15min',
  '1h': '1h',
  '60min': '1h',
}

function number(values: CommandInput['values'], name: string): number | undefined {
  const raw = values[name]
  if (raw === undefined) return undefined
  const value = Number(raw)
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value)) {
    throw new UsageError(`--${name} must be a number, got "${String(raw)}"`)
  }
  return value
}

/** The flag that sets each request field, to name it in a range error. */
const FLAG_OF: Partial<Record<keyof TrainingRequest, string>> = {
  datasetId: 'dataset',
  column: 'column',
  minCompleteness: 'min-completeness',
  seqLen: 'seq',
  predSize: 'pred',
  stride: 'stride',
  epochs: 'epochs',
  batchSize: 'batch',
  learningRate: 'lr',
  optimizer: 'optimizer',
  loss: 'loss',
  scaling: 'scaling',
  level: 'level',
  engine: 'engine',
  patience: 'patience',
  lrDecay: 'lr-decay',
  dropout: 'dropout',
  clipNorm: 'clip-norm',
  weightDecay: 'weight-decay',
  momentum: 'momentum',
  head: 'head',
  seed: 'seed',
  horizon: 'horizon',
  name: 'name',
}

/** The request checked against the contract's schema, a refusal naming the flag and the value given. */
function checkedRequest(request: TrainingRequest, values: CommandInput['values']): TrainingRequest {
  const parsed = TrainingParams.safeParse(request)
  if (parsed.success) return request
  const issue = parsed.error.issues[0]
  const field = String(issue.path[0] ?? '')
  const flag =
    field === 'hiddenSizes'
      ? issue.path.length > 1 || values.layers === undefined
        ? 'hidden'
        : 'layers'
      : (FLAG_OF[field as keyof TrainingRequest] ?? field)
  const given = values[flag]
  const origin = given === undefined ? 'from the preset' : `got ${JSON.stringify(given)}`
  throw new UsageError(`--${flag}: ${issue.message} (${origin})`)
}

/** The preset's parameters (default "next-hour"). */
export function presetParams(values: CommandInput['values']): Omit<TrainingRequest, 'datasetId'> {
  const presetId = (values.preset as string | undefined) ?? 'next-hour'
  const preset = presetById(presetId)
  if (!preset)
    throw new UsageError(`unknown preset "${presetId}" (${TRAINING_PRESETS.map((p) => p.id).join(', ')})`)
  return preset.params
}

/**
 * Builds the training request from the command line: a preset (default "next-hour"), or `base` (the
 * settings of the model a fine-tuning starts from), then the flags.
 */
export function trainingRequestFromArgs(
  values: CommandInput['values'],
  base: Omit<TrainingRequest, 'datasetId'> = presetParams(values),
): TrainingRequest {
  const datasetId = number(values, 'dataset')
  if (datasetId === undefined)
    throw new UsageError(
      'train needs --dataset <id> (see `datasets`) or --community <id> (see `communities`)',
    )
  const request: TrainingRequest = { ...base, datasetId }
  const set = <K extends keyof TrainingRequest>(key: K, value: TrainingRequest[K] | undefined) => {
    if (value !== undefined) request[key] = value
  }
  set('column', values.column as TrainingRequest['column'])
  if (values.resample !== undefined) {
    const resolution = RESAMPLE_NAMES[String(values.resample)]
    if (!resolution)
      throw new UsageError(`--resample must be raw, 1min, 15min or 1h, got "${String(values.resample)}"`)
    request.resolution = resolution
  }
  set('minCompleteness', number(values, 'min-completeness'))
  set('seqLen', number(values, 'seq'))
  set('predSize', number(values, 'pred'))
  set('stride', number(values, 'stride'))
  const layers = number(values, 'layers')
  const hidden = number(values, 'hidden')
  if (layers !== undefined || hidden !== undefined) {
    const current = request.hiddenSizes ?? [32]
    request.hiddenSizes = Array.from({ length: layers ?? current.length }, () => hidden ?? current[0])
  }
  set('epochs', number(values, 'epochs'))
  set('batchSize', number(values, 'batch'))
  set('learningRate', number(values, 'lr'))
  set('optimizer', values.optimizer as TrainingRequest['optimizer'])
  set('loss', values.loss as TrainingRequest['loss'])
  set('scaling', values.scaling as TrainingRequest['scaling'])
  set('level', values.level as TrainingRequest['level'])
  if (values.calendar) request.calendar = true
  if (values['no-calendar']) request.calendar = false
  if (values['no-early-stopping']) request.earlyStopping = false
  set('engine', values.engine as TrainingRequest['engine'])
  set('precision', values.precision as TrainingRequest['precision'])
  if (values.threads !== undefined)
    request.threads = values.threads === 'auto' ? 'auto' : number(values, 'threads')
  set('patience', number(values, 'patience'))
  set('lrDecay', number(values, 'lr-decay'))
  set('dropout', number(values, 'dropout'))
  set('clipNorm', number(values, 'clip-norm'))
  set('weightDecay', number(values, 'weight-decay'))
  set('momentum', number(values, 'momentum'))
  set('head', values.head as TrainingRequest['head'])
  if (values.online) request.online = true
  set('seed', number(values, 'seed'))
  set('horizon', number(values, 'horizon'))
  set('name', values.name as string | undefined)
  return checkedRequest(request, values)
}

/**
 * Checks the request as the Training form does before anything starts: prints the estimate (with
 * a progress bar) and every warning on stderr, and refuses a run that cannot start.
 */
async function checkBeforeStart(backend: Backend, request: TrainingRequest, input: CommandInput) {
  const result = await backend.call('training:check', request)
  if (!result.ok) throw new AppError(result.error.code, result.error.message)
  const check = result.data
  if (input.progress === 'bar' && check.ok) {
    input.io.err(
      `Estimated: about ${formatBytes(check.estimate.memoryBytes)} of memory, ${formatDuration(check.estimate.secondsPerEpoch)} ` +
        `per epoch (${check.windows?.train ?? 0} training windows, ${check.estimate.parameters.toLocaleString('en')} parameters).\n`,
    )
  }
  for (const warning of check.warnings) input.io.err(`warning: ${printable(warning)}\n`)
  if (!check.ok) throw new AppError('invalid-input', check.message)
}

/**
 * The settings of the model a fine-tuning starts from (its architecture must be kept), unless a
 * preset was named on the command line.
 */
async function fineTuningBase(
  backend: Backend,
  modelId: number,
  values: CommandInput['values'],
): Promise<Omit<TrainingRequest, 'datasetId'>> {
  if (values.preset !== undefined) return presetParams(values)
  const described = await backend.call('model:get', { modelId })
  if (!described.ok) throw new AppError(described.error.code, described.error.message)
  const saved = described.data.params as Omit<TrainingRequest, 'datasetId'> & {
    datasetId?: number
    datasetIds?: number[]
    communityId?: number
  }
  const { datasetId: _d, datasetIds: _ds, communityId: _c, name: _n, initFrom: _i, ...params } = saved
  return params
}

/** Runs one training through the contract, following its progress; returns the verdict. */
export async function trainAndWait(
  backend: Backend,
  request: TrainingRequest,
  input: CommandInput,
): Promise<TrainingOutcome> {
  await checkBeforeStart(backend, request, input)
  return followTraining(backend, 'training:start', request, input)
}

/** Starts a training (one home or a global model) and follows its progress to the verdict. */
export async function followTraining(
  backend: Backend,
  channel: 'training:start' | 'training:startGlobal',
  request: unknown,
  input: CommandInput,
): Promise<TrainingOutcome> {
  const final = await followJob(
    backend,
    async () => {
      const started = await backend.call(channel, request)
      return started.ok ? { ok: true, data: started.data.job } : started
    },
    input,
  )
  if (final.status === 'cancelled' && !final.result)
    throw new AppError('cancelled', 'Cancelled before the first epoch ended.')
  return final.result as TrainingOutcome
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'Train an LSTM on a dataset and judge it on the test days against naive baselines',
  usage: `train --dataset <id> [--preset ${TRAINING_PRESETS.map((p) => p.id).join('|')}] [--column p_cons|p_prod|p_tot]
    [--resample raw|1min|15min|1h] [--min-completeness 0.9] [--seq 48] [--pred 4] [--stride 1]
    [--layers 1] [--hidden 32] [--epochs 40] [--batch 64] [--lr 0.003] [--optimizer adam|sgd]
    [--loss mse|mae|huber] [--scaling minmax|standard|robust] [--level none|last|mean]
    [--calendar | --no-calendar] [--no-early-stopping] [--patience 5] [--engine scratch|tfjs]
    [--precision float32|float64] [--threads auto|N]
    [--lr-decay 1] [--dropout 0] [--clip-norm 1] [--weight-decay 0] [--momentum 0.9] [--head dense|none]
    [--online] [--seed 1] [--horizon 96] [--name TEXT] [--init-from <modelId>] [--json] [--progress bar|json|none]
       train --community <id> [--homes ID|HOME,…] [--target homes|total] [the same flags]
  Defaults come from the preset (default: next-hour); flags override them.
  --init-from fine-tunes a saved model (same architecture; its settings are the defaults).
  --community trains one global model on the member homes (--target homes, the default), each home
  scaled with its own training days and every home split by the same dates; it is judged on each home
  and on the community total (the sum of the per-home forecasts). --target total trains on the total.
  --json adds "homes":[{"home","datasetId","test"}], "wins" and "total":{"model","persistence",
  "sameTimeYesterday","sameTimeLastWeek","skill","bias",…}; with --init-from, "initFrom".`,
  maxPositionals: 0,
  options: {
    dataset: { type: 'string' },
    preset: { type: 'string' },
    column: { type: 'string' },
    resample: { type: 'string' },
    'min-completeness': { type: 'string' },
    seq: { type: 'string' },
    pred: { type: 'string' },
    stride: { type: 'string' },
    layers: { type: 'string' },
    hidden: { type: 'string' },
    epochs: { type: 'string' },
    batch: { type: 'string' },
    lr: { type: 'string' },
    optimizer: { type: 'string' },
    loss: { type: 'string' },
    scaling: { type: 'string' },
    level: { type: 'string' },
    calendar: { type: 'boolean' },
    'no-calendar': { type: 'boolean' },
    'no-early-stopping': { type: 'boolean' },
    patience: { type: 'string' },
    'lr-decay': { type: 'string' },
    dropout: { type: 'string' },
    'clip-norm': { type: 'string' },
    'weight-decay': { type: 'string' },
    momentum: { type: 'string' },
    head: { type: 'string' },
    online: { type: 'boolean' },
    engine: { type: 'string' },
    precision: { type: 'string' },
    threads: { type: 'string' },
    seed: { type: 'string' },
    horizon: { type: 'string' },
    name: { type: 'string' },
    community: { type: 'string' },
    homes: { type: 'string' },
    target: { type: 'string' },
    'init-from': { type: 'string' },
  },
  async run(input) {
    if (input.values.community !== undefined) return trainCommunity(input)
    // the command line is checked before the library is opened: a usage error touches nothing
    const initFrom = number(input.values, 'init-from')
    const request = trainingRequestFromArgs(input.values)
    const backend = await input.backend()
    const outcome = await trainAndWait(
      backend,
      initFrom === undefined
        ? request
        : {
            ...trainingRequestFromArgs(input.values, await fineTuningBase(backend, initFrom, input.values)),
            initFrom,
          },
      input,
    )
    if (input.json) input.io.out(JSON.stringify(outcomeJson(outcome)) + '\n')
    else input.io.out(formatVerdict(outcome))
  },
}
