/**
 * JSON.parse for text the app did not just write itself (a `.vfmodel` file, a row of the library
 * that another version or a hand edit may have changed). `JSON.parse` keeps a `"__proto__"` key as
 * an own property; a later `Object.assign`, a merge or a copy into a class instance would then set
 * the prototype. Keys that can reach a prototype are never kept.
 */

/** Keys dropped from every parsed object: they reach or replace a prototype when merged. */
export const FORBIDDEN_JSON_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

/**
 * Parses JSON without the keys of FORBIDDEN_JSON_KEYS, at any depth.
 * @param onForbiddenKey told the path of every dropped key (e.g. `manifest.params.__proto__`),
 *   for a caller that refuses such a document instead of cleaning it
 */
export function parseJsonSafely<T = unknown>(text: string, onForbiddenKey?: (path: string) => void): T {
  const value: unknown = JSON.parse(text)
  // The walk visits every value; skip it for the (usual) text that cannot hold such a key.
  if (!/"(?:__proto__|constructor|prototype)"/.test(text) && !text.includes('\\u')) return value as T
  return stripForbiddenKeys(value, '', onForbiddenKey) as T
}

/** Removes forbidden keys in place (objects made by JSON.parse are plain, so deletion is safe). */
function stripForbiddenKeys(value: unknown, path: string, onForbiddenKey?: (path: string) => void): unknown {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) {
    value.forEach((item, k) => stripForbiddenKeys(item, `${path}[${k}]`, onForbiddenKey))
    return value
  }
  const record = value as Record<string, unknown>
  for (const key of Object.keys(record)) {
    const at = path ? `${path}.${key}` : key
    if (FORBIDDEN_JSON_KEYS.has(key)) {
      delete record[key]
      onForbiddenKey?.(at)
    } else stripForbiddenKeys(record[key], at, onForbiddenKey)
  }
  return value
}
