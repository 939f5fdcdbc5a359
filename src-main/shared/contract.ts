/**
 * The one contract for everything that crosses the process boundary (renderer ⇄ main).
 * Calls are request → response; events flow main → renderer. Channel names are `domain:action`.
 * Every request is validated against its schema before a service sees it. No channel string
 * appears anywhere else: adapters iterate `calls` / `events`, and the renderer uses the typed
 * `Api` derived below (imported with `import type`). Which calls the renderer may make, and the
 * channel names the preload needs, are in the zod-free channels.ts.
 */
import { z } from 'zod'
import type { RendererCall } from './channels'
import type { Result } from './result'
import {
  HistoryPoint,
  TrainingCancelledEarly,
  TrainingJobProgress,
  TrainingOutcome,
} from './training-outcome'
import { GlobalTrainingParams, TrainingParams } from './training-params'
import {
  BacktestDetail,
  BacktestListItem,
  BacktestProgress,
  BacktestRequest,
  FoldPredictions,
  FoldPredictionsRequest,
} from './backtest-schemas'
import {
  BuildTotalRequest,
  BuildTotalResult,
  CommunityCreateRequest,
  CommunityDetail,
  CommunityRef,
  CommunitySeries,
  CommunitySeriesRequest,
  CommunitySummary,
  CommunityUpdateRequest,
} from './community-schemas'
import {
  CompareRequest,
  Comparison,
  EpochMs,
  ForecastRequest,
  ForecastResult,
  ForecastStarts,
  ForecastStartsRequest,
  ModelDescription,
  ModelRef,
  ModelSummary,
  ModelUpdateRequest,
  EvaluateModelRequest,
  ModelEvaluation,
} from './model-schemas'

const Empty = z.object({}).strict()
/** a row id in the library */
const Id = z.number().int().positive()
const FilePath = z.string().min(1).max(4096)
/**
 * A file the main process let the renderer use: the opaque token of a file chosen in a dialog or
 * dropped on the window (see backend/file-grants.ts). The renderer never names a path.
 */
const FileToken = z.string().min(1).max(100)
export const FileGrant = z.object({ token: FileToken, name: z.string() })
export type FileGrant = z.infer<typeof FileGrant>
const FileFilters = z.array(z.object({ name: z.string(), extensions: z.array(z.string()) })).max(20)

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  databasePath: z.string(),
  schemaVersion: z.number().int(),
  dataDir: z.string(),
  platform: z.string(),
  node: z.string(),
})
export type AppInfo = z.infer<typeof AppInfo>

/** The app's look: follow the operating system, or always light or dark. */
export const Theme = z.enum(['system', 'light', 'dark'])
export type Theme = z.infer<typeof Theme>

/** Files imported together, to open again from "Open recent" by `id` (the renderer never sends a path). */
export const RecentImport = z.object({
  id: z.string(),
  /** "CDB008_2022_03_15min.csv + 2 more" */
  name: z.string(),
  paths: z.array(z.string()),
  openedAt: z.string(),
})
export type RecentImport = z.infer<typeof RecentImport>

/** What the app remembers between sessions (src-main/settings/). */
export const AppSettings = z.object({ theme: Theme, recentImports: z.array(RecentImport) })
export type AppSettings = z.infer<typeof AppSettings>

/**
 * A command from the application menu (Electron), for the renderer to carry out as if the person
 * had clicked or pressed its shortcut there: open files, switch area, export, choose a theme…
 */
export const MenuCommand = z.discriminatedUnion('command', [
  z.object({ command: z.literal('open-files') }),
  z.object({ command: z.literal('open-sample') }),
  z.object({ command: z.literal('open-recent'), recentId: z.string() }),
  z.object({ command: z.literal('export-data') }),
  z.object({ command: z.literal('area'), area: z.enum(['datasets', 'training', 'models', 'communities']) }),
  z.object({ command: z.literal('theme'), theme: Theme }),
])
export type MenuCommand = z.infer<typeof MenuCommand>

export const JobKind = z.enum(['analyse-file', 'train', 'import', 'backtest'])

export type JobKind = z.infer<typeof JobKind>

export const AnalyseFileParams = z.object({ path: FilePath }).strict()
export type AnalyseFileParams = z.infer<typeof AnalyseFileParams>

