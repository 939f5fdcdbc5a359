import { AppError } from '../../shared/result'
import { UsageError, type Command } from '../command'
import { formatReport } from './dataset-format'

export const datasetCommand: Command = {
  name: 'dataset',
  summary: 'Show one dataset: per-day counts, warnings (and with --details files, statistics, cleaning)',
  usage: 'dataset <id> [--json] [--details]',
  maxPositionals: 1,
  options: { details: { type: 'boolean', default: false } },
  async run({ backend, json, io, positionals, values }) {
    const datasetId = Number(positionals[0])
    if (!Number.isInteger(datasetId) || datasetId <= 0)
      throw new UsageError('dataset needs an id: dataset <id>')
    const result = await (await backend()).call('dataset:get', { datasetId })
    if (!result.ok) throw new AppError(result.error.code, result.error.message)
    const detail = result.data
    if (json) {
      io.out(JSON.stringify(values.details ? detail : detail.report) + '\n')
      return
    }
    const lines = [formatReport(detail.report, detail.recipe.minCompleteness)]
    lines.push(
      `  zone ${detail.zone}; p_cons min / mean / max: ${[
        detail.stats.min,
        detail.stats.mean,
        detail.stats.max,
      ]
        .map((v) => (v === null ? '–' : `${v.toFixed(1)} W`))
        .join(' / ')}`,
    )
    for (const file of detail.files) {
      lines.push(
        `  file ${file.name} (${file.layout}, ${file.rows} rows, sha256 ${file.sha256.slice(0, 16)}…)`,
      )
    }
    lines.push(
      `  day         expected  present    empty     zero  complete${detail.cleanedAt ? '  (saved recipe)' : ''}`,
    )
    const removed = new Set(detail.removedDays)
    for (const d of detail.report.days) {
      lines.push(
        `  ${d.day} ${String(d.expected).padStart(9)} ${String(d.present).padStart(8)} ${String(d.empty).padStart(8)} ` +
          `${String(d.zero).padStart(8)}  ${(100 * d.completeness).toFixed(1).padStart(6)} %${removed.has(d.day) ? '  removed' : ''}`,
      )
    }
    io.out(lines.join('\n') + '\n')
  },
}
