import type { Backend } from '../../backend/create-backend'
import { AppError } from '../../shared/result'
import { presetById, TRAINING_PRESETS } from '../../shared/training-presets'
import type { TrainingRequest } from '../../shared/training-params'
import type { TrainingOutcome } from '../../shared/training-outcome'
import { UsageError, type Command, type CommandInput } from '../command'
import { followJob } from '../run-job'
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

/** Builds the training request from the command line: a preset (default "next-hour"), then the flags. */
export function trainingRequestFromArgs(values: CommandInput['values']): TrainingRequest {
  const presetId = (values.preset as string | undefined) ?? 'next-hour'
  const preset = presetById(presetId)
  if (!preset)
    throw new UsageError(`unknown preset "${presetId}" (${TRAINING_PRESETS.map((p) => p.id).join(', ')})`)
  const datasetId = number(values, 'dataset')
  if (datasetId === undefined) throw new UsageError('train needs --dataset <id> (see `datasets`)')
  const request: TrainingRequest = { ...preset.params, datasetId }
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
  return request
}

/** Runs one training through the contract, following its progress; returns the verdict. */
export async function trainAndWait(
  backend: Backend,
  request: TrainingRequest,
  input: CommandInput,
): Promise<TrainingOutcome> {
  const final = await followJob(
    backend,
    async () => {
      const started = await backend.call('training:start', request)
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
    [--online] [--seed 1] [--horizon 96] [--name TEXT] [--json] [--progress bar|json|none]
  Defaults come from the preset (default: next-hour); flags override them.`,
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
  },
  async run(input) {
    const outcome = await trainAndWait(await input.backend(), trainingRequestFromArgs(input.values), input)
    if (input.json) input.io.out(JSON.stringify(outcomeJson(outcome)) + '\n')
    else input.io.out(formatVerdict(outcome))
  },
}
