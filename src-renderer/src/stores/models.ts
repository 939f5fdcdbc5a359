import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { BacktestListItem } from '../../../src-main/shared/backtest-schemas'
import type { DatasetListItem, SeriesWindow } from '../../../src-main/shared/contract'
import type {
  Comparison,
  ForecastRequest,
  ForecastResult,
  ForecastStarts,
  ModelSummary,
} from '../../../src-main/shared/model-schemas'
import { api, notConnected, unwrap } from '../api/bridge'
import type { FoldSkill } from '../components/models/backtest-compare'
import { DEFAULT_COLUMNS } from '../components/models/model-columns'
import { useJobsStore } from './jobs'

export type ModelsTab = 'library' | 'compare' | 'home' | 'forecast'
/** what the comparison opens on: the test-day figures, or the models' backtests */
export type CompareFocus = 'figures' | 'backtest'

/**
 * Each model's latest backtest with folds done and not running (the one `model:compare` reports),
 * from `backtest:list`'s answer, newest first.
 */
export function latestBacktests(list: BacktestListItem[]): BacktestListItem[] {
  const latest = new Map<number, BacktestListItem>()
  for (const b of list)
    if (b.modelId !== null && b.foldsDone > 0 && b.status !== 'running' && !latest.has(b.modelId))
      latest.set(b.modelId, b)
  return [...latest.values()]
}

/**
 * The model library: the table's rows, the selection for comparison, deletions that can be
 * undone during this session, transfers, re-runs, and the comparison and forecast results.
 */
