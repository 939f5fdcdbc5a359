import { Library } from '../../db/library'
import { assignByPrefix } from '../../community/community-store'
import { datasetReport } from '../../data/store/dataset-reports'
import { expandImportPaths, sortReadableFiles, type RefusedFile } from '../../data/import/import-folder'
import { readExports } from '../../data/import/read-exports'
import { storeDatasets } from '../../data/store/store-datasets'
import type { ImportParams, ImportResult } from '../../shared/contract'
import { AppError } from '../../shared/result'
import type { JobFunction } from '../job-context'

/** Share of a folder import's progress bar spent checking each file alone. */
const CHECK_SHARE = 0.3

/**
 * Imports export files in the worker: streamed parse with progress, then one transaction on
 * the worker's own library connection. A cancel or an error rolls everything back. Files the
 * library already holds give back their dataset (`alreadyImported`) unless a copy is asked for.
 * Folders are searched for CSV files; a file of a folder that cannot be read is left out and said
 * why (import-folder.ts), where a file named on its own refuses the import.
 */
export const importFiles: JobFunction<ImportParams, ImportResult> = async (params, context) => {
  const checkpoint = async () => {
    await context.yieldToEvents()
    context.throwIfCancelled()
  }
  const report = (fraction: number, message: string) => context.progress({ fraction, message })
  const { files, fromFolders } = expandImportPaths(params.paths)
  let paths = files
  let refused: RefusedFile[] = []
  let onProgress = report
  if (fromFolders) {
    const sorted = await sortReadableFiles(files, {
      zone: params.zone,
      naive: params.naive,
      checkpoint,
      onProgress: (fraction, message) => report(CHECK_SHARE * fraction, message),
    })
    paths = sorted.readable
    refused = sorted.refused
    if (paths.length === 0)
      throw new AppError(
        'invalid-input',
        `None of the ${files.length} file(s) can be imported; ${refused[0].name}: ${refused[0].reason}`,
      )
    onProgress = (fraction, message) => report(CHECK_SHARE + (1 - CHECK_SHARE) * fraction, message)
  }
  const prepared = await readExports(paths, {
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
    const months = new Set(
      datasets.flatMap((d) => d.days.filter((day) => day.present > 0).map((day) => day.day.slice(0, 7))),
    )
    return {
      datasets,
      refused: refused.map(({ path, reason }) => ({ path, reason })),
      summary: {
        folders: fromFolders,
        files: files.length,
        imported: paths.length,
        homes: datasets.length,
        months: months.size,
        communities: [...new Set(datasets.map((d) => d.community).filter((c): c is string => c !== null))],
      },
    }
  } finally {
    await library.close()
  }
}
