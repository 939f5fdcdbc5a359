/** Human-readable lines for dataset reports (the --json forms print the contract shapes as they are). */
import type { DatasetReport } from '../../shared/contract'
import { plural } from '../../shared/human-units'
import { warningTitle } from '../../shared/warning-titles'

export function formatInterval(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`
  if (seconds % 60 === 0) return `${seconds / 60} min`
  return `${seconds} s`
}

/** One paragraph per dataset: what was imported and what is wrong with it. */
export function formatReport(report: DatasetReport, minCompleteness = 0.9): string {
  const complete = report.days.filter((d) => d.completeness >= minCompleteness).length
  const lines = [
    `dataset ${report.datasetId}  ${report.home}  every ${formatInterval(report.intervalSeconds)}  ` +
      `${report.start} → ${report.end}`,
    `  ${plural(report.rows, 'row')}, ${plural(report.duplicates, 'duplicate')} dropped, ` +
      `${plural(report.days.length, 'day')} (${complete} at least ${Math.round(minCompleteness * 100)} % complete)`,
  ]
  for (const warning of report.warnings)
    lines.push(`  ! ${warningTitle(warning.code)} [${warning.code}]: ${warning.message}`)
  return lines.join('\n')
}

/** Parses `15min`, `1h`, `60s`, `300` (seconds) or `raw` (null). */
export function parseDuration(text: string): number | null {
  if (text === 'raw' || text === 'none') return null
  const match = /^(\d+(?:\.\d+)?)\s*(s|sec|min|m|h)?$/i.exec(text.trim())
  if (!match) return NaN
  const value = Number(match[1])
  const unit = (match[2] ?? 's').toLowerCase()
  return Math.round(value * (unit === 'h' ? 3600 : unit === 'min' || unit === 'm' ? 60 : 1))
}
