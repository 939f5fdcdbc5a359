import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { AnalyseFileResult, JobInfo } from '../../../src-main/shared/contract'
import { api, notConnected, unwrap } from '../api/bridge'
import { useJobsStore } from './jobs'

/** Datasets: choosing export files and inspecting them. */
export const useDatasetsStore = defineStore('datasets', () => {
  const jobs = useJobsStore()
  const analysisJobId = ref<string | null>(null)
  const error = ref<string | null>(null)

  const analysis = computed<JobInfo | null>(() =>
    analysisJobId.value ? (jobs.jobs[analysisJobId.value] ?? null) : null,
  )
  const analysisResult = computed(() =>
    analysis.value?.status === 'done' ? (analysis.value.result as AnalyseFileResult) : null,
  )

  /** Asks the OS file dialog for export files; an empty list when the person cancels. */
  async function pickFiles(multiple: boolean): Promise<string[]> {
    const bridge = api()
    const result = unwrap(
      bridge
        ? await bridge.dialog.openFiles({
            title: 'Open Voisin d’Énergie exports',
            multiple,
            filters: [
              { name: 'CSV exports', extensions: ['csv', 'txt'] },
              { name: 'All files', extensions: ['*'] },
            ],
          })
        : notConnected,
    )
    return result.paths
  }

  async function analyse(path: string) {
    error.value = null
    try {
      const info = await jobs.start({ kind: 'analyse-file', params: { path } })
      analysisJobId.value = info.jobId
    } catch (e) {
      error.value = (e as Error).message
    }
  }

  async function pickAndAnalyse() {
    try {
      const [path] = await pickFiles(false)
      if (path) await analyse(path)
    } catch (e) {
      error.value = (e as Error).message
    }
  }

  return { analysis, analysisResult, error, pickFiles, analyse, pickAndAnalyse }
})
