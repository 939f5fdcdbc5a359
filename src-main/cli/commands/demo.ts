import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createBackend } from '../../backend/create-backend'
import type { ImportResult } from '../../shared/contract'
import { AppError } from '../../shared/result'
import { presetById } from '../../shared/training-presets'
import { UsageError, type Command } from '../command'
import { printable } from '../printable'
import { followJob } from '../run-job'
import { formatVerdict, outcomeJson } from '../verdict'
import { trainAndWait } from './train'

export const demoCommand: Command = {
  name: 'demo',
  summary:
    'Import the bundled sample household into a temporary library, train "next hour", print the verdict',
  usage: 'demo [--engine scratch|tfjs] [--epochs N] [--json]',
  maxPositionals: 0,
  options: { engine: { type: 'string' }, epochs: { type: 'string' } },
  async run(input) {
    const epochs = input.values.epochs === undefined ? undefined : Number(input.values.epochs)
    if (epochs !== undefined && !(Number.isInteger(epochs) && epochs >= 1 && epochs <= 100_000))
      throw new UsageError(
        `--epochs must be a whole number from 1 to 100000, got "${String(input.values.epochs)}"`,
      )
    const dir = mkdtempSync(join(tmpdir(), 'voisin-forecast-demo-'))
    const backend = await createBackend({ dataDir: dir, workerEntry: input.workerEntry })
    try {
      input.io.err(
        `Temporary library: ${printable(join(dir, 'library.sqlite'))}\nImporting the sample household…\n`,
      )
      const imported = await followJob(backend, () => backend.call('dataset:importSample', {}), input)
      const datasets = (imported.result as ImportResult | undefined)?.datasets ?? []
      if (datasets.length === 0) throw new AppError('internal', 'The sample household could not be imported.')
      const dataset = datasets[0]
      const preset = presetById('next-hour')!
      input.io.err(`Training "${preset.label}" on ${dataset.home} (dataset ${dataset.datasetId})…\n`)
      const outcome = await trainAndWait(
        backend,
        {
          ...preset.params,
          datasetId: dataset.datasetId,
          engine: (input.values.engine as 'scratch' | 'tfjs' | undefined) ?? 'scratch',
          ...(epochs ? { epochs } : {}),
        },
        input,
      )
      if (input.json) input.io.out(JSON.stringify(outcomeJson(outcome)) + '\n')
      else input.io.out('\n' + formatVerdict(outcome))
    } finally {
      await backend.close()
      rmSync(dir, { recursive: true, force: true })
    }
  },
}
