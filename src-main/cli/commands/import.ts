import { resolve } from 'node:path'
import type { ImportedDataset, ImportResult, JobStartRequest } from '../../shared/contract'
import { AppError } from '../../shared/result'
import { UsageError, type Command } from '../command'
import { printable } from '../printable'
import { runJobWithProgress } from '../run-job'
import { formatReport } from './dataset-format'
import { plural } from '../../shared/human-units'

/** A dataset the library already had says so above its report. */
function formatImported(dataset: ImportedDataset): string {
  if (!dataset.alreadyImported) return formatReport(dataset)
  return (
    `Already in the library (same files, by SHA-256): dataset ${dataset.datasetId}, nothing was added ` +
    `(--copy imports them again).\n${formatReport(dataset)}`
  )
}

/** "204 files: 32 homes, 7 months of readings, communities CDB, ECHL; 2 files left out." */
function summaryLine(result: ImportResult): string {
  const s = result.summary!
  const left = s.files - s.imported
  return (
    `${plural(s.files, 'file')}: ${plural(s.homes, 'home')}, ${plural(s.months, 'month')} of readings` +
    (s.communities.length
      ? `, communit${s.communities.length > 1 ? 'ies' : 'y'} ${s.communities.join(', ')}`
      : '') +
    (left > 0 ? `; ${plural(left, 'file')} left out.` : '.')
  )
}

export const importCommand: Command = {
  name: 'import',
  summary: 'Import Voisin d’Énergie export files (one dataset per household) in one transaction',
  usage:
    'import <file-or-folder>... | --sample [--tz Europe/Brussels] [--naive auto|utc|local] [--copy] [--json]\n\n' +
    'Files of the same household are merged; a group file gives one dataset per home.\n' +
    'A folder is searched for CSV files (sub-folders too): a file of it that cannot be read is left out and\n' +
    'said why on stderr, where a file named on its own refuses the import. Each household joins the\n' +
    'community of its id prefix (CDB001 → CDB; see `communities`).\n' +
    '--naive: how timestamps without a zone are read (auto: by the `day` column test).\n' +
    'Files already in the library (same SHA-256) give back their dataset, and nothing is added;\n' +
    '--copy imports them again as a new dataset (for example with another --tz or --naive).\n' +
    '--json prints an array with one report per dataset, alreadyImported true for one the library had:\n' +
    '  [{"datasetId","home","intervalSeconds","rows","duplicates","start","end",\n' +
    '    "days":[{"day","expected","present","empty","zero","completeness"}],"warnings":[{"code","message","count"}],\n' +
    '    "kind","community","alreadyImported"}]',
  options: {
    tz: { type: 'string' },
    naive: { type: 'string' },
    sample: { type: 'boolean', default: false },
    copy: { type: 'boolean', default: false },
  },
  async run(input) {
    const naive = (input.values.naive as string | undefined) ?? 'auto'
    if (!['auto', 'utc', 'local'].includes(naive)) throw new UsageError('--naive must be auto, utc or local')
    const zone = input.values.tz as string | undefined
    const copy = input.values.copy ? { allowDuplicate: true } : {}
    const backend = await input.backend()
    if (input.values.sample) {
      if (input.positionals.length > 0) throw new UsageError('import --sample takes no files')
      const started = await backend.call('dataset:importSample', copy)
      if (!started.ok) throw new AppError(started.error.code, started.error.message)
      const final = await backend.context.jobs.wait(started.data.jobId)
      if (final.status !== 'done') throw new AppError('invalid-input', final.error?.message ?? final.message)
      return print(final.result as ImportResult)
    }
    if (input.positionals.length === 0)
      throw new UsageError('import needs files: import <file>... (or --sample)')
    const request: JobStartRequest = {
      kind: 'import',
      params: {
        paths: input.positionals.map((p) => resolve(p)),
        naive: naive as 'auto',
        ...(zone ? { zone } : {}),
        ...copy,
      },
    }
    const final = await runJobWithProgress(backend, request, input)
    print(final.result as ImportResult)

    function print(result: ImportResult) {
      // the folder summary and the files left out go to stderr, so --json stays the array
      for (const file of result.refused ?? [])
        input.io.err(`left out: ${printable(file.path)}: ${printable(file.reason)}\n`)
      if (result.summary?.folders) input.io.err(summaryLine(result) + '\n')
      if (input.json) input.io.out(JSON.stringify(result.datasets) + '\n')
      else input.io.out(result.datasets.map((r) => formatImported(r)).join('\n') + '\n')
    }
  },
}
