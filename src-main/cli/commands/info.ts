import { AppError } from '../../shared/result'
import type { Command } from '../command'

export const infoCommand: Command = {
  name: 'info',
  summary: 'Show the app version, the library path and its schema version',
  usage: 'info [--db FILE] [--json]',
  maxPositionals: 0,
  options: {},
  async run({ backend, json, io }) {
    const result = await (await backend()).call('app:info', {})
    if (!result.ok) throw new AppError(result.error.code, result.error.message)
    const info = result.data
    if (json) io.out(JSON.stringify(info) + '\n')
    else {
      io.out(
        [
          `${info.name} ${info.version}`,
          `database:       ${info.databasePath}`,
          `schema version: ${info.schemaVersion}`,
          `data folder:    ${info.dataDir}`,
          `platform:       ${info.platform}, Node ${info.node}`,
        ].join('\n') + '\n',
      )
    }
  },
}
