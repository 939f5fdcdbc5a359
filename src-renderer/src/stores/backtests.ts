import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type {
  BacktestDetail,
  BacktestListItem,
  BacktestRequest,
  FoldPredictions,
} from '../../../src-main/shared/backtest-schemas'
import type { JobInfo } from '../../../src-main/shared/contract'
import type { ModelSummary } from '../../../src-main/shared/model-schemas'
import { api, notConnected, unwrap } from '../api/bridge'
import {
  backtestOptions,
  DEFAULT_CHOICES,
  foldStates,
  progressFigures,
  type BacktestChoices,
} from './backtest-folds'
import { useJobsStore } from './jobs'
import { useTrainingStore } from './training'

/** Which fold's forecasts the predictions chart shows. */
export interface PredictionsChoice {
  fold: number
  step: number
  /** a global backtest: one home's windows */
  datasetId?: number
}

/**
 * Walk-forward backtests (issue 13): the options, what to backtest (the Training form's settings or a
 * saved model's recipe), the backtest running (its folds live), the list, the one shown and a fold's
 * predictions on demand.
 */
export const useBacktestsStore = defineStore('backtests', () => {
  const jobs = useJobsStore()
  const training = useTrainingStore()
  const choices = ref<BacktestChoices>({ ...DEFAULT_CHOICES })
  /** null: the Training form's settings; otherwise a saved model's id */
  const modelId = ref<number | null>(null)
  const models = ref<ModelSummary[]>([])
  const backtests = ref<BacktestListItem[]>([])
  /** the backtests of one saved model's recipe (its page) */
  const ofModel = ref<BacktestListItem[]>([])
  const selected = ref<BacktestDetail | null>(null)
  const activeJobId = ref<string | null>(null)
  const activeBacktestId = ref<number | null>(null)
  const predictions = ref<FoldPredictions | null>(null)
  const predictionsChoice = ref<PredictionsChoice | null>(null)
  const loadingPredictions = ref(false)
  const error = ref<string | null>(null)

  const activeJob = computed<JobInfo | null>(() =>
    activeJobId.value ? (jobs.jobs[activeJobId.value] ?? null) : null,
  )
  const running = computed(() => activeJob.value !== null && activeJob.value.endedAt === null)
  /** the running backtest's last report with figures (folds done, trainings in flight, ETA) */
  const progress = computed(() =>
    activeJob.value?.kind === 'backtest' ? progressFigures(activeJob.value.progress) : null,
  )
  /** whether the backtest shown is the one running */
  const showingActive = computed(
    () => selected.value !== null && selected.value.backtestId === activeBacktestId.value,
  )
  /** every planned fold of the backtest shown: done, training, waiting or not run */
  const folds = computed(() =>
    selected.value
      ? foldStates(
          selected.value,
          showingActive.value ? progress.value : null,
          showingActive.value && running.value,
        )
      : [],
  )

  function bridge() {
    return api() ?? unwrap(notConnected)
  }

  /** Runs `work`, showing its error instead of throwing it (the one error path of this store). */
  async function guarded<T>(work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work()
    } catch (e) {
      error.value = (e as Error).message
      return undefined
    }
  }

  async function loadList() {
    await guarded(async () => {
      backtests.value = unwrap(await bridge().backtest.list({}))
    })
  }

  /** The backtests of one saved model, newest first (its page lists them). */
  async function loadOfModel(modelId: number) {
    ofModel.value = []
    await guarded(async () => {
      ofModel.value = unwrap(await bridge().backtest.list({ modelId }))
    })
  }

  /** The saved models whose recipe may be backtested. */
  async function loadModels() {
    await guarded(async () => {
      models.value = unwrap(await bridge().model.list({}))
    })
  }

  /** Shows a backtest: its folds and summary (over the folds done). */
  async function select(backtestId: number) {
    await guarded(async () => {
      const detail = unwrap(await bridge().backtest.get({ backtestId }))
      if (selected.value?.backtestId !== backtestId) {
        predictions.value = null
        predictionsChoice.value = null
      }
      selected.value = detail
    })
  }

  // Each fold is stored as it ends: read them back as the count grows, so the folds done show as done.
  let refreshing = Promise.resolve()
  watch(
    () => progress.value?.foldsDone,
    (done, before) => {
      if (done === undefined || done === before || !showingActive.value) return
      refreshing = refreshing.then(() => select(activeBacktestId.value!))
    },
  )

  /** What to backtest: the saved model, or the form's settings (a home, a community's homes or its total). */
  async function request(): Promise<BacktestRequest> {
    const options = backtestOptions(choices.value)
    if (modelId.value !== null) return { modelId: modelId.value, options }
    const { datasetId, initFrom: _init, name: _name, ...params } = training.plainRequest()
    if (training.mode === 'home') return { training: { ...params, datasetId }, options }
    const community = training.community
    if (!community || training.communityBlocker)
      throw new Error(training.communityBlocker ?? 'Choose a community.')
    const homes = training.tickedHomes.map((h) => h.datasetId)
    if (training.target === 'homes')
      return { global: { ...params, datasetIds: homes, communityId: community.communityId }, options }
    // the total is a dataset of its own: built (or refreshed) first, then backtested like a home
    const everyHome = homes.length === community.homes.length
    const total = unwrap(
      await bridge().community.buildTotal({
        communityId: community.communityId,
        ...(everyHome ? {} : { homes }),
      }),
    )
    return { training: { ...params, datasetId: total.datasetId }, options }
  }

  /** Starts a backtest and follows it: folds live, then its summary (a cancel keeps the folds done). */
  async function start() {
    error.value = null
    await guarded(async () => {
      const started = unwrap(await bridge().backtest.start(await request()))
      jobs.track(started.job)
      activeJobId.value = started.job.jobId
      activeBacktestId.value = started.backtestId
      await select(started.backtestId)
      await loadList()
      const final = await jobs.settled(started.job.jobId)
      if (final.status === 'failed') error.value = final.message
      await refreshing
      await loadList()
      // the person may have opened another backtest meanwhile: leave it on screen
      if (!selected.value || selected.value.backtestId === started.backtestId)
        await select(started.backtestId)
    })
  }

  async function cancel() {
    if (activeJobId.value && running.value) await jobs.cancel(activeJobId.value)
  }

  /** One fold's forecasts `step` steps ahead, with the best baseline's and the bands (its chart). */
  async function showPredictions(choice: PredictionsChoice) {
    const shown = selected.value
    if (!shown) return
    predictionsChoice.value = { ...choice }
    loadingPredictions.value = true
    await guarded(async () => {
      const result = unwrap(await bridge().backtest.predictions({ backtestId: shown.backtestId, ...choice }))
      // a later choice (another fold, step or backtest) wins over this answer
      if (selected.value?.backtestId === shown.backtestId && predictionsChoice.value?.fold === choice.fold)
        predictions.value = result
    })
    loadingPredictions.value = false
  }

  function hidePredictions() {
    predictions.value = null
    predictionsChoice.value = null
  }

  return {
    choices,
    modelId,
    models,
    backtests,
    ofModel,
    selected,
    activeJob,
    activeBacktestId,
    running,
    progress,
    showingActive,
    folds,
    predictions,
    predictionsChoice,
    loadingPredictions,
    error,
    loadList,
    loadOfModel,
    loadModels,
    select,
    start,
    cancel,
    showPredictions,
    hidePredictions,
  }
})
