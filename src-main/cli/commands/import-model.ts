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
    const api = await backend()
    // The path typed here is the person's own choice: the CLI grants it like an open dialog would.
    const file = api.context.files.grant(resolve(positionals[0]), 'read').token
    const result = await callOrThrow(api, 'model:import', { file })
    io.out(
      json
        ? JSON.stringify(result) + '\n'
        : `Imported model ${result.modelId} (${result.name}, ${result.home})` +
            `${result.datasetId ? `, linked to dataset ${result.datasetId}` : ''}.\n`,
    )
  },
}
