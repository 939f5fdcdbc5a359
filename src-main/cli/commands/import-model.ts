import { resolve } from 'node:path'
import { UsageError, type Command } from '../command'
import { callOrThrow } from './model-call'

export const importModelCommand: Command = {
  name: 'import-model',
  summary: 'Add a model from a .vfmodel file (checked completely first; prints the new id)',
  usage: 'import-model <file> [--json]',
  maxPositionals: 1,
  options: {},
  async run({ backend, json, io, positionals }) {
    if (!positionals[0]) throw new UsageError('import-model needs a file: import-model <file>')
    const result = await callOrThrow(await backend(), 'model:import', { path: resolve(positionals[0]) })
    io.out(
      json
        ? JSON.stringify(result) + '\n'
        : `Imported model ${result.modelId} (${result.name}, ${result.home})` +
            `${result.datasetId ? `, linked to dataset ${result.datasetId}` : ''}.\n`,
    )
  },
}
