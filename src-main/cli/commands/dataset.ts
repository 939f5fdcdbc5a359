import type { ColumnStats, DatasetDetail } from '../../shared/contract'
import { formatPower } from '../../shared/human-units'
import { AppError } from '../../shared/result'
import { UsageError, type Command } from '../command'
import { formatReport } from './dataset-format'

const reasonWords = { incomplete: 'removed: incomplete', 'zero-dominated': 'removed: mostly zeros' } as const

/** `p_cons  850 W / 912 W / 4.2 kW  (8,640 readings)` */
function statsLine(name: string, stats: ColumnStats | undefined): string {
  if (!stats || stats.count === 0) return `    ${name.padEnd(8)} no readings`
  const values = [stats.min, stats.mean, stats.max].map(formatPower).join(' / ')
  return `    ${name.padEnd(8)} ${values}  (${stats.count.toLocaleString('en')} readings)`
}

/** What the cleaned statistics include, in words. */
function statsHeading(detail: DatasetDetail): string {
  const r = detail.recipe
  const left = [
    r.spikeThresholdW !== null ? `spikes (|p| ≥ ${formatPower(r.spikeThresholdW)})` : '',
    r.treatZeroRowsAsMissing ? 'all-zero rows' : '',
  ].filter(Boolean)
  return (
    `  cleaned series (${detail.keptDays.length} kept days${left.length > 0 ? `; ${left.join(' and ')} left out` : ''}` +
    `${r.flipSign ? '; sign flipped' : ''}${detail.cleanedAt ? '; saved recipe' : '; default recipe'}), min / mean / max:`
  )
}

export const datasetCommand: Command = {
  name: 'dataset',
  summary: 'Show one dataset: per-day counts, warnings, statistics of the cleaned series and of the import',
  usage:
    'dataset <id> [--json] [--details]\n\n' +
    '--json prints the report with "stats" (the cleaned series) and "rawStats" (the import as read):\n' +
    '{"p_cons": {"min","mean","max","count"}, …} per column. --details prints everything the app shows.',
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
      const { stats, rawStats } = detail
      io.out(JSON.stringify(values.details ? detail : { ...detail.report, stats, rawStats }) + '\n')
      return
    }
    const lines = [formatReport(detail.report, detail.recipe.minCompleteness)]
    lines.push(`  zone ${detail.zone}`)
    lines.push(statsHeading(detail))
    for (const name of detail.columns) lines.push(statsLine(name, detail.stats[name]))
    lines.push('  as imported (every reading), min / mean / max:')
    for (const name of detail.columns) lines.push(statsLine(name, detail.rawStats[name]))
    for (const file of detail.files) {
      lines.push(
        `  file ${file.name} (${file.layout}, ${file.rows.toLocaleString('en')} rows, sha256 ${file.sha256.slice(0, 16)}…)`,
      )
    }
    lines.push(
      `  day         expected  present    empty     zero  complete${detail.cleanedAt ? '  (saved recipe)' : ''}`,
    )
    for (const d of detail.report.days) {
      const reason = detail.removalReasons[d.day]
      lines.push(
        `  ${d.day} ${String(d.expected).padStart(9)} ${String(d.present).padStart(8)} ${String(d.empty).padStart(8)} ` +
          `${String(d.zero).padStart(8)}  ${(100 * d.completeness).toFixed(1).padStart(6)} %${reason ? `  ${reasonWords[reason]}` : ''}`,
      )
    }
    io.out(lines.join('\n') + '\n')
  },
}