export const AnalyseFileResult = z.object({
  path: z.string(),
  bytes: z.number(),
  lines: z.number(),
  rows: z.number(),
  header: z.array(z.string()),
  columns: z.array(
    z.object({
      name: z.string(),
      empty: z.number(),
      numeric: z.number(),
      min: z.number().nullable(),
      max: z.number().nullable(),
    }),
  ),
})
export type AnalyseFileResult = z.infer<typeof AnalyseFileResult>

// ---- datasets (issue 3): imports, inspection, cleaning ----

/** How naive timestamps (no zone designator) are read: by the `day` column test, or forced. */
export const NaiveMode = z.enum(['auto', 'utc', 'local'])
export type NaiveMode = z.infer<typeof NaiveMode>

export const ImportParams = z
  .object({
    paths: z.array(FilePath).min(1).max(10_000),
    /** IANA zone of the local days (default Europe/Brussels) */
    zone: z.string().min(1).max(100).optional(),
    naive: NaiveMode.optional(),
    /** store a new dataset even for files the library already holds (same SHA-256): `import --copy` */
    allowDuplicate: z.boolean().optional(),
  })
  .strict()
export type ImportParams = z.infer<typeof ImportParams>

/** One local day of a dataset: counts of readings (see docs/data.md). */
export const DayReport = z.object({
  day: z.string(),
  expected: z.number().int(),
  present: z.number().int(),
  empty: z.number().int(),
  zero: z.number().int(),
  completeness: z.number(),
})
export type DayReport = z.infer<typeof DayReport>

export const DatasetWarning = z.object({ code: z.string(), message: z.string(), count: z.number() })
export type DatasetWarning = z.infer<typeof DatasetWarning>

/** The per-dataset report printed by `import --json` and `dataset <id> --json` (instants ISO-8601 UTC). */
export const DatasetKind = z.enum(['home', 'community-total'])

export const DatasetReport = z.object({
  datasetId: z.number().int(),
  home: z.string(),
  /** a household, or a community's total (see src-main/community) */
  kind: DatasetKind,
  /** the community (its name) the household belongs to or the total sums; null for none */
  community: z.string().nullable(),
  intervalSeconds: z.number().int(),
  rows: z.number().int(),
  duplicates: z.number().int(),
  start: z.string(),
  end: z.string(),
  days: z.array(DayReport),
  warnings: z.array(DatasetWarning),
})
export type DatasetReport = z.infer<typeof DatasetReport>

/** A dataset of an import: `alreadyImported` when the library held these files and nothing was added. */
export const ImportedDataset = DatasetReport.extend({ alreadyImported: z.boolean() })
export type ImportedDataset = z.infer<typeof ImportedDataset>

export const ImportResult = z.object({
  datasets: z.array(ImportedDataset),
  /** files of an imported folder that could not be read, with why (files named one by one refuse the import) */
  refused: z.array(z.object({ path: z.string(), reason: z.string() })).optional(),
  /** what the import read: files found, files imported, households, months with readings, communities */
  summary: z
    .object({
      /** true when a folder was among the paths */
      folders: z.boolean(),
      files: z.number().int(),
      imported: z.number().int(),
      homes: z.number().int(),
      months: z.number().int(),
      communities: z.array(z.string()),
    })
    .optional(),
})
export type ImportResult = z.infer<typeof ImportResult>

/** `dataset:import` from the app: files chosen in a dialog or dropped, by token. */
export const ImportFilesRequest = ImportParams.omit({ paths: true }).extend({
  files: z.array(FileToken).min(1).max(10_000),
})

export const CleaningRecipe = z
  .object({
    /** days whose present / expected is below this are removed */
    minCompleteness: z.number().min(0).max(1),
    /** also remove days where all-zero rows make up half of the expected readings or more */
    dropZeroDominatedDays: z.boolean(),
    /** gaps up to this long inside kept days are filled by linear interpolation */
    fillGapsUpToSeconds: z.number().min(0).max(86_400),
    flipSign: z.boolean(),
    /** readings with |p| at or above this (W) are treated as missing; null = no spike filter */
    spikeThresholdW: z.number().positive().nullable(),
    treatZeroRowsAsMissing: z.boolean(),
    /** mean power per bin of this many seconds; null = the raw interval */
    resampleSeconds: z.number().int().positive().max(86_400).nullable(),
  })
  .strict()
