import { resolve } from 'node:path'
import { UsageError, type Command } from '../command'
import { callOrThrow, idArgument } from './model-call'

export const exportModelCommand: Command = {
  name: 'export-model',
  summary: 'Write a model to one .vfmodel file (manifest + weights) to share it',
  usage: 'export-model <id> <file> [--json]',
  maxPositionals: 2,
  options: {},
  async run({ backend, json, io, positionals }) {
    const modelId = idArgument(positionals[0], 'export-model <id> <file>')
    if (!positionals[1]) throw new UsageError('export-model needs a file: export-model <id> <file>')
    const api = await backend()
    // The path typed here is the person's own choice: the CLI grants it like a save dialog would.
    const file = api.context.files.grant(resolve(positionals[1]), 'write').token
    const result = await callOrThrow(api, 'model:export', { modelId, file })
    io.out(
      json
        ? JSON.stringify(result) + '\n'
        : `Model ${modelId} written to ${result.path} (${result.bytes} bytes).\n`,
    )
  },
}
