import { TRAINING_DEFAULTS } from '../../../../src-main/shared/training-defaults'

/** One row of a model's hyper-parameter table: the setting in words, its value as text, and whether it is the default. */
export interface ParameterRow {
  key: string
  label: string
  value: string
  isDefault: boolean
}

/** The training request's fields in words, in the order the table shows them (others follow, by key). */
const LABELS: [string, string][] = [
  ['name', 'Name given'],
  ['datasetId', 'Dataset'],
  ['datasetIds', 'Datasets (homes)'],
  ['communityId', 'Community'],
  ['initFrom', 'Fine-tuned from model'],
  ['engine', 'Engine'],
  ['column', 'Power column'],
  ['resolution', 'Resolution'],
  ['minCompleteness', 'Min. day completeness'],
  ['zeroRowsAsMissing', 'All-zero rows as missing'],
  ['seqLen', 'Input window (seqLen, steps)'],
  ['predSize', 'Steps per forecast (predSize)'],
  ['stride', 'Stride between windows'],
  ['hiddenSizes', 'LSTM layers (hidden sizes)'],
  ['head', 'Output head'],
  ['dropout', 'Dropout'],
  ['epochs', 'Max. epochs'],
  ['batchSize', 'Batch size'],
  ['optimizer', 'Optimizer'],
  ['learningRate', 'Learning rate'],
  ['momentum', 'Momentum (SGD)'],
  ['lrDecay', 'Learning-rate decay per epoch'],
  ['clipNorm', 'Gradient clipping (norm, 0 = off)'],
  ['weightDecay', 'Weight decay'],
  ['loss', 'Loss'],
  ['scaling', 'Scaling'],
  ['level', 'Level normalisation'],
  ['calendar', 'Calendar features'],
  ['earlyStopping', 'Early stopping'],
  ['patience', 'Patience (epochs)'],
  ['online', 'Online (one update per step)'],
  ['split', 'Split train / validation / test'],
  ['horizon', 'Long-horizon test (steps, 0 = off)'],
  ['seed', 'Seed'],
]

function text(key: string, value: unknown): string {
  if (value === undefined || value === null) return '–'
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  if (key === 'hiddenSizes' && Array.isArray(value)) return `${value.join(' × ')} (${value.length} layer(s))`
  if (key === 'split' && typeof value === 'object') {
    const s = value as { train: number; validation: number; test: number }
    return `${s.train} / ${s.validation} / ${s.test}`
  }
  if (Array.isArray(value)) return value.join(', ')
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/**
 * Every field of a model's training request as rows, labelled, with the defaults marked (the
 * request as the app filled it in, so nothing is guessed); fields this app does not know follow by key.
 */
export function parameterRows(params: Record<string, unknown>): ParameterRow[] {
  const defaults = TRAINING_DEFAULTS as Record<string, unknown>
  const known = new Set(LABELS.map(([key]) => key))
  const keys = [
    ...LABELS.map(([key]) => key).filter((key) => key in params),
    ...Object.keys(params)
      .filter((key) => !known.has(key))
      .sort(),
  ]
  const labels = new Map(LABELS)
  return keys.map((key) => ({
    key,
    label: labels.get(key) ?? key,
    value: text(key, params[key]),
    isDefault: key in defaults && JSON.stringify(defaults[key]) === JSON.stringify(params[key]),
  }))
}