export type CleaningRecipe = z.infer<typeof CleaningRecipe>

export const DatasetListItem = z.object({
  datasetId: z.number().int(),
  home: z.string(),
  kind: DatasetKind,
  community: z.string().nullable(),
  name: z.string(),
  zone: z.string(),
  intervalSeconds: z.number().int(),
  start: z.string(),
  end: z.string(),
  rows: z.number().int(),
  readings: z.number().int(),
  /** first and last local day (YYYY-MM-DD in `zone`) */
  firstDay: z.string(),
  lastDay: z.string(),
  totalDays: z.number().int(),
  /** days kept by the saved recipe (or by the default recipe when none is saved) */
  keptDays: z.number().int(),
  cleaned: z.boolean(),
  warnings: z.array(DatasetWarning),
  createdAt: z.string(),
})
export type DatasetListItem = z.infer<typeof DatasetListItem>

export const SourceFileInfo = z.object({
  name: z.string(),
  path: z.string(),
  bytes: z.number(),
  sha256: z.string(),
  layout: z.string(),
  rows: z.number().int(),
  naive: z.string().nullable(),
})
export type SourceFileInfo = z.infer<typeof SourceFileInfo>

/** Min / mean / max of a column (watts; null without readings) and how many readings they cover. */
export const ColumnStats = z.object({
  min: z.number().nullable(),
  mean: z.number().nullable(),
  max: z.number().nullable(),
  count: z.number().int(),
})
export type ColumnStats = z.infer<typeof ColumnStats>

/**
 * Statistics per column: `stats` over the readings the cleaning recipe keeps (kept days; spikes and
 * all-zero rows left out as the recipe says; sign flipped when asked; before gap filling and
 * resampling), `rawStats` over every reading as imported (see data/inspect/column-stats.ts).
 */
export const DatasetStats = z.object({
  stats: z.record(z.string(), ColumnStats),
  rawStats: z.record(z.string(), ColumnStats),
})
export type DatasetStats = z.infer<typeof DatasetStats>

/** Why the recipe removes a day: too few readings, or mostly all-zero rows. */
export const RemovalReason = z.enum(['incomplete', 'zero-dominated'])
export type RemovalReason = z.infer<typeof RemovalReason>

/** Everything the Datasets area shows about one dataset. */
export const DatasetDetail = z.object({
  report: DatasetReport,
  name: z.string(),
  zone: z.string(),
  createdAt: z.string(),
  readings: z.number().int(),
  columns: z.array(z.string()),
  ...DatasetStats.shape,
  files: z.array(SourceFileInfo),
  /** the saved recipe, or the default one when `cleanedAt` is null */
  recipe: CleaningRecipe,
  keptDays: z.array(z.string()),
  removedDays: z.array(z.string()),
  /** why each removed day is removed */
  removalReasons: z.record(z.string(), RemovalReason),
  cleanedAt: z.string().nullable(),
  /** UTC epoch ms of the first local midnight and of the end of the last day */
  rangeStartMs: z.number(),
  rangeEndMs: z.number(),
})
export type DatasetDetail = z.infer<typeof DatasetDetail>

const DatasetRef = z.object({ datasetId: Id }).strict()
const ColumnName = z.string().min(1).max(200)

export const CleanRequest = z
  .object({
    datasetId: Id,
    recipe: CleaningRecipe.partial().optional(),
    /** store the recipe and its kept / removed days (otherwise a preview) */
    save: z.boolean().optional(),
    /** forget the saved recipe: the dataset follows the defaults again (undo of a first save) */
    forgetSaved: z.boolean().optional(),
    /** also build the cleaned p_cons series and report its size and gaps */
    withSeries: z.boolean().optional(),
  })
  .strict()

export const CleanResult = z.object({
  datasetId: z.number().int(),
  home: z.string(),
  recipe: CleaningRecipe,
  keptDays: z.array(z.string()),
  removedDays: z.array(z.string()),
  removalReasons: z.record(z.string(), RemovalReason),
  saved: z.boolean(),
  series: z
    .object({
      intervalSeconds: z.number(),
      start: z.string(),
      slots: z.number().int(),
      missing: z.number().int(),
      filled: z.number().int(),
    })
    .optional(),
})
export type CleanResult = z.infer<typeof CleanResult>

