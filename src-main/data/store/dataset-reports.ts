/** The shapes the CLI and the Datasets area show, built from the stored dataset rows. */
import type { Queryable } from '../../db/library'
import { parseJsonSafely } from '../../shared/safe-json'
import type { DatasetDetail, DatasetListItem, DatasetReport, SourceFileInfo } from '../../shared/contract'
import { classifyDays } from '../cleaning/cleaning'
import { effectiveRecipe } from '../cleaning/clean-series'
import { datasetStats } from '../inspect/column-stats'
import { loadDatasetRow, loadDays, type DatasetRow, type StoredDay } from './stored-readings'

const iso = (ms: number) => new Date(ms).toISOString()

/** The community a dataset belongs to (a member home), or comes from (its total), by name. */
async function communityName(q: Queryable, datasetId: number): Promise<string | null> {
  const row = await q.get<{ name: string }>(
    `SELECT c.name FROM communities c
     WHERE c.id = (SELECT community_id FROM community_members WHERE dataset_id = ?)
        OR c.id = (SELECT source_community_id FROM datasets WHERE id = ?)`,
    [datasetId, datasetId],
  )
  return row?.name ?? null
}

function reportOf(row: DatasetRow, days: StoredDay[], community: string | null): DatasetReport {
  return {
    datasetId: row.id,
    home: row.home,
    kind: row.kind === 'community-total' ? 'community-total' : 'home',
    community,
    intervalSeconds: row.interval_seconds,
    rows: row.rows,
    duplicates: row.duplicates,
    start: iso(row.start_ms),
    end: iso(row.end_ms),
    days: days.map((d) => ({
      day: d.day,
      expected: d.expected,
      present: d.present,
      empty: d.empty,
      zero: d.zero,
      completeness: d.expected > 0 ? d.present / d.expected : 0,
    })),
    warnings: parseJsonSafely(row.warnings),
  }
}

/** `{datasetId, home, intervalSeconds, rows, duplicates, start, end, days, warnings}` of one dataset. */
export async function datasetReport(q: Queryable, datasetId: number): Promise<DatasetReport> {
  return reportOf(
    await loadDatasetRow(q, datasetId),
    await loadDays(q, datasetId),
    await communityName(q, datasetId),
  )
}

/** The kept / removed days of the saved recipe, or of the default one, with why each is removed. */
function cleaningOf(row: DatasetRow, days: StoredDay[]) {
  const recipe = effectiveRecipe(row.interval_seconds, row.recipe)
  const classified = classifyDays(days, recipe)
  if (row.kept_days && row.removed_days) {
    const removedDays = parseJsonSafely(row.removed_days) as string[]
    return {
      recipe,
      keptDays: parseJsonSafely(row.kept_days) as string[],
      removedDays,
      removalReasons: Object.fromEntries(
        removedDays.map((day) => [day, classified.removalReasons[day] ?? ('incomplete' as const)]),
      ),
    }
  }
  return { recipe, ...classified }
}

export async function datasetDetail(q: Queryable, datasetId: number): Promise<DatasetDetail> {
  const row = await loadDatasetRow(q, datasetId)
  const days = await loadDays(q, datasetId)
  const files = await q.all<SourceFileInfo>(
    'SELECT name, path, bytes, sha256, layout, rows, naive FROM dataset_files WHERE dataset_id = ? ORDER BY id',
    [datasetId],
  )
  return {
    report: reportOf(row, days, await communityName(q, datasetId)),
    name: row.name,
    zone: row.zone,
    createdAt: row.created_at,
    readings: row.readings,
    columns: parseJsonSafely(row.columns),
    ...(await datasetStats(q, datasetId)),
    files,
    ...cleaningOf(row, days),
    cleanedAt: row.cleaned_at,
    rangeStartMs: days.length > 0 ? days[0].startMs : row.start_ms,
    rangeEndMs: days.length > 0 ? days[days.length - 1].endMs : row.end_ms,
  }
}

export async function datasetList(q: Queryable): Promise<DatasetListItem[]> {
  const rows = await q.all<DatasetRow>('SELECT * FROM datasets WHERE deleted_at IS NULL ORDER BY id')
  const items: DatasetListItem[] = []
  for (const row of rows) {
    const days = await loadDays(q, row.id)
    const { keptDays } = cleaningOf(row, days)
    items.push({
      datasetId: row.id,
      home: row.home,
      kind: row.kind === 'community-total' ? 'community-total' : 'home',
      community: await communityName(q, row.id),
      name: row.name,
      zone: row.zone,
      intervalSeconds: row.interval_seconds,
      start: iso(row.start_ms),
      end: iso(row.end_ms),
      rows: row.rows,
      readings: row.readings,
      firstDay: days[0]?.day ?? '',
      lastDay: days[days.length - 1]?.day ?? '',
      totalDays: days.length,
      keptDays: keptDays.length,
      cleaned: row.cleaned_at !== null,
      warnings: parseJsonSafely(row.warnings),
      createdAt: row.created_at,
    })
  }
  return items
}
