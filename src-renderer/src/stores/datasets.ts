import { DateTime } from 'luxon'
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type {
  CleaningRecipe,
  DailyProfile,
  DatasetDetail,
  DatasetListItem,
  Distribution,
  FileGrant,
  ImportedDataset,
  ImportResult,
  JobInfo,
  NaiveMode,
  SeriesView,
  SeriesWindow,
} from '../../../src-main/shared/contract'
import { api, notConnected, unwrap } from '../api/bridge'
import { useJobsStore } from './jobs'

/**
 * "Already in the library, nothing was added: dataset 3 “a.csv” (CDB001)": the datasets an import
 * gave back instead of adding them again (same files, by SHA-256), or null when it added them all.
 */
export function alreadyImportedNotice(imported: ImportedDataset[], list: DatasetListItem[]): string | null {
  const already = imported.filter((d) => d.alreadyImported)
  if (already.length === 0) return null
  const named = already.map((d) => {
    const name = list.find((item) => item.datasetId === d.datasetId)?.name
    return `dataset ${d.datasetId}${name ? ` “${name}”` : ''} (${d.home})`
  })
  const rest = already.length < imported.length ? '; the other households were imported' : ''
  return `Already in the library, nothing was added: ${named.join(', ')}${rest}.`
}

/** What a folder import read and what it left out (shown until the next import). */
export type ImportSummary = Required<Pick<ImportResult, 'summary' | 'refused'>>

/** The summary worth showing: a folder's or several files' (a single file's import speaks for itself). */
export function importSummaryOf(result: ImportResult | undefined): ImportSummary | null {
  if (!result?.summary) return null
  const refused = result.refused ?? []
  return result.summary.files > 1 || refused.length > 0 ? { summary: result.summary, refused } : null
}

/** A local day of a dataset as UTC epoch ms [fromMs, toMs) (23 or 25 h on a clock change). */
export function localDayRange(day: string, zone: string): { fromMs: number; toMs: number } {
  const start = DateTime.fromISO(day, { zone })
  return { fromMs: start.toMillis(), toMs: start.plus({ days: 1 }).toMillis() }
}

/** Points per chart request: about one per horizontal pixel of the chart. */
const CHART_POINTS = 1200

/**
 * Datasets: importing exports (dialog, drag and drop, bundled sample), the library's list, and
 * the selected dataset's inspection (calendar, chart windows, profile, distribution, cleaning).
 */