/** The series chart shows the cleaned series (what the recipe keeps) or the import as read. */
export const SeriesView = z.enum(['cleaned', 'raw'])
export type SeriesView = z.infer<typeof SeriesView>

/**
 * A chart window: min/max envelope per bucket (or the readings themselves when few: `raw`), of the
 * cleaned series or of the import (`view`), with where the readings the recipe hides are (`flagged`:
 * at most one marker per bucket and reason, `count` of them all in the window).
 */
export const SeriesWindow = z.object({
  column: z.string(),
  view: SeriesView,
  fromMs: z.number(),
  toMs: z.number(),
  intervalSeconds: z.number(),
  bucketMs: z.number(),
  raw: z.boolean(),
  /** readings in the window (hidden ones not counted in the cleaned view) */
  readings: z.number().int(),
  x: z.array(z.number()),
  min: z.array(z.number().nullable()),
  max: z.array(z.number().nullable()),
  mean: z.array(z.number().nullable()),
  flagged: z.object({
    x: z.array(z.number()),
    y: z.array(z.number().nullable()),
    /** `spike` or `zero-row` */
    reason: z.array(z.string()),
    count: z.number().int(),
  }),
})
export type SeriesWindow = z.infer<typeof SeriesWindow>

const ProfileCurve = z.object({
  days: z.number().int(),
  mean: z.array(z.number().nullable()),
  p10: z.array(z.number().nullable()),
  p90: z.array(z.number().nullable()),
})
/** Average daily profile by local time of day, from the cleaned series. */
export const DailyProfile = z.object({
  column: z.string(),
  slotMinutes: z.number(),
  weekday: ProfileCurve,
  weekend: ProfileCurve,
})
export type DailyProfile = z.infer<typeof DailyProfile>

/** Histogram of the cleaned readings (watts). */
export const Distribution = z.object({
  column: z.string(),
  edges: z.array(z.number()),
  counts: z.array(z.number()),
  below: z.number(),
  above: z.number(),
  total: z.number(),
  /** slots of the kept days without a value (removed days are not counted) */
  missing: z.number(),
})
export type Distribution = z.infer<typeof Distribution>

const SeriesRequest = z
  .object({
    datasetId: Id,
    column: ColumnName,
    fromMs: EpochMs.optional(),
    toMs: EpochMs.optional(),
    points: z.number().int().min(10).max(5000).optional(),
    /** the cleaned series (default) or the import as read */
    view: SeriesView.optional(),
    /** a recipe being edited (previewed), instead of the saved one */
    recipe: CleaningRecipe.partial().optional(),
  })
  .strict()
const DistributionRequest = z
  .object({ datasetId: Id, column: ColumnName, bins: z.number().int().min(5).max(200).optional() })
  .strict()

export const JobStartRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('analyse-file'), params: AnalyseFileParams }).strict(),
  z.object({ kind: z.literal('import'), params: ImportParams }).strict(),
])
export type JobStartRequest = z.infer<typeof JobStartRequest>

export const JobStatus = z.enum(['queued', 'running', 'done', 'failed', 'cancelled'])
export type JobStatus = z.infer<typeof JobStatus>

