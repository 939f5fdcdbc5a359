/**
 * Notices datasets that change behind the app's back: an import by the CLI on the same library,
 * another window of the app, or the app's own worker processes (each has its own connection).
 * SQLite's `PRAGMA data_version` changes when another connection commits; only then is the list of
 * datasets compared with the last one seen, and a change reported with the ids now in the library.
 */
import type { Queryable } from '../db/library'

/** How often the library is looked at (a cheap pragma; the list is read only after a commit). */
export const WATCH_INTERVAL_MS = 1500

export function watchLibrary(
  library: Queryable,
  onChange: (datasetIds: number[]) => void,
  intervalMs = WATCH_INTERVAL_MS,
): () => void {
  let version: number | undefined
  let signature: string | undefined
  let busy = false
  const look = async () => {
    if (busy) return
    busy = true
    try {
      const now = (await library.get<{ data_version: number }>('PRAGMA data_version'))?.data_version
      if (now === version) return
      version = now
      const rows = await library.all<{ id: number; name: string; cleaned_at: string | null }>(
        'SELECT id, name, cleaned_at FROM datasets WHERE deleted_at IS NULL ORDER BY id',
      )
      const next = JSON.stringify(rows)
      if (signature !== undefined && next !== signature) onChange(rows.map((r) => r.id))
      signature = next
    } catch {
      // the library is closing: the next look (if any) tries again
    } finally {
      busy = false
    }
  }
  void look()
  const timer = setInterval(() => void look(), intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
