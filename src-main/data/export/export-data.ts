/** `export-data` / "Export data…": the clean table written as CSV to a file the person chose. */
import type { Queryable } from '../../db/library'
import { writeThroughPartial } from '../../files/partial-file'
import { loadCleanTable, type CleanTableOptions } from './clean-table'
import { tableToCsv } from './data-csv'

export interface ExportDataResult {
  datasetId: number
  path: string
  /** data rows (slots), header excluded */
  rows: number
  bytes: number
  intervalSeconds: number
  raw: boolean
}

/** Writes the table through `<path>.partial` (files/partial-file.ts): a failed write leaves no half file. */
export async function exportData(
  q: Queryable,
  datasetId: number,
  path: string,
  options: CleanTableOptions = {},
): Promise<ExportDataResult> {
  const table = await loadCleanTable(q, datasetId, options)
  const bytes = await writeThroughPartial(q, path, tableToCsv(table), `${table.home}.csv`)
  return {
    datasetId,
    path,
    rows: table.flags.length,
    bytes,
    intervalSeconds: table.intervalSeconds,
    raw: Boolean(options.raw),
  }
}
