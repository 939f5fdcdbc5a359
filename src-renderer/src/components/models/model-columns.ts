import type { ModelSummary } from '../../../../src-main/shared/model-schemas'
import { METRIC_HELP } from '../training/metric-help'

export interface ModelColumn {
  key: string
  label: string
  /** the header's tooltip: what the column holds */
  help?: string
  /** a hyper-parameter or a figure the table can hide (the chooser lists these) */
  optional?: boolean
  value: (m: ModelSummary) => string | number | null
}

/** The sortable columns of the Models table: label, and the value it sorts by. */
export const MODEL_COLUMNS: ModelColumn[] = [
  { key: 'name', label: 'Name', value: (m) => m.name.toLowerCase() },
  { key: 'home', label: 'Home', value: (m) => m.home },
  { key: 'resolution', label: 'Resolution', optional: true, value: (m) => m.intervalSeconds },
  {
    key: 'window',
    label: 'Window',
    help: 'Input steps → forecast steps per call (seqLen → predSize)',
    optional: true,
    value: (m) => m.seqLen * 10_000 + m.predSize,
  },
  {
    key: 'layers',
    label: 'Layers',
    help: 'Hidden units of each LSTM layer',
    optional: true,
    value: (m) => m.hiddenSizes.length * 1e6 + m.hiddenSizes.reduce((a, b) => a + b, 0),
  },
  { key: 'loss', label: 'Loss', help: 'Training loss function', optional: true, value: (m) => m.loss },
  { key: 'lr', label: 'LR', help: 'Learning rate', optional: true, value: (m) => m.learningRate },
  { key: 'batch', label: 'Batch', help: 'Batch size', optional: true, value: (m) => m.batchSize },
  { key: 'epochs', label: 'Epochs', help: METRIC_HELP.epochs, optional: true, value: (m) => m.epochs },
  { key: 'engine', label: 'Engine', optional: true, value: (m) => m.engineLabel },
  {
    key: 'skill',
    label: 'Skill',
    help: 'Skill = 1 − MAE(LSTM) / MAE(best naive baseline) on the test windows: above 0 the model beats every naive forecast.',
    value: (m) => m.skill,
  },
  { key: 'mae', label: 'MAE (W)', help: METRIC_HELP.mae, optional: true, value: (m) => m.mae },
  { key: 'rmse', label: 'RMSE (W)', help: METRIC_HELP.rmse, optional: true, value: (m) => m.rmse },
  {
    key: 'time',
    label: 'Training time',
    help: METRIC_HELP.time,
    optional: true,
    value: (m) => m.trainSeconds,
  },
  { key: 'date', label: 'Date', value: (m) => m.createdAt },
]

/** Shown until the user chooses: the hyper-parameters a comparison starts from, and the test figures. */
export const DEFAULT_COLUMNS = [
  'name',
  'home',
  'resolution',
  'window',
  'layers',
  'loss',
  'epochs',
  'engine',
  'skill',
  'mae',
  'date',
]

/** Sorts a copy; missing values always go last. */
export function sortModels(models: ModelSummary[], key: string, descending: boolean): ModelSummary[] {
  const column = MODEL_COLUMNS.find((c) => c.key === key) ?? MODEL_COLUMNS[MODEL_COLUMNS.length - 1]
  return [...models].sort((a, b) => {
    const x = column.value(a)
    const y = column.value(b)
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1
    const order = x < y ? -1 : x > y ? 1 : 0
    return descending ? -order : order
  })
}

export interface ModelFilter {
  home: string
  engine: string
  resolution: string
}

export function filterModels(models: ModelSummary[], f: ModelFilter): ModelSummary[] {
  return models.filter(
    (m) =>
      (!f.home || m.home === f.home) &&
      (!f.engine || m.engine === f.engine) &&
      (!f.resolution || m.resolution === f.resolution),
  )
}

const fixed = (v: number | null, digits: number) => (v === null ? '–' : v.toFixed(digits))

/** A cell of the Models table as text. */
export function cellText(m: ModelSummary, key: string): string {
  switch (key) {
    case 'name':
      return m.name
    case 'home':
      return m.home
    case 'resolution':
      return m.resolution
    case 'window':
      return `${m.seqLen}→${m.predSize}`
    case 'layers':
      return m.hiddenSizes.join('×')
    case 'loss':
      return m.loss ?? '–'
    case 'lr':
      return m.learningRate === null ? '–' : String(m.learningRate)
    case 'batch':
      return m.batchSize === null ? '–' : String(m.batchSize)
    case 'engine':
      return m.engineLabel
    case 'skill':
      return m.skill === null ? '–' : `${m.skill >= 0 ? '+' : ''}${m.skill.toFixed(3)}`
    case 'mae':
      return fixed(m.mae, 1)
    case 'rmse':
      return fixed(m.rmse, 1)
    case 'epochs':
      return String(m.epochs)
    case 'time':
      return m.trainSeconds === null
        ? '–'
        : m.trainSeconds < 90
          ? `${m.trainSeconds.toFixed(0)} s`
          : `${(m.trainSeconds / 60).toFixed(1)} min`
    default:
      return m.createdAt.slice(0, 16).replace('T', ' ')
  }
}