export const useDatasetsStore = defineStore('datasets', () => {
  const jobs = useJobsStore()
  const list = ref<DatasetListItem[]>([])
  const loaded = ref(false)
  const selectedId = ref<number | null>(null)
  const detail = ref<DatasetDetail | null>(null)
  const error = ref<string | null>(null)
  /** what the last import found already in the library (nothing was added for those files) */
  const notice = ref<string | null>(null)
  const importSummary = ref<ImportSummary | null>(null)
  /** the notice names a day opened from a community's heat map: it goes when another dataset is selected */
  let dayNotice = false
  const importJobId = ref<string | null>(null)
  /** the recipe being edited; previewed live, saved on request */
  const recipe = ref<CleaningRecipe | null>(null)
  const preview = ref<{
    keptDays: string[]
    removedDays: string[]
    removalReasons: Record<string, 'incomplete' | 'zero-dominated'>
  } | null>(null)
  const column = ref('p_cons')
  /** the chart shows the cleaned series (what the recipe keeps) or the import as read */
  const view = ref<SeriesView>('cleaned')
  const window = ref<SeriesWindow | null>(null)
  /** how the next import reads timestamps without a zone, and the zone of its local days */
  const naive = ref<NaiveMode>('auto')
  const zone = ref('Europe/Brussels')
  /** the last change that can be undone (a dataset delete, a saved recipe), until the next one */
  const undo = ref<{ message: string; run: () => Promise<void> } | null>(null)
  /** the "Export data" dialog is open (from its button or the application menu) */
  const exportDialogOpen = ref(false)
  const profile = ref<DailyProfile | null>(null)
  const distribution = ref<Distribution | null>(null)

  const importJob = computed<JobInfo | null>(() =>
    importJobId.value ? (jobs.jobs[importJobId.value] ?? null) : null,
  )
  const importing = computed(() => importJob.value !== null && importJob.value.endedAt === null)
  const removedDays = computed(() => new Set(preview.value?.removedDays ?? detail.value?.removedDays ?? []))
  const removalReasons = computed(() => preview.value?.removalReasons ?? detail.value?.removalReasons ?? {})
  const recipeChanged = computed(
    () =>
      detail.value !== null &&
      recipe.value !== null &&
      JSON.stringify(recipe.value) !== JSON.stringify(detail.value.recipe),
  )

  function bridge() {
    const b = api()
    return b ?? unwrap(notConnected)
  }

  async function guarded<T>(work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work()
    } catch (e) {
      error.value = (e as Error).message
      return undefined
    }
  }

  let unsubscribe: (() => void) | undefined

  async function load() {
    // datasets that arrive from elsewhere (the CLI on the same library, another window) are listed at once
    unsubscribe ??= api()?.on.dataset?.changed(() => void refreshList())
    await guarded(async () => {
      list.value = unwrap(await bridge().dataset.list({}))
      loaded.value = true
      if (selectedId.value === null && list.value.length > 0)
        await select(list.value[list.value.length - 1].datasetId)
    })
  }

  /** Lists the library again; a selected dataset that is gone is let go of. */
  async function refreshList() {
    await guarded(async () => {
      list.value = unwrap(await bridge().dataset.list({}))
      if (selectedId.value !== null && !list.value.some((d) => d.datasetId === selectedId.value)) {
        selectedId.value = null
        detail.value = null
        window.value = null
      }
      if (selectedId.value === null && list.value.length > 0)
        await select(list.value[list.value.length - 1].datasetId)
    })
  }

  /** Selects a dataset; the chart shows one local `day` when given, else the whole range. */
  async function select(datasetId: number, day?: string) {
    if (dayNotice) notice.value = null
    dayNotice = false
    selectedId.value = datasetId
    await guarded(async () => {
      const fetched = unwrap(await bridge().dataset.get({ datasetId }))
      if (selectedId.value !== datasetId) return
      detail.value = fetched
      recipe.value = { ...fetched.recipe }
      preview.value = null
      column.value = 'p_cons'
      window.value = null
      const range = day === undefined ? undefined : localDayRange(day, fetched.zone)
      await Promise.all([loadWindow(range?.fromMs, range?.toMs), loadProfile(), loadDistribution()])
    })
  }

  /** Opens one local day of a dataset (from a community's heat map): the chart zoomed to that day. */
  async function openDay(datasetId: number, day: string) {
    error.value = null
    notice.value = null
    await select(datasetId, day)
    const current = detail.value
    if (current?.report.datasetId !== datasetId) return
    dayNotice = true
    notice.value = `Showing ${current.report.home} on ${day} (00:00 to 24:00, ${current.zone}); “Whole range” shows every day.`
  }

  /** Loads the chart window [fromMs, toMs) (the whole range when omitted) as a min/max envelope. */
  // zooming fast sends requests faster than the answers come: only the latest one is shown
  let windowSerial = 0
  // the range last asked for: a reload (a recipe preview, another view) keeps it even before its answer came
  let requested: { fromMs?: number; toMs?: number } = {}
  async function loadWindow(fromMs?: number, toMs?: number) {
    const current = detail.value
    if (!current) return
    requested = { fromMs, toMs }
    const serial = ++windowSerial
    await guarded(async () => {
      const result = unwrap(
        await bridge().dataset.series({
          datasetId: current.report.datasetId,
          column: column.value,
          points: CHART_POINTS,
          view: view.value,
          // the chart follows a recipe being edited, before it is saved
          ...(recipeChanged.value && recipe.value ? { recipe: { ...recipe.value } } : {}),
          ...(fromMs !== undefined && toMs !== undefined
            ? { fromMs: Math.floor(fromMs), toMs: Math.ceil(toMs) }
            : {}),
        }),
      )
      if (serial === windowSerial && detail.value?.report.datasetId === current.report.datasetId)
        window.value = result
    })
  }

  async function loadProfile() {
    const current = detail.value
    if (!current) return
    const powerColumn = ['p_cons', 'p_prod', 'p_tot'].includes(column.value) ? column.value : 'p_cons'
    await guarded(async () => {
      profile.value = unwrap(
        await bridge().dataset.profile({ datasetId: current.report.datasetId, column: powerColumn }),
      )
    })
  }

  async function loadDistribution() {
    const current = detail.value
    if (!current) return
    const powerColumn = ['p_cons', 'p_prod', 'p_tot'].includes(column.value) ? column.value : 'p_cons'
    await guarded(async () => {
      distribution.value = unwrap(
        await bridge().dataset.distribution({ datasetId: current.report.datasetId, column: powerColumn }),
      )
    })
  }

  /** Loads the chart again over the range last asked for. */
  const reloadWindow = () => loadWindow(requested.fromMs, requested.toMs)

  async function setView(next: SeriesView) {
    view.value = next
    await reloadWindow()
  }

  async function setColumn(name: string) {
    column.value = name
    await Promise.all([reloadWindow(), loadProfile(), loadDistribution()])
  }

  // Every edit of the recipe is previewed on the backend (the day rules live there only); the
  // latest answer wins when the slider moves faster than the replies.
  let previewSerial = 0
  watch(
    recipe,
    async (value) => {
      const current = detail.value
      if (!value || !current) return
      const serial = ++previewSerial
      await guarded(async () => {
        const result = unwrap(
          await bridge().dataset.clean({
            datasetId: current.report.datasetId,
            recipe: { ...value },
            save: false,
          }),
        )
        if (serial !== previewSerial) return
        preview.value = {
          keptDays: result.keptDays,
          removedDays: result.removedDays,
          removalReasons: result.removalReasons,
        }
        await reloadWindow()
      })
    },
    { deep: true },
  )

  /** Records the edited recipe and its kept / removed days with the dataset; the previous one can be restored. */
  async function saveRecipe() {
    const current = detail.value
    if (!current || !recipe.value) return
    const datasetId = current.report.datasetId
    const previous = { recipe: { ...current.recipe }, saved: current.cleanedAt !== null }
    await guarded(async () => {
      unwrap(await bridge().dataset.clean({ datasetId, recipe: { ...recipe.value! }, save: true }))
      list.value = unwrap(await bridge().dataset.list({}))
      await select(datasetId)
      undo.value = {
        message: `Cleaning recipe of ${current.report.home} saved.`,
        run: async () => {
          // back to the recipe before, or to none saved (the defaults) when there was none
          unwrap(
            await bridge().dataset.clean(
              previous.saved
                ? { datasetId, recipe: previous.recipe, save: true }
                : { datasetId, forgetSaved: true },
            ),
          )
          list.value = unwrap(await bridge().dataset.list({}))
          await select(datasetId)
        },
      }
    })
  }

  async function undoLast() {
    const last = undo.value
    if (!last) return
    undo.value = null
    await guarded(last.run)
  }

  /** Asks the OS file dialog for export files (tokens the main process granted); none when cancelled. */
  async function pickFiles(): Promise<FileGrant[]> {
    const result = unwrap(
      await bridge().dialog.openFiles({
        title: 'Open Voisin d’Énergie exports',
        multiple: true,
        filters: [
          { name: 'CSV exports', extensions: ['csv', 'txt'] },
          { name: 'All files', extensions: ['*'] },
        ],
      }),
    )
    return result.files
  }

  async function followImport(info: JobInfo) {
    // the job:updated event may arrive before or after this reply: never overwrite a newer state
    if (!jobs.jobs[info.jobId]) jobs.jobs[info.jobId] = info
    importJobId.value = info.jobId
    const final = await jobs.settled(info.jobId)
    if (final.status === 'failed') error.value = final.error?.message ?? final.message
    if (final.status !== 'done' || final.kind !== 'import') return
    importSummary.value = importSummaryOf(final.result)
    const created = final.result?.datasets ?? []
    list.value = unwrap(await bridge().dataset.list({}))
    notice.value = alreadyImportedNotice(created, list.value)
    if (created.length > 0) await select(created[0].datasetId)
  }

  /** Imports files the main process granted (from the open dialog or a drop), by token. */
  async function importFiles(files: FileGrant[]) {
    if (files.length === 0) return
    error.value = null
    notice.value = null
    importSummary.value = null
    const options = { naive: naive.value, zone: zone.value }
    await guarded(async () =>
      followImport(
        unwrap(await bridge().dataset.import({ files: files.map((file) => file.token), ...options })),
      ),
    )
  }

  /** Imports again the files of a recent import ("Open recent"), named by its id. */
  async function importRecent(recentId: string) {
    error.value = null
    notice.value = null
    importSummary.value = null
    await guarded(async () => followImport(unwrap(await bridge().dataset.importRecent({ recentId }))))
  }

  /**
   * Writes the selected dataset as CSV where the person chooses in the save dialog (the main process
   * writes it): the cleaned series, or the import as read.
   */
  async function exportData(options: { raw: boolean; resampleSeconds?: number | null }) {
    const current = detail.value
    if (!current) return
    error.value = null
    notice.value = null
    await guarded(async () => {
      const { file } = unwrap(
        await bridge().dialog.saveFile({
          title: 'Export the data as CSV',
          defaultName: `${current.report.home}-${options.raw ? 'raw' : 'cleaned'}.csv`,
          filters: [{ name: 'CSV', extensions: ['csv'] }],
        }),
      )
      if (!file) return
      const written = unwrap(
        await bridge().dataset.exportData({
          datasetId: current.report.datasetId,
          file: file.token,
          raw: options.raw,
          ...(options.resampleSeconds !== undefined ? { resampleSeconds: options.resampleSeconds } : {}),
        }),
      )
      notice.value = `Exported ${written.rows.toLocaleString('en')} rows to ${written.path}.`
    })
  }

  async function pickAndImport() {
    error.value = null
    notice.value = null
    await guarded(async () => importFiles(await pickFiles()))
  }

  /** A folder (a community's exports): its CSV files are found recursively, one dataset per household. */
  async function pickAndImportFolder() {
    error.value = null
    notice.value = null
    await guarded(async () => {
      const { files } = unwrap(
        await bridge().dialog.openFiles({
          title: 'Open a folder of Voisin d’Énergie exports',
          folders: true,
          multiple: true,
        }),
      )
      await importFiles(files)
    })
  }

  async function importSample() {
    error.value = null
    notice.value = null
    await guarded(async () => followImport(unwrap(await bridge().dataset.importSample({}))))
  }

  /** Dropping works in the desktop app only: its preload turns dropped files into tokens. */
  const canDrop = computed(() => api()?.grantDroppedFiles !== undefined)

  /** Dropped files: the preload trades them for tokens (the page never sees a path); a browser cannot. */
  async function dropFiles(files: File[]) {
    const grantDropped = api()?.grantDroppedFiles
    if (!grantDropped) {
      error.value = 'Dropping files needs the desktop app; use “Open files…” instead.'
      return
    }
    error.value = null
    await guarded(async () => importFiles(unwrap(await grantDropped(files)).files))
  }

  async function cancelImport() {
    if (importJobId.value) await jobs.cancel(importJobId.value)
  }

  /** Deletes a dataset; "Undo" brings it back for as long as the app runs. */
  async function remove(datasetId: number) {
    const item = list.value.find((d) => d.datasetId === datasetId)
    await guarded(async () => {
      unwrap(await bridge().dataset.delete({ datasetId }))
      if (selectedId.value === datasetId) {
        selectedId.value = null
        detail.value = null
        window.value = null
      }
      await load()
      undo.value = {
        message: `Dataset ${item ? `${item.home} · ${item.name}` : datasetId} deleted.`,
        run: async () => {
          unwrap(await bridge().dataset.restore({ datasetId }))
          list.value = unwrap(await bridge().dataset.list({}))
          await select(datasetId)
        },
      }
    })
  }

  async function rename(datasetId: number, name: string) {
    await guarded(async () => {
      unwrap(await bridge().dataset.rename({ datasetId, name }))
      list.value = unwrap(await bridge().dataset.list({}))
      if (detail.value?.report.datasetId === datasetId) detail.value = { ...detail.value, name }
    })
  }

  return {
    list,
    loaded,
    selectedId,
    detail,
    error,
    notice,
    importSummary,
    importJob,
    importing,
    recipe,
    preview,
    removedDays,
    recipeChanged,
    column,
    view,
    naive,
    zone,
    undo,
    exportDialogOpen,
    removalReasons,
    window,
    profile,
    distribution,
    load,
    select,
    openDay,
    loadWindow,
    setColumn,
    setView,
    saveRecipe,
    undoLast,
    importRecent,
    exportData,
    refreshList,
    importFiles,
    pickAndImport,
    pickAndImportFolder,
    importSample,
    canDrop,
    dropFiles,
    cancelImport,
    remove,
    rename,
  }
})