const jobFields = {
  jobId: z.string(),
  label: z.string(),
  status: JobStatus,
  /** 0..1, or null while the total is unknown */
  fraction: z.number().nullable(),
  message: z.string(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
}

/** A background job; `result` is set when it ends (a cancelled job may carry what it got so far). */
export const JobInfo = z.discriminatedUnion('kind', [
  z.object({
    ...jobFields,
    kind: z.literal('analyse-file'),
    result: z.union([AnalyseFileResult, z.object({ bytesRead: z.number(), rows: z.number() })]).optional(),
  }),
  z.object({ ...jobFields, kind: z.literal('import'), result: ImportResult.optional() }),
  z.object({
    ...jobFields,
    kind: z.literal('train'),
    /** the training loop's latest report, while it runs */
    progress: TrainingJobProgress.optional(),
    result: z.union([TrainingOutcome, TrainingCancelledEarly]).optional(),
  }),
  z.object({
    ...jobFields,
    kind: z.literal('backtest'),
    /** folds done, the trainings in flight (fold, epoch), the ETA */
    progress: z.union([BacktestProgress, z.object({ phase: z.literal('preparing') })]).optional(),
    /** the backtest (a cancelled one carries the folds done) */
    result: BacktestDetail.optional(),
  }),
])
export type JobInfo = z.infer<typeof JobInfo>

export const OpenFilesRequest = z
  .object({
    title: z.string().max(200).optional(),
    multiple: z.boolean().optional(),
    /** choose folders instead of files (a folder import: its CSV files are found recursively) */
    folders: z.boolean().optional(),
    filters: FileFilters.optional(),
  })
  .strict()

export const SaveFileRequest = z
  .object({
    title: z.string().max(200).optional(),
    /** the suggested file name (a name only: any folder part is dropped) */
    defaultName: z.string().max(255).optional(),
    filters: FileFilters.optional(),
  })
  .strict()

export const RunStatus = z.enum(['running', 'done', 'failed', 'cancelled', 'interrupted'])

/**
 * Why a run ended (docs/training.md): the outcome's reason for a run that saved a model
 * (`completed`, `early-stopping`, `cancelled` with the best weights so far), `diverged` for a run that
 * failed on a NaN or exploding loss, otherwise its status (`cancelled`, `failed`, `interrupted` by a
 * killed app or CLI); null while it runs.
 */
export const StopReason = z.enum([
  'completed',
  'early-stopping',
  'cancelled',
  'diverged',
  'failed',
  'interrupted',
])
export type StopReason = z.infer<typeof StopReason>

/** One training run as listed in the Training area. */
export const RunSummary = z.object({
  runId: z.number(),
  datasetId: z.number().nullable(),
  name: z.string(),
  engine: z.string(),
  status: RunStatus,
  stopReason: StopReason.nullable(),
  message: z.string(),
  createdAt: z.string(),
  endedAt: z.string().nullable(),
  trainSeconds: z.number().nullable(),
  modelId: z.number().nullable(),
  skill: z.number().nullable(),
})
export type RunSummary = z.infer<typeof RunSummary>

/** A run in full: its parameters, curves and (when it ended with a model) its verdict. */
export const RunDetail = RunSummary.extend({
  params: TrainingParams,
  history: z.array(HistoryPoint),
  /** null until the run ends with a model */
  outcome: TrainingOutcome.nullable(),
})
export type RunDetail = z.infer<typeof RunDetail>

/** Before starting: how many windows each split would give, or why none fit. */
export const TrainingCheck = z.object({
  ok: z.boolean(),
  message: z.string(),
  intervalSeconds: z.number().nullable(),
  days: z.object({ train: z.number(), validation: z.number(), test: z.number() }).nullable(),
  windows: z.object({ train: z.number(), validation: z.number(), test: z.number() }).nullable(),
  longestSegment: z.number().nullable(),
  /** plain cautions before starting: a heavy or large network, a learning rate likely to diverge */
  warnings: z.array(z.string()),
  /** what the run will take (float64 figures of the scratch engine; see training/estimate.ts) */
  estimate: z.object({
    /** network, optimizer state, a batch's activations and the windows */
    memoryBytes: z.number(),
    secondsPerEpoch: z.number(),
    parameters: z.number(),
  }),
})
export type TrainingCheck = z.infer<typeof TrainingCheck>

/** request → response pairs, keyed by channel */
export const calls = {
  'app:info': { request: Empty, response: AppInfo },
  /** the theme and the recent imports */
  'app:settings': { request: Empty, response: AppSettings },
  'app:updateSettings': { request: z.object({ theme: Theme.optional() }).strict(), response: AppSettings },
  'app:clearRecent': { request: Empty, response: AppSettings },
  /** the OS open dialog (files, or folders with `folders`); the chosen paths come back as tokens (none when cancelled) */
  'dialog:openFiles': { request: OpenFilesRequest, response: z.object({ files: z.array(FileGrant) }) },
  /** the OS save dialog; the chosen file comes back as a token to write (null when cancelled) */
  'dialog:saveFile': { request: SaveFileRequest, response: z.object({ file: FileGrant.nullable() }) },
  /** files dropped on the window, resolved by the preload; made only by the preload (channels.ts) */
  'file:grantDropped': {
    request: z.object({ paths: z.array(FilePath).min(1).max(10_000) }).strict(),
    response: z.object({ files: z.array(FileGrant) }),
  },
  'job:start': { request: JobStartRequest, response: JobInfo },
  'job:cancel': { request: z.object({ jobId: z.string().min(1).max(100) }).strict(), response: JobInfo },
  'job:list': { request: Empty, response: z.array(JobInfo) },
  'training:check': { request: TrainingParams, response: TrainingCheck },
  'training:start': { request: TrainingParams, response: z.object({ runId: z.number(), job: JobInfo }) },
  /** one model trained on several homes (issue 11); judged per home and on the community total */
  'training:startGlobal': {
    request: GlobalTrainingParams,
    response: z.object({ runId: z.number(), job: JobInfo }),
  },
  'training:runs': {
    request: z.object({ datasetId: Id.optional() }).strict(),
    response: z.array(RunSummary),
  },
  'training:run': { request: z.object({ runId: Id }).strict(), response: RunDetail },
  'dataset:list': { request: Empty, response: z.array(DatasetListItem) },
  'dataset:get': { request: DatasetRef, response: DatasetDetail },
  /** starts an import job (one transaction); the job's result is an ImportResult */
  'dataset:import': { request: ImportFilesRequest, response: JobInfo },
  /** imports the bundled sample household (again only with allowDuplicate) */
  'dataset:importSample': {
    request: z.object({ allowDuplicate: z.boolean().optional() }).strict(),
    response: JobInfo,
  },
  'dataset:clean': { request: CleanRequest, response: CleanResult },
  'dataset:series': { request: SeriesRequest, response: SeriesWindow },
  'dataset:profile': {
    request: z.object({ datasetId: Id, column: ColumnName }).strict(),
    response: DailyProfile,
  },
  'dataset:distribution': { request: DistributionRequest, response: Distribution },
  'dataset:rename': {
    request: z.object({ datasetId: Id, name: z.string().trim().min(1).max(200) }).strict(),
    response: DatasetListItem,
  },
  /** marks the dataset deleted; `dataset:restore` undoes it until this backend process ends */
  'dataset:delete': { request: DatasetRef, response: z.object({ deleted: z.number().int() }) },
  'dataset:restore': { request: DatasetRef, response: DatasetListItem },
  /**
   * writes the dataset as CSV to a file granted for writing (a save dialog's answer): one row per slot,
   * every column, a `flag` column (data/export/); the cleaned series unless `raw`
   */
  'dataset:exportData': {
    request: z
      .object({
        datasetId: Id,
        file: FileToken,
        /** mean per bin of this many seconds; null = the raw interval; absent = the recipe's */
        resampleSeconds: z.number().int().positive().max(86_400).nullable().optional(),
        raw: z.boolean().optional(),
      })
      .strict(),
    response: z.object({
      datasetId: z.number(),
      path: z.string(),
      rows: z.number().int(),
      bytes: z.number(),
      intervalSeconds: z.number(),
      raw: z.boolean(),
    }),
  },
  /** imports again the files of a recent import (`app:settings`), by its id */
  'dataset:importRecent': {
    request: z.object({ recentId: z.string().min(1).max(64) }).strict(),
    response: JobInfo,
  },
  // ---- models (issue 6): the model library, transfer, forecasts, comparison ----
  'model:list': { request: Empty, response: z.array(ModelSummary) },
  /** the bundle manifest without the weights (what `model <id> --json` prints) */
  'model:get': { request: ModelRef, response: ModelDescription },
  'model:update': { request: ModelUpdateRequest, response: ModelSummary },
  /** marks the model deleted; `model:restore` undoes it until this backend process ends */
  'model:delete': { request: ModelRef, response: z.object({ deleted: z.number().int() }) },
  'model:restore': { request: ModelRef, response: ModelSummary },
  /** writes the `.vfmodel` bundle to a file granted for writing (a save dialog's answer) */
  'model:export': {
    request: z.object({ modelId: Id, file: FileToken }).strict(),
    response: z.object({ modelId: z.number(), path: z.string(), bytes: z.number() }),
  },
  /** checks the whole file, then adds it in one transaction */
  'model:import': {
    request: z.object({ file: FileToken }).strict(),
    response: z.object({
      modelId: z.number(),
      name: z.string(),
      home: z.string(),
      datasetId: z.number().nullable(),
    }),
  },
  'model:forecast': { request: ForecastRequest, response: ForecastResult },
  /** where a forecast of this model on this dataset may start (its input window all known) */
  'model:forecastStarts': { request: ForecastStartsRequest, response: ForecastStarts },
  'model:compare': { request: CompareRequest, response: Comparison },
  /** a new training run with the model's settings */
  'model:rerun': { request: ModelRef, response: z.object({ runId: z.number(), job: JobInfo }) },
  /** continues training the model for more epochs (a new model is saved at the end) */
  'model:resume': {
    request: z.object({ modelId: Id, epochs: z.number().int().min(1).max(100_000) }).strict(),
    response: z.object({ runId: z.number(), job: JobInfo }),
  },
  /** scores a saved model on any dataset, nothing trained (zero-shot on a home it never saw) */
  'model:evaluate': { request: EvaluateModelRequest, response: ModelEvaluation },
  // ---- communities (issue 11): groups of homes, their total and what they share ----
  'community:list': { request: Empty, response: z.array(CommunitySummary) },
  'community:get': { request: CommunityRef, response: CommunityDetail },
  'community:series': { request: CommunitySeriesRequest, response: CommunitySeries },
  'community:update': { request: CommunityUpdateRequest, response: CommunitySummary },
  'community:create': { request: CommunityCreateRequest, response: CommunitySummary },
  'community:delete': { request: CommunityRef, response: z.object({ deleted: z.number().int() }) },
  /** builds (or refreshes) the dataset holding the community's total */
  'community:buildTotal': { request: BuildTotalRequest, response: BuildTotalResult },
  // ---- backtests (issue 13): walk-forward evaluation over many test blocks ----
  /** starts a backtest job (a saved model's recipe, or a home or global run's parameters) */
  'backtest:start': {
    request: BacktestRequest,
    response: z.object({ backtestId: z.number(), job: JobInfo }),
  },
  /** backtests, newest first, of a model or a dataset (or all) */
  'backtest:list': {
    request: z.object({ modelId: Id.optional(), datasetId: Id.optional() }).strict(),
    response: z.array(BacktestListItem),
  },
  /** a backtest's folds and summary (over the folds done) */
  'backtest:get': { request: z.object({ backtestId: Id }).strict(), response: BacktestDetail },
  /** one fold's forecasts at one step ahead, with the best baseline's and the bands, for its chart */
  'backtest:predictions': { request: FoldPredictionsRequest, response: FoldPredictions },
} as const

/** main → renderer events, keyed by channel */
export const events = {
  /** a job changed state or reported progress (throttled by the job runner) */
  'job:updated': JobInfo,
  /** an application-menu command (Electron), carried out by the renderer */
  'app:command': MenuCommand,
  /** the theme or the recent imports changed (the menu's "Open recent" follows) */
  'app:settingsChanged': AppSettings,
  /** a dataset was added, changed or removed (an import, the CLI on the same library, another window) */
  'dataset:changed': z.object({ datasetIds: z.array(z.number()) }),
} as const

export type CallChannel = keyof typeof calls
export type EventChannel = keyof typeof events
export type CallRequest<C extends CallChannel> = z.input<(typeof calls)[C]['request']>
export type CallResponse<C extends CallChannel> = z.infer<(typeof calls)[C]['response']>
export type EventPayload<E extends EventChannel> = z.infer<(typeof events)[E]>

export const callChannels = Object.keys(calls) as CallChannel[]

// ---- the typed `window.api` derived from the renderer's calls: api.<domain>.<action>(request) ----

type DomainOf<C extends string> = C extends `${infer D}:${string}` ? D : never
type ActionOf<C extends string, D extends string> = C extends `${D}:${infer A}` ? A : never

export type Api = {
  [D in DomainOf<RendererCall>]: {
    [C in RendererCall as ActionOf<C, D>]: (request: CallRequest<C>) => Promise<Result<CallResponse<C>>>
  }
} & {
  /** subscriptions: api.on.<domain>.<event>(listener) returns an unsubscribe function */
  on: {
    [D in DomainOf<EventChannel>]: {
      [E in EventChannel as ActionOf<E, D>]: (listener: (payload: EventPayload<E>) => void) => () => void
    }
  }
  /** tokens for files dropped on the window; only inside Electron (a browser gives no paths) */
  grantDroppedFiles?: (files: File[]) => Promise<Result<CallResponse<'file:grantDropped'>>>
}

export { Id as IdSchema }
