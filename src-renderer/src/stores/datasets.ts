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
  const preview = ref<{ keptDays: string[]; removedDays: string[] } | null>(null)
  const column = ref('p_cons')
  const window = ref<SeriesWindow | null>(null)
  const profile = ref<DailyProfile | null>(null)
  const distribution = ref<Distribution | null>(null)

  const importJob = computed<JobInfo | null>(() =>
    importJobId.value ? (jobs.jobs[importJobId.value] ?? null) : null,
  )
  const importing = computed(() => importJob.value !== null && importJob.value.endedAt === null)
  const removedDays = computed(() => new Set(preview.value?.removedDays ?? detail.value?.removedDays ?? []))
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

  async function load() {
    await guarded(async () => {
      list.value = unwrap(await bridge().dataset.list({}))
      loaded.value = true
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
  async function loadWindow(fromMs?: number, toMs?: number) {
    const current = detail.value
    if (!current) return
    await guarded(async () => {
      const result = unwrap(
        await bridge().dataset.series({
          datasetId: current.report.datasetId,
          column: column.value,
          points: CHART_POINTS,
          ...(fromMs !== undefined && toMs !== undefined
            ? { fromMs: Math.floor(fromMs), toMs: Math.ceil(toMs) }
            : {}),
        }),
      )
      if (detail.value?.report.datasetId === current.report.datasetId) window.value = result
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

  async function setColumn(name: string) {
    column.value = name
    await Promise.all([
      loadWindow(window.value?.fromMs, window.value?.toMs),
      loadProfile(),
      loadDistribution(),
    ])
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
        if (serial === previewSerial)
          preview.value = { keptDays: result.keptDays, removedDays: result.removedDays }
      })
    },
    { deep: true },
  )

  /** Records the edited recipe and its kept / removed days with the dataset. */
  async function saveRecipe() {
    const current = detail.value
    if (!current || !recipe.value) return
    await guarded(async () => {
      unwrap(
        await bridge().dataset.clean({
          datasetId: current.report.datasetId,
          recipe: { ...recipe.value! },
          save: true,
        }),
      )
      list.value = unwrap(await bridge().dataset.list({}))
      await select(current.report.datasetId)
    })
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
    await guarded(async () =>
      followImport(unwrap(await bridge().dataset.import({ files: files.map((file) => file.token) }))),
    )
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

  async function remove(datasetId: number) {
    await guarded(async () => {
      unwrap(await bridge().dataset.delete({ datasetId }))
      if (selectedId.value === datasetId) {
        selectedId.value = null
        detail.value = null
        window.value = null
      }
      await load()
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
    window,
    profile,
    distribution,
    load,
    select,
    openDay,
    loadWindow,
    setColumn,
    saveRecipe,
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
