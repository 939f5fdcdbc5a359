import { basename } from 'node:path'
import { datasetDetail, datasetList } from '../../data/store/dataset-reports'
import {
  cleanDataset,
  defaultSamplesDir,
  deleteDataset,
  renameDataset,
  restoreDataset,
  sampleFiles,
} from '../../data/dataset-service'
import { exportData } from '../../data/export/export-data'
import { readSettings, recentImportPaths, rememberImport } from '../../settings/app-settings'
import { dailyProfile, distribution, seriesWindow } from '../../data/inspect/inspect'
import type { BackendContext, Handlers } from '../context'

type DatasetChannels =
  | 'dataset:list'
  | 'dataset:get'
  | 'dataset:import'
  | 'dataset:importSample'
  | 'dataset:clean'
  | 'dataset:series'
  | 'dataset:profile'
  | 'dataset:distribution'
  | 'dataset:rename'
  | 'dataset:delete'
  | 'dataset:restore'
  | 'dataset:exportData'
  | 'dataset:importRecent'

/** Datasets: imports (of granted files) run as worker jobs; everything else reads the library directly. */
export function datasetHandlers(
  context: BackendContext,
  samplesDir: string = defaultSamplesDir(),
): Pick<Handlers, DatasetChannels> {
  const { library } = context
  const startImport = (
    paths: string[],
    extra: { zone?: string; naive?: 'auto' | 'utc' | 'local'; allowDuplicate?: boolean },
    label: string,
  ) => context.jobs.start('import', { paths, ...extra }, label)
  /** Imports files the person chose, and remembers them for "Open recent" once they are in the library. */
  const importChosen = async (
    paths: string[],
    extra: { zone?: string; naive?: 'auto' | 'utc' | 'local'; allowDuplicate?: boolean },
  ) => {
    const job = await startImport(
      paths,
      extra,
      paths.length === 1 ? `Import ${basename(paths[0])}` : `Import ${paths.length} files`,
    )
    void context.jobs
      .wait(job.jobId)
      .then(async (final) => {
        if (final.status !== 'done') return
        await rememberImport(library, paths)
        context.emit('app:settingsChanged', await readSettings(library))
      })
      .catch(() => undefined) // the backend closed before the import ended
    return job
  }
  const changed = (datasetIds: number[]) => context.emit('dataset:changed', { datasetIds })
  return {
    'dataset:list': () => datasetList(library),
    'dataset:get': ({ datasetId }) => datasetDetail(library, datasetId),
    'dataset:import': async ({ files, zone, naive, allowDuplicate }) =>
      importChosen(context.files.take(files, 'read'), { zone, naive, allowDuplicate }),
    'dataset:importRecent': async ({ recentId }) =>
      importChosen(await recentImportPaths(library, recentId), {}),
    'dataset:importSample': async ({ allowDuplicate }) =>
      startImport(sampleFiles(samplesDir), { allowDuplicate }, 'Import the sample household'),
    'dataset:clean': (request) => cleanDataset(library, request),
    'dataset:series': (request) => seriesWindow(library, request),
    'dataset:profile': ({ datasetId, column }) => dailyProfile(library, datasetId, column),
    'dataset:distribution': ({ datasetId, column, bins }) => distribution(library, datasetId, column, bins),
    'dataset:rename': ({ datasetId, name }) => renameDataset(library, datasetId, name),
    'dataset:delete': async ({ datasetId }) => {
      const deleted = await deleteDataset(library, datasetId)
      changed([datasetId])
      return deleted
    },
    'dataset:restore': async ({ datasetId }) => {
      const restored = await restoreDataset(library, datasetId)
      changed([datasetId])
      return restored
    },
    'dataset:exportData': async ({ datasetId, file, resampleSeconds, raw }) =>
      exportData(library, datasetId, context.files.takeOne(file, 'write'), { resampleSeconds, raw }),
  }
}
