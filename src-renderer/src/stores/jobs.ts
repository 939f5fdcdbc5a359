import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { JobInfo } from '../../../src-main/shared/contract'
import { api, notConnected, unwrap } from '../api/bridge'

/** Background jobs (imports, training) that other stores start: their live progress feeds the status bar. */
export const useJobsStore = defineStore('jobs', () => {
  const jobs = ref<Record<string, JobInfo>>({})
  const lastError = ref<string | null>(null)
  let unsubscribe: (() => void) | undefined
  const waiters = new Map<string, ((info: JobInfo) => void)[]>()

  const active = computed(() => Object.values(jobs.value).filter((job) => job.endedAt === null))
  const recent = computed(() =>
    Object.values(jobs.value)
      .sort((a, b) => b.startedAt - a.startedAt)
      .slice(0, 20),
  )

  function apply(info: JobInfo) {
    jobs.value[info.jobId] = info
    if (info.endedAt !== null) {
      for (const resolve of waiters.get(info.jobId) ?? []) resolve(info)
      waiters.delete(info.jobId)
    }
  }

  async function connect() {
    const bridge = api()
    if (!bridge || unsubscribe) return
    unsubscribe = bridge.on.job.updated(apply)
    const result = await bridge.job.list({})
    if (result.ok) for (const info of result.data) apply(info)
  }

  async function cancel(jobId: string) {
    const bridge = api()
    try {
      apply(unwrap(bridge ? await bridge.job.cancel({ jobId }) : notConnected))
    } catch (e) {
      lastError.value = (e as Error).message
    }
  }

  /**
   * Records a job a call just started (its answer carries the job's first state), so it shows as
   * running before its first event; a state the events already brought is newer and is kept.
   */
  function track(info: JobInfo) {
    if (!jobs.value[info.jobId]) apply(info)
  }

  /** Resolves when the job ends (done, failed or cancelled). */
  function settled(jobId: string): Promise<JobInfo> {
    const known = jobs.value[jobId]
    if (known && known.endedAt !== null) return Promise.resolve(known)
    return new Promise((resolve) => waiters.set(jobId, [...(waiters.get(jobId) ?? []), resolve]))
  }

  return { jobs, active, recent, lastError, connect, cancel, track, settled }
})
