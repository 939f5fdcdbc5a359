import { Library } from '../../db/library'
import { assignByPrefix } from '../../community/community-store'
import { datasetReport } from '../../data/store/dataset-reports'
import { readExports } from '../../data/import/read-exports'
import { storeDatasets } from '../../data/store/store-datasets'
import type { ImportParams, ImportResult } from '../../shared/contract'
import type { JobFunction } from '../job-context'

/**
 * Imports export files in the worker: streamed parse with progress, then one transaction on
 * the worker's own library connection. A cancel or an error rolls everything back. Files the
 * library already holds give back their dataset (`alreadyImported`) unless a copy is asked for.
 */
export const importFiles: JobFunction<ImportParams, ImportResult> = async (params, context) => {
  const checkpoint = async () => {
    await context.yieldToEvents()
    context.throwIfCancelled()
  }
  const onProgress = (fraction: number, message: string) => context.progress({ fraction, message })
  const prepared = await readExports(params.paths, {
    zone: params.zone,
    naive: params.naive,
    onProgress,
    checkpoint,
  })
  const library = await Library.open(context.databasePath)
  try {
    const stored = await storeDatasets(library, prepared, {
      onProgress,
      checkpoint,
      allowDuplicate: params.allowDuplicate,
      // each new household joins the community of its id prefix, in the import's transaction
      afterStore: assignByPrefix,
    })
    const datasets = []
    for (const { datasetId, alreadyImported } of stored)
      datasets.push({ ...(await datasetReport(library, datasetId)), alreadyImported })
    return { datasets }
  } finally {
    await library.close()
  }
}