export const useModelsStore = defineStore('models', () => {
  const jobs = useJobsStore()
  const models = ref<ModelSummary[]>([])
  const datasets = ref<DatasetListItem[]>([])
  const tab = ref<ModelsTab>('library')
  const selected = ref<number[]>([])
  /** the Models table's columns shown (the hyper-parameters and figures the user chose) */
  const columns = ref<string[]>([...DEFAULT_COLUMNS])
  /** deleted in this session, most recent last: "Undo" restores the last one */
  const deleted = ref<ModelSummary[]>([])
  const error = ref<string | null>(null)
  const notice = ref<string | null>(null)
  const comparison = ref<Comparison | null>(null)
  const compareFocus = ref<CompareFocus>('figures')
  /** the models with a stored backtest (their latest), to compare by backtest */
  const backtested = ref<BacktestListItem[]>([])
  /** the compared backtests' folds (numbers, test blocks, skills), by backtest id */
  const backtestFolds = ref<Record<number, FoldSkill[]>>({})
  const forecast = ref<ForecastResult | null>(null)
  /** where the chosen model may start a forecast on the chosen dataset, and that dataset's curve to click on */
  const starts = ref<ForecastStarts | null>(null)
  const startsOverview = ref<SeriesWindow | null>(null)
  let startsRequest = 0
  const busy = ref(false)

  const byId = computed(() => new Map(models.value.map((m) => [m.modelId, m])))

  /** Runs one call, turning a failure into the area's error message. */
  async function attempt<T>(work: () => Promise<T>): Promise<T | undefined> {
    error.value = null
    try {
      return await work()
    } catch (e) {
      error.value = (e as Error).message
      return undefined
    }
  }
  const bridge = () => api()

  async function load() {
    const b = bridge()
    if (!b) return
    await attempt(async () => {
      models.value = unwrap(await b.model.list({}))
      datasets.value = unwrap(await b.dataset.list({}))
      backtested.value = latestBacktests(unwrap(await b.backtest.list({})))
      selected.value = selected.value.filter((id) => byId.value.has(id))
    })
  }

  function toggle(modelId: number) {
    selected.value = selected.value.includes(modelId)
      ? selected.value.filter((id) => id !== modelId)
      : [...selected.value, modelId]
  }

  async function update(modelId: number, patch: { name?: string; notes?: string }) {
    const b = bridge()
    await attempt(async () => {
      const row = unwrap(b ? await b.model.update({ modelId, ...patch }) : notConnected)
      models.value = models.value.map((m) => (m.modelId === modelId ? row : m))
    })
  }

  async function remove(modelId: number) {
    const b = bridge()
    const row = byId.value.get(modelId)
    await attempt(async () => {
      unwrap(b ? await b.model.delete({ modelId }) : notConnected)
      if (row) deleted.value = [...deleted.value, row]
      notice.value = `Deleted "${row?.name ?? modelId}".`
      await load()
    })
  }

  async function undoDelete() {
    const b = bridge()
    const last = deleted.value.at(-1)
    if (!last) return
    await attempt(async () => {
      unwrap(b ? await b.model.restore({ modelId: last.modelId }) : notConnected)
      deleted.value = deleted.value.slice(0, -1)
      notice.value = `Restored "${last.name}".`
      await load()
    })
  }

  /** Starts a training run (re-run or resume) and reloads the list when it ends. */
  async function retrain(modelId: number, epochs?: number) {
    const b = bridge()
    await attempt(async () => {
      const started = unwrap(
        b
          ? epochs
            ? await b.model.resume({ modelId, epochs })
            : await b.model.rerun({ modelId })
          : notConnected,
      )
      notice.value = `Training run ${started.runId} started (${epochs ? `${epochs} more epochs` : 're-run'}); follow it in Training.`
      const final = await jobs.settled(started.job.jobId)
      notice.value =
        final.status === 'done'
          ? `Run ${started.runId} finished: a new model was saved.`
          : `Run ${started.runId} ${final.status}: ${final.message}`
      await load()
    })
  }

  /** Asks for a .vfmodel file and imports it. */
  async function importFile() {
    const b = bridge()
    await attempt(async () => {
      const { files } = unwrap(
        b
          ? await b.dialog.openFiles({
              title: 'Import a model',
              multiple: false,
              filters: [{ name: 'Voisin Forecast model', extensions: ['vfmodel'] }],
            })
          : notConnected,
      )
      if (files.length === 0) return
      const imported = unwrap(b ? await b.model.import({ file: files[0].token }) : notConnected)
      notice.value = `Imported model ${imported.modelId} (${imported.name}).`
      await load()
    })
  }

  /** Asks where to save the model (the save dialog) and has the main process write its .vfmodel file there. */
  async function exportFile(modelId: number) {
    const b = bridge()
    const name = byId.value.get(modelId)?.name ?? `model-${modelId}`
    await attempt(async () => {
      const { file } = unwrap(
        b
          ? await b.dialog.saveFile({
              title: 'Export a model',
              defaultName: `${name.replace(/[\\/:*?"<>|]+/g, '_')}.vfmodel`,
              filters: [{ name: 'Voisin Forecast model', extensions: ['vfmodel'] }],
            })
          : notConnected,
      )
      if (!file) return
      const written = unwrap(b ? await b.model.export({ modelId, file: file.token }) : notConnected)
      notice.value = `Exported "${name}" to ${file.name} (${written.bytes.toLocaleString('en')} bytes).`
    })
  }

  /** Compares models side by side; `focus` says which part the view opens on. */
  async function compare(modelIds: number[] = selected.value, focus: CompareFocus = 'figures') {
    const b = bridge()
    busy.value = true
    await attempt(async () => {
      const found = unwrap(b ? await b.model.compare({ modelIds: [...modelIds] }) : notConnected)
      // each backtest's folds: their numbers and test blocks (a cancelled one may lack some in between)
      const folds: Record<number, FoldSkill[]> = {}
      for (const m of found.models)
        if (m.backtest && b)
          folds[m.backtest.backtestId] = unwrap(
            await b.backtest.get({ backtestId: m.backtest.backtestId }),
          ).folds
      backtestFolds.value = folds
      comparison.value = found
      compareFocus.value = focus
      tab.value = 'compare'
    })
    busy.value = false
  }

  /**
   * Loads the valid starts of a model on a dataset (the panel's picker and default) and the
   * dataset's curve; an answer that comes back after another choice is dropped.
   */
  async function loadStarts(request: {
    modelId: number
    datasetId: number
    horizon: number
    column: string
  }) {
    const b = bridge()
    const mine = ++startsRequest
    starts.value = null
    startsOverview.value = null
    await attempt(async () => {
      const { modelId, datasetId, horizon } = request
      const found = unwrap(b ? await b.model.forecastStarts({ modelId, datasetId, horizon }) : notConnected)
      const curve = unwrap(
        b ? await b.dataset.series({ datasetId, column: request.column, points: 800 }) : notConnected,
      )
      if (mine !== startsRequest) return
      starts.value = found
      startsOverview.value = curve
    })
  }

  async function runForecast(request: ForecastRequest) {
    const b = bridge()
    busy.value = true
    forecast.value = null
    await attempt(async () => {
      forecast.value = unwrap(b ? await b.model.forecast({ ...request }) : notConnected)
    })
    busy.value = false
  }

  return {
    models,
    datasets,
    tab,
    selected,
    columns,
    deleted,
    error,
    notice,
    comparison,
    compareFocus,
    backtested,
    backtestFolds,
    forecast,
    starts,
    startsOverview,
    busy,
    byId,
    load,
    toggle,
    update,
    remove,
    undoDelete,
    retrain,
    importFile,
    exportFile,
    compare,
    loadStarts,
    runForecast,
  }
})
