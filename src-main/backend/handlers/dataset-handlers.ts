import { basename } from 'node:path'
import { datasetDetail, datasetList } from '../../data/store/dataset-reports'
import {
  cleanDataset,
  defaultSamplesDir,
  deleteDataset,
  renameDataset,
  sampleFiles,
} from '../../data/dataset-service'
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
  return {
    'dataset:list': () => datasetList(library),
    'dataset:get': ({ datasetId }) => datasetDetail(library, datasetId),
    'dataset:import': async ({ files, zone, naive, allowDuplicate }) => {
      const paths = context.files.take(files, 'read')
      return startImport(
        paths,
        { zone, naive, allowDuplicate },
        paths.length === 1 ? `Import ${basename(paths[0])}` : `Import ${paths.length} files`,
      )
    },
    'dataset:importSample': async ({ allowDuplicate }) =>
      startImport(sampleFiles(samplesDir), { allowDuplicate }, 'Import the sample household'),
    'dataset:clean': (request) => cleanDataset(library, request),
    'dataset:series': (request) => seriesWindow(library, request),
    'dataset:profile': ({ datasetId, column }) => dailyProfile(library, datasetId, column),
    'dataset:distribution': ({ datasetId, column, bins }) => distribution(library, datasetId, column, bins),
    'dataset:rename': ({ datasetId, name }) => renameDataset(library, datasetId, name),
    'dataset:delete': ({ datasetId }) => deleteDataset(library, datasetId),
  }
}
