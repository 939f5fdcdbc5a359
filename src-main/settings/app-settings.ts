/**
 * The app's own settings, kept in the library's `settings` table (so the app and the CLI on the same
 * library agree): the theme, and the recent imports. A recent import is named to the renderer by an
 * id (a hash of its paths): "Open recent" sends the id back and the paths never leave the main side.
 */
import { createHash } from 'node:crypto'
import { basename } from 'node:path'
import type { Queryable } from '../db/library'
import type { AppSettings, RecentImport, Theme } from '../shared/contract'
import { AppError } from '../shared/result'
import { parseJsonSafely } from '../shared/safe-json'

/** Recent imports kept, newest first. */
export const MAX_RECENT = 10

const THEME_KEY = 'app:theme'
const RECENT_KEY = 'app:recent-imports'

async function readKey<T>(q: Queryable, key: string, fallback: T): Promise<T> {
  const row = await q.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key])
  if (!row) return fallback
  try {
    return parseJsonSafely(row.value) as T
  } catch {
    return fallback // a damaged setting is not worth refusing to start over
  }
}

async function writeKey(q: Queryable, key: string, value: unknown): Promise<void> {
  await q.run('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)', [key, JSON.stringify(value)])
}

const idOf = (paths: string[]) =>
  createHash('sha256')
    .update(JSON.stringify([...paths].sort()))
    .digest('hex')
    .slice(0, 16)

/** "CDB008_2022_03_15min.csv", or "CDB008_2022_03_15min.csv + 2 more". */
function nameOf(paths: string[]): string {
  const first = basename(paths[0])
  return paths.length === 1 ? first : `${first} + ${paths.length - 1} more`
}

export async function readSettings(q: Queryable): Promise<AppSettings> {
  const theme = await readKey<Theme>(q, THEME_KEY, 'system')
  return {
    theme: ['system', 'light', 'dark'].includes(theme) ? theme : 'system',
    recentImports: await readKey<RecentImport[]>(q, RECENT_KEY, []),
  }
}

export async function updateSettings(q: Queryable, patch: { theme?: Theme }): Promise<AppSettings> {
  if (patch.theme) await writeKey(q, THEME_KEY, patch.theme)
  return readSettings(q)
}

/** Puts an import's files first in the recent list (the same files again move up, not twice). */
export async function rememberImport(q: Queryable, paths: string[]): Promise<RecentImport[]> {
  const id = idOf(paths)
  const entry: RecentImport = { id, name: nameOf(paths), paths, openedAt: new Date().toISOString() }
  const earlier = (await readSettings(q)).recentImports.filter((r) => r.id !== id)
  const list = [entry, ...earlier].slice(0, MAX_RECENT)
  await writeKey(q, RECENT_KEY, list)
  return list
}

/** The files of a recent import, by its id. */
export async function recentImportPaths(q: Queryable, recentId: string): Promise<string[]> {
  const found = (await readSettings(q)).recentImports.find((r) => r.id === recentId)
  if (!found)
    throw new AppError('not-found', 'That recent import is no longer in the list: open the files again.')
  return found.paths
}

export async function clearRecentImports(q: Queryable): Promise<AppSettings> {
  await writeKey(q, RECENT_KEY, [])
  return readSettings(q)
}
