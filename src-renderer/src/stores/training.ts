import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type {
  DatasetListItem,
  JobInfo,
  RunDetail,
  RunSummary,
  TrainingCheck,
} from '../../../src-main/shared/contract'
import type { CommunitySummary, TotalMember } from '../../../src-main/shared/community-schemas'
import type { GlobalTrainingRequest, TrainingRequest } from '../../../src-main/shared/training-params'
import type { TrainingProgress } from '../../../src-main/shared/training-outcome'
import { TRAINING_PRESETS, type TrainingPreset } from '../../../src-main/shared/training-presets'
import { api, notConnected, unwrap } from '../api/bridge'
import { useJobsStore } from './jobs'

/** What the training loop reported last, or its final figures once the run has ended ('done'). */
export type LiveProgress = Omit<TrainingProgress, 'phase'> & { phase: TrainingProgress['phase'] | 'done' }

/** One dataset, or a community (issue 11). */
export type TrainingMode = 'home' | 'community'
/** A community's target: one global model over its homes, or a home model of the community's total. */
export type CommunityTarget = 'homes' | 'total'

/** The community total a run trains on: its dataset and who it includes. */
export interface TrainedTotal {
  datasetId: number
  community: string
  members: TotalMember[]
}

/**
 * Training runs: the form's request, the pre-start check, the live run and the verdicts; in
 * community mode, the community, its target and the homes ticked.
 */
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
  const mode = ref<TrainingMode>('home')
  const communities = ref<CommunitySummary[]>([])
  const communityId = ref<number | null>(null)
  const target = ref<CommunityTarget>('homes')
  /** homes of the chosen community left unticked */
  const unticked = ref<number[]>([])
  /** the total the last community-total run trains on */
  const trainedTotal = ref<TrainedTotal | null>(null)

  const community = computed(() => communities.value.find((c) => c.communityId === communityId.value) ?? null)
  const tickedHomes = computed(() =>
    (community.value?.homes ?? []).filter((h) => !unticked.value.includes(h.datasetId)),
  )
  /** Why the community run cannot start yet, or null when it can. */
  const communityBlocker = computed(() => {
    if (!community.value) return 'Choose a community.'
    const needed = target.value === 'homes' ? 2 : 1
    return tickedHomes.value.length < needed
      ? `Tick at least ${needed} home${needed === 1 ? '' : 's'}: ${
          target.value === 'homes'
            ? 'a global model learns from several homes.'
            : 'the total sums the homes ticked.'
        }`
      : null
  })
  const canStart = computed(() =>
    mode.value === 'home' ? check.value?.ok === true : communityBlocker.value === null,
  )

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

  /** The communities to choose from in community mode (the Communities area owns them). */
  async function loadCommunities() {
    const bridge = api()
    if (!bridge) return
    const result = await bridge.community.list({})
    if (!result.ok) return
    communities.value = result.data
    if (!community.value) chooseCommunity(result.data.find((c) => c.homes.length >= 2)?.communityId ?? null)
  }

  function chooseCommunity(id: number | null) {
    communityId.value = id
    unticked.value = []
  }

  function toggleHome(datasetId: number) {
    unticked.value = unticked.value.includes(datasetId)
      ? unticked.value.filter((id) => id !== datasetId)
      : [...unticked.value, datasetId]
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

  /** Starts the form's run: on its dataset, or on the chosen community (its homes, or its total). */
  async function start() {
    if (mode.value === 'community') return startCommunity()
    await follow(async (bridge) => unwrap(await bridge.training.start(plainRequest())))
  }

  /** Starts a prepared run (a fine-tuning from the Models area); the form shows its settings. */
  async function startWith(prepared: TrainingRequest) {
    mode.value = 'home'
    request.value = JSON.parse(JSON.stringify(prepared))
    await follow(async (bridge) => unwrap(await bridge.training.start(plainRequest())))
  }

  async function startCommunity() {
    const chosen = community.value
    if (!chosen || communityBlocker.value) {
      error.value = communityBlocker.value
      return
    }
    const homes = tickedHomes.value.map((h) => h.datasetId)
    const everyHome = homes.length === chosen.homes.length
    const { datasetId: _dataset, initFrom: _init, ...params } = plainRequest()
    if (target.value === 'homes') {
      const request: GlobalTrainingRequest = { ...params, datasetIds: homes, communityId: chosen.communityId }
      trainedTotal.value = null
      await follow(async (bridge) => unwrap(await bridge.training.startGlobal(request)))
      return
    }
    // the total is a dataset of its own: built (or refreshed) first, then trained on like a home
    await follow(async (bridge) => {
      const total = unwrap(
        await bridge.community.buildTotal({
          communityId: chosen.communityId,
          ...(everyHome ? {} : { homes }),
        }),
      )
      trainedTotal.value = { datasetId: total.datasetId, community: chosen.name, members: total.members }
      return unwrap(await bridge.training.start({ ...params, datasetId: total.datasetId }))
    })
  }

  /** Follows a run the `begin` call starts: live progress, then its verdict. */
  async function follow(
    begin: (bridge: NonNullable<ReturnType<typeof api>>) => Promise<{ runId: number; job: JobInfo }>,
  ) {
    const bridge = api()
    error.value = null
    selectedRun.value = null
    lastProgress.value = null
    try {
      const started = await begin(bridge ?? unwrap(notConnected))
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
    mode,
    communities,
    communityId,
    target,
    unticked,
    community,
    tickedHomes,
    communityBlocker,
    canStart,
    trainedTotal,
    loadCommunities,
    chooseCommunity,
    toggleHome,
    applyPreset,
    runCheck,
    plainRequest,
    loadDatasets,
    loadRuns,
    selectRun,
    start,
    startWith,
    cancel,
  }
})
