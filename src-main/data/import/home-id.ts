/**
 * What a home id may look like. Ids name datasets and end up in file names and in the app's pages, so the
 * importer refuses anything beyond the shape of the real ones (`CDB001`, `ECHL01`, `ECH001`; a file's stem
 * for wide files named otherwise): ASCII letters, digits, `_`, `-` and `.`, not starting with `.` or `-`,
 * no `..`, at most 64 characters. That rules out HTML, path separators, `..` and control characters.
 */

export const HOME_ID_MAX = 64
const HOME_ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/

/** Null when `home` is a valid home id, else what is wrong with it (one sentence, the id quoted). */
export function homeIdProblem(home: string, from: 'home_id' | 'file name'): string | null {
  if (home.length <= HOME_ID_MAX && HOME_ID.test(home) && !home.includes('..')) return null
  // JSON quoting shows control characters as escapes, never raw, in a terminal or a page
  const shown = JSON.stringify(home.length > 40 ? `${home.slice(0, 40)}…` : home)
  const source = from === 'home_id' ? 'home_id' : 'home id (from the file name)'
  return (
    `${source} ${shown} is not a valid home id: use letters, digits, "_", "-" and "." ` +
    `(not first, no ".."), at most ${HOME_ID_MAX} characters` +
    (from === 'file name' ? '; rename the file (e.g. CDB001.csv).' : '.')
  )
}
