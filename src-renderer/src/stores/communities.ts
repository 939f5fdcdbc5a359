import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type {
  CommunityDetail,
  CommunitySeries,
  CommunitySummary,
  TotalMember,
} from '../../../src-main/shared/community-schemas'
import type { DatasetListItem } from '../../../src-main/shared/contract'
import { api, notConnected, unwrap } from '../api/bridge'

/** Points per community chart request: about one per horizontal pixel. */
const CHART_POINTS = 1200

/** The community's total as last built: its dataset, the homes it includes and who was left out. */
export interface BuiltTotal {
  communityId: number
  datasetId: number
  rebuilt: boolean
  members: TotalMember[]
  completeShare: number
}

/**
 * Energy communities (issue 11): the list, the selected community's report (heat map, sums,
 * self-sufficiency, shares), its members (rename, add, remove) and the dataset of its total.
 */
export const useCommunitiesStore = defineStore('communities', () => {
  const list = ref<CommunitySummary[]>([])
  const loaded = ref(false)
  /** the library's datasets: where homes to add come from */
  const datasets = ref<DatasetListItem[]>([])
  const selectedId = ref<number | null>(null)
  const detail = ref<CommunityDetail | null>(null)
  const series = ref<CommunitySeries | null>(null)
  const built = ref<BuiltTotal | null>(null)
  /** the selected community's report is being computed (about a second for twenty homes) */
  const loading = ref(false)
  const building = ref(false)
  const error = ref<string | null>(null)

  /** Households in no community: the ones that can be added (a home belongs to one community at most). */
  const candidates = computed(() => datasets.value.filter((d) => d.kind === 'home' && d.community === null))
  /** Each community's first and last local day, from its members' datasets (its start and end are UTC). */
  const periods = computed(() => {
    const byId = new Map(datasets.value.map((d) => [d.datasetId, d]))
    const result = new Map<number, { firstDay: string; lastDay: string }>()
    for (const c of list.value) {
      const members = c.homes.flatMap((h) => byId.get(h.datasetId) ?? [])
      if (members.length === 0) continue
      result.set(c.communityId, {
        firstDay: members.map((d) => d.firstDay).sort()[0],
        lastDay: members
          .map((d) => d.lastDay)
          .sort()
          .at(-1)!,
      })
    }
    return result
  })
  /** The selected community's built total, if the last build was of this community. */
  const total = computed(() =>
    built.value && built.value.communityId === selectedId.value ? built.value : null,
  )

  function bridge() {
    return api() ?? unwrap(notConnected)
  }

  /** Runs one piece of work, turning a failure into the area's error message. */
  async function guarded<T>(work: () => Promise<T>): Promise<T | undefined> {
    error.value = null
    try {
      return await work()
    } catch (e) {
      error.value = (e as Error).message
      return undefined
    }
  }

  async function refreshLists() {
    list.value = unwrap(await bridge().community.list({}))
    datasets.value = unwrap(await bridge().dataset.list({}))
  }

  async function load() {
    await guarded(async () => {
      await refreshLists()
      loaded.value = true
      const still = list.value.some((c) => c.communityId === selectedId.value)
      if (!still) {
        selectedId.value = null
        detail.value = null
        series.value = null
      }
      if (selectedId.value === null && list.value.length > 0) await select(list.value[0].communityId)
    })
  }

  async function select(communityId: number) {
    selectedId.value = communityId
    detail.value = null
    series.value = null
    loading.value = true
    await guarded(async () => {
      const fetched = unwrap(await bridge().community.get({ communityId }))
      if (selectedId.value !== communityId) return
      detail.value = fetched
      await loadSeries()
    })
    if (selectedId.value === communityId) loading.value = false
  }

  /** The community chart over [fromMs, toMs) (the whole period when omitted). */
  async function loadSeries(fromMs?: number, toMs?: number) {
    const current = detail.value
    if (!current || current.homes.length === 0) return
    await guarded(async () => {
      const result = unwrap(
        await bridge().community.series({
          communityId: current.communityId,
          points: CHART_POINTS,
          ...(fromMs !== undefined && toMs !== undefined
            ? { fromMs: Math.floor(fromMs), toMs: Math.ceil(toMs) }
            : {}),
        }),
      )
      if (detail.value?.communityId === current.communityId) series.value = result
    })
  }

  /** Renames or changes the members of the selected community, then reloads what depends on them. */
  async function update(patch: { name?: string; add?: number[]; remove?: number[] }) {
    const communityId = selectedId.value
    if (communityId === null) return
    await guarded(async () => {
      unwrap(await bridge().community.update({ communityId, ...patch }))
      await refreshLists()
      if (patch.add?.length || patch.remove?.length) {
        if (built.value?.communityId === communityId) built.value = null
        await select(communityId)
      } else if (detail.value && patch.name) {
        detail.value = { ...detail.value, name: patch.name }
      }
    })
  }

  const rename = (name: string) => update({ name: name.trim() })
  const addMembers = (datasetIds: number[]) => update({ add: [...datasetIds] })
  const removeMember = (datasetId: number) => update({ remove: [datasetId] })

  /** Builds (or refreshes) the dataset holding the selected community's total. */
  async function buildTotal() {
    const communityId = selectedId.value
    if (communityId === null) return
    building.value = true
    await guarded(async () => {
      const result = unwrap(await bridge().community.buildTotal({ communityId }))
      built.value = { communityId, ...result }
      await refreshLists()
      if (detail.value?.communityId === communityId)
        detail.value = { ...detail.value, totalDatasetId: result.datasetId }
    })
    building.value = false
  }

  return {
    list,
    loaded,
    datasets,
    selectedId,
    detail,
    series,
    built,
    total,
    loading,
    building,
    error,
    candidates,
    periods,
    load,
    select,
    loadSeries,
    rename,
    addMembers,
    removeMember,
    buildTotal,
  }
})
