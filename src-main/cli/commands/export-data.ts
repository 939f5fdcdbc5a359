import { resolve } from 'node:path'
import { formatBytes, plural } from '../../shared/human-units'

/** "215 kB" below a megabyte (a month of 15-min data), "12.3 MB" above. */
const size = (bytes: number) =>
  bytes < 1e6 ? `${Math.max(1, Math.round(bytes / 1e3))} kB` : formatBytes(bytes)
import { UsageError, type Command } from '../command'
import { parseDuration, formatInterval } from './dataset-format'
import { callOrThrow } from './model-call'

export const exportDataCommand: Command = {
  name: 'export-data',
  summary: 'Write a dataset as CSV for pandas or R: one row per slot, every column, a flag column',
  usage:
    'export-data <id> <file.csv> [--resample 15min|1h|raw] [--raw] [--json]\n\n' +
    'By default the cleaned series (the saved recipe: kept days, spikes and all-zero rows left out,\n' +
    'short gaps filled, the recipe’s resampling); --raw writes the readings as imported instead.\n' +
    'Columns: time_utc, time_local (with the zone’s offset), <column>_w (watts), flag:\n' +
    '  removed:incomplete | removed:zero-dominated (a removed day), spike | zero-row (a hidden reading),\n' +
    '  missing (no reading), filled:<spike|zero-row|missing> (interpolated over it), empty = a value kept.',
  maxPositionals: 2,
  options: { resample: { type: 'string' }, raw: { type: 'boolean', default: false } },
  async run({ backend, json, io, positionals, values }) {
    const usage = 'export-data <id> <file.csv>'
    const datasetId = Number(positionals[0])
    if (!Number.isInteger(datasetId) || datasetId <= 0)
      throw new UsageError(`export-data needs a dataset id: ${usage}`)
    if (!positionals[1]) throw new UsageError(`export-data needs a file: ${usage}`)
    let resampleSeconds: number | null | undefined
    if (values.resample !== undefined) {
      resampleSeconds = parseDuration(values.resample as string)
      if (Number.isNaN(resampleSeconds))
        throw new UsageError('--resample must be 1min, 15min, 1h, a number of seconds or raw')
    }
    const api = await backend()
    // The path typed here is the person's own choice: the CLI grants it like a save dialog would.
    const file = api.context.files.grant(resolve(positionals[1]), 'write').token
    const result = await callOrThrow(api, 'dataset:exportData', {
      datasetId,
      file,
      raw: Boolean(values.raw),
      ...(resampleSeconds !== undefined ? { resampleSeconds } : {}),
    })
    io.out(
      json
        ? JSON.stringify(result) + '\n'
        : `Dataset ${datasetId} written to ${result.path}: ${plural(result.rows, 'row')} of ${formatInterval(result.intervalSeconds)}` +
            `${result.raw ? ' (as imported)' : ' (cleaned)'}, ${size(result.bytes)}.\n`,
    )
  },
}
