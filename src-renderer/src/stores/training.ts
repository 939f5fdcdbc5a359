import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type {
  DatasetListItem,
  JobInfo,
  RunDetail,
  RunSummary,
  TrainingCheck,
} from '../../../src-main/shared/contract'
import type { TrainingRequest } from '../../../src-main/shared/training-params'
import type { TrainingProgress } from '../../../src-main/shared/training-outcome'
import { TRAINING_PRESETS, type TrainingPreset } from '../../../src-main/shared/training-presets'
import { api, notConnected, unwrap } from '../api/bridge'
import { useJobsStore } from './jobs'

/** What the training loop reported last, or its final figures once the run has ended ('done'). */
export type LiveProgress = Omit<TrainingProgress, 'phase'> & { phase: TrainingProgress['phase'] | 'done' }

/** Training runs: the form's request, the pre-start check, the live run and the verdicts. */
export const useTrainingStore = defineStore('training', () => {
  const jobs = useJobsStore()
  const presetId = ref<TrainingPreset['id']>('next-hour')
  const request = ref<TrainingRequest>({ datasetId: 0, ...TRAINING_PRESETS[1].params })
  const check = ref<TrainingCheck | null>(null)
  const checkError = ref<string | null>(null)
  const runs = ref<RunSummary[]>([])
  const activeJobId = ref<string | null>(null)
  const activeRunId = ref<number | null>(null)
  const selectedRun = ref<RunDetail | null>(null)
  const error = ref<string | null>(null)
  const lastProgress = ref<LiveProgress | null>(null)

  const activeJob = computed<JobInfo | null>(() =>
    activeJobId.value ? (jobs.jobs[activeJobId.value] ?? null) : null,
  )
  const running = computed(() => activeJob.value !== null && activeJob.value.endedAt === null)
  // the live loop's numbers, kept after the end so the curve stays on screen
  watch(activeJob, (job) => {
    // before and after the loop a train job reports only its phase, without figures
    if (job?.kind === 'train' && job.endedAt === null && job.progress && 'epoch' in job.progress)
      lastProgress.value = job.progress
  })
  const live = computed(() => lastProgress.value)
  const outcome = computed(() => selectedRun.value?.outcome ?? null)

  function applyPreset(id: TrainingPreset['id']) {
    const preset = TRAINING_PRESETS.find((p) => p.id === id)
    if (!preset) return
    presetId.value = id
    request.value = { datasetId: request.value.datasetId, ...JSON.parse(JSON.stringify(preset.params)) }
  }

  /** A plain copy of the form's request: reactive proxies cannot cross the bridge. */
  // An emptied number field means "not set" (for example: use the dataset's completeness threshold).
  const plainRequest = (): TrainingRequest =>
    JSON.parse(JSON.stringify(request.value, (_key, value: unknown) => (value === '' ? undefined : value)))

  let checkSerial = 0
  /** Asks the backend whether the current request can train, and how many windows it gives. */
  async function runCheck() {
    const bridge = api()
    const serial = ++checkSerial
    if (!bridge || !request.value.datasetId) {
      check.value = null
      return
    }
    const result = await bridge.training.check(plainRequest())
    if (serial !== checkSerial) return // a newer check superseded this one
    if (result.ok) {
      check.value = result.data
      checkError.value = null
    } else {
      check.value = null
      checkError.value = result.error.message
    }
  }

  /** The datasets to choose from (the Datasets area owns them; this is a read-only list). */
  async function loadDatasets(): Promise<DatasetListItem[]> {
    const bridge = api()
    if (!bridge) return []
    const result = await bridge.dataset.list({})
    return result.ok ? result.data : []
  }

  async function loadRuns() {
    const bridge = api()
    if (!bridge) return
    const result = await bridge.training.runs({})
    if (result.ok) runs.value = result.data
  }

  async function selectRun(runId: number) {
    const bridge = api()
    try {
      selectedRun.value = unwrap(bridge ? await bridge.training.run({ runId }) : notConnected)
    } catch (e) {
      error.value = (e as Error).message
    }
  }

  /**
   * Puts the finished run's whole history on the live curve. A short run can end between two progress
   * messages (or before the first), and the live numbers stop at the last message that arrived.
   */
  function keepFinalCurve(runId: number) {
    const finished = outcome.value
    if (!finished || selectedRun.value?.runId !== runId) return
    const last = finished.history.at(-1)
    lastProgress.value = {
      ...(lastProgress.value ?? { samplesPerSecond: 0, batch: 0, batches: 0, valPerStep: null }),
      phase: 'done',
      epoch: finished.history.length,
      epochs: lastProgress.value?.epochs ?? finished.history.length,
      trainLoss: last?.trainLoss ?? null,
      valLoss: last?.valLoss ?? null,
      elapsedSeconds: finished.trainSeconds,
      etaSeconds: 0,
      history: finished.history,
    }
  }

  async function start() {
    const bridge = api()
    error.value = null
    selectedRun.value = null
    lastProgress.value = null
    try {
      const started = unwrap(bridge ? await bridge.training.start(plainRequest()) : notConnected)
      activeJobId.value = started.job.jobId
      activeRunId.value = started.runId
      await loadRuns()
      const final = await jobs.settled(started.job.jobId)
      if (final.status === 'failed') error.value = final.message
      await loadRuns()
      await selectRun(started.runId)
      keepFinalCurve(started.runId)
    } catch (e) {
      error.value = (e as Error).message
    }
  }

  async function cancel() {
    if (activeJobId.value) await jobs.cancel(activeJobId.value)
  }

  return {
    presetId,
    request,
    check,
    checkError,
    runs,
    activeJob,
    activeRunId,
    running,
    live,
    selectedRun,
    outcome,
    error,
    applyPreset,
    runCheck,
    loadDatasets,
    loadRuns,
    selectRun,
    start,
    cancel,
  }
})
