/** The `backtests` and `backtest_folds` tables (migration 007): rows in, plain objects out. */
import { deserialize, serialize } from 'node:v8'
import type { Queryable } from '../../db/library'
import { processIsAlive } from '../../jobs/process-alive'
import type { BacktestDetail, BacktestListItem, BacktestSummary } from '../../shared/backtest-schemas'
import { parseJsonSafely } from '../../shared/safe-json'
import type { FoldResult, FoldWindows } from './fold-work'
import type { FoldDays } from './folds'

export type BacktestStatus = BacktestListItem['status']

interface BacktestRow {
  id: number
  model_id: number | null
  dataset_id: number | null
  kind: 'home' | 'global'
  name: string
  status: BacktestStatus
  params_json: string
  options_json: string
  plan_json: string | null
  summary_json: string | null
  runner: string | null
  message: string
  created_at: string
  ended_at: string | null
  folds_done: number
}

const NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

export async function createBacktest(
  db: Queryable,
  row: {
    modelId: number | null
    datasetId: number | null
    kind: 'home' | 'global'
    name: string
    params: unknown
    options: unknown
  },
): Promise<number> {
  const { lastID } = await db.run(
    `INSERT INTO backtests (model_id, dataset_id, kind, name, status, params_json, options_json, owner_pid)
     VALUES (?, ?, ?, ?, 'running', ?, ?, ?)`,
    [
      row.modelId,
      row.datasetId,
      row.kind,
      row.name,
      JSON.stringify(row.params),
      JSON.stringify(row.options),
      process.pid,
    ],
  )
  return lastID
}

export async function savePlan(
  db: Queryable,
  backtestId: number,
  plan: FoldDays[],
  runner: string,
): Promise<void> {
  await db.run('UPDATE backtests SET plan_json = ?, runner = ? WHERE id = ?', [
    JSON.stringify(plan),
    runner,
    backtestId,
  ])
}

/** Stores one finished fold (its verdict and per-window figures) as soon as it ends. */
export async function saveFold(
  db: Queryable,
  backtestId: number,
  result: FoldResult,
  windows: FoldWindows,
): Promise<void> {
  await db.run(
    'INSERT OR REPLACE INTO backtest_folds (backtest_id, fold, result_json, windows) VALUES (?, ?, ?, ?)',
    [backtestId, result.fold, JSON.stringify(result), serialize(windows)],
  )
}

export async function finishBacktest(
  db: Queryable,
  backtestId: number,
  patch: { status: BacktestStatus; message: string; summary?: BacktestSummary | null; runner?: string },
): Promise<void> {
  await db.run(
    `UPDATE backtests SET status = ?, message = ?, summary_json = COALESCE(?, summary_json), runner = COALESCE(?, runner),
       ended_at = ${NOW} WHERE id = ?`,
    [
      patch.status,
      patch.message,
      patch.summary ? JSON.stringify(patch.summary) : null,
      patch.runner ?? null,
      backtestId,
    ],
  )
}

/** Marks a backtest failed or cancelled unless it already ended (its worker died without saying so). */
export async function endBacktestIfRunning(
  db: Queryable,
  backtestId: number,
  status: 'failed' | 'cancelled',
  message: string,
): Promise<void> {
  await db.run(
    `UPDATE backtests SET status = ?, message = ?, ended_at = ${NOW} WHERE id = ? AND status = 'running'`,
    [status, message, backtestId],
  )
}

/** On start-up: backtests left running by a process that is gone were interrupted (their folds are kept). */
export async function markInterruptedBacktests(
  db: Queryable,
  isAlive: (pid: number) => boolean = processIsAlive,
): Promise<void> {
  const running = await db.all<{ id: number; owner_pid: number | null }>(
    "SELECT id, owner_pid FROM backtests WHERE status = 'running'",
  )
  for (const b of running) {
    if (b.owner_pid === process.pid || (b.owner_pid !== null && isAlive(b.owner_pid))) continue
    await db.run(
      `UPDATE backtests SET status = 'interrupted', message = 'The app stopped while this backtest ran; the folds done are kept.',
         ended_at = ${NOW} WHERE id = ? AND status = 'running'`,
      [b.id],
    )
  }
}

const SELECT = `SELECT backtests.*, (SELECT COUNT(*) FROM backtest_folds WHERE backtest_id = backtests.id) AS folds_done FROM backtests`

function listItem(row: BacktestRow): BacktestListItem {
  const options = parseJsonSafely<{ folds?: number }>(row.options_json)
  const summary = row.summary_json ? parseJsonSafely<BacktestSummary>(row.summary_json) : null
  return {
    backtestId: row.id,
    modelId: row.model_id,
    datasetId: row.dataset_id,
    kind: row.kind,
    name: row.name,
    status: row.status,
    message: row.message,
    createdAt: row.created_at,
    endedAt: row.ended_at,
    foldsPlanned: options.folds ?? 0,
    foldsDone: row.folds_done,
    skillMean: summary?.skillMean ?? null,
    skillStd: summary?.skillStd ?? null,
    wins: summary?.wins ?? null,
    pValue: summary?.dieboldMariano?.pValue ?? null,
  }
}

export async function listBacktests(
  db: Queryable,
  filter: { modelId?: number; datasetId?: number },
): Promise<BacktestListItem[]> {
  const where: string[] = []
  const values: number[] = []
  if (filter.modelId !== undefined) {
    where.push('model_id = ?')
    values.push(filter.modelId)
  }
  if (filter.datasetId !== undefined) {
    where.push('dataset_id = ?')
    values.push(filter.datasetId)
  }
  const rows = await db.all<BacktestRow>(
    `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC`,
    values,
  )
  return rows.map(listItem)
}

export async function foldResults(db: Queryable, backtestId: number): Promise<FoldResult[]> {
  const rows = await db.all<{ result_json: string }>(
    'SELECT result_json FROM backtest_folds WHERE backtest_id = ? ORDER BY fold',
    [backtestId],
  )
  return rows.map((r) => parseJsonSafely<FoldResult>(r.result_json))
}

export async function foldWindows(db: Queryable, backtestId: number, fold?: number): Promise<FoldWindows[]> {
  const rows = await db.all<{ windows: Buffer }>(
    `SELECT windows FROM backtest_folds WHERE backtest_id = ? ${fold === undefined ? '' : 'AND fold = ?'} ORDER BY fold`,
    fold === undefined ? [backtestId] : [backtestId, fold],
  )
  return rows.map((r) => deserialize(r.windows) as FoldWindows)
}

/** The backtest in full, or null when there is none with this id. */
export async function getBacktest(db: Queryable, backtestId: number): Promise<BacktestDetail | null> {
  const row = await db.get<BacktestRow>(`${SELECT} WHERE id = ?`, [backtestId])
  if (!row) return null
  return {
    ...listItem(row),
    params: parseJsonSafely(row.params_json),
    options: parseJsonSafely(row.options_json),
    runner: row.runner,
    folds: await foldResults(db, backtestId),
    summary: row.summary_json ? parseJsonSafely<BacktestSummary>(row.summary_json) : null,
  }
}
