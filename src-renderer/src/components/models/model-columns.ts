import type { ModelSummary } from '../../../../src-main/shared/model-schemas'
import { metricHelp } from '../metric-help'

/** The sortable columns of the Models table: label, the value it sorts by, and what it means. */
export const MODEL_COLUMNS: {
  key: string
  label: string
  value: (m: ModelSummary) => string | number | null
  help?: string
}[] = [
  { key: 'name', label: 'Name', value: (m) => m.name.toLowerCase() },
  { key: 'home', label: 'Home', value: (m) => m.home },
  { key: 'resolution', label: 'Resolution', value: (m) => m.intervalSeconds },
  { key: 'window', label: 'Window', value: (m) => m.seqLen * 10_000 + m.predSize },
  { key: 'engine', label: 'Engine', value: (m) => m.engineLabel },
  { key: 'skill', label: 'Skill', value: (m) => m.skill, help: metricHelp.skill },
  { key: 'mae', label: 'MAE (W)', value: (m) => m.mae, help: metricHelp.mae },
  { key: 'rmse', label: 'RMSE (W)', value: (m) => m.rmse, help: metricHelp.rmse },
  { key: 'epochs', label: 'Epochs', value: (m) => m.epochs, help: metricHelp.epochs },
  { key: 'time', label: 'Training time', value: (m) => m.trainSeconds },
  { key: 'date', label: 'Date', value: (m) => m.createdAt },
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
