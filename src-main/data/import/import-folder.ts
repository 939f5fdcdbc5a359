/**
 * Importing a folder (a whole community's exports, issue 11): its CSV files, found recursively, each
 * read on its own first, so a file that cannot be read is left out with its reason instead of refusing
 * the whole folder; the readable ones are then imported together, one dataset per household, in one
 * transaction. Files named one by one keep the strict rule: one bad file refuses the import.
 */
import { readdirSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { AppError } from '../../shared/result'
import { ZoneClock } from '../zone'
import type { HomeAccumulator } from './accumulator'
import type { NaiveMode } from './naive-timestamps'
import { parseExportFile } from './parse-export'

/** Folders deeper than this are not followed (a link loop, or a whole disk by mistake). */
const MAX_DEPTH = 16
/** More files than this in one import is surely not a community's exports. */
const MAX_FILES = 10_000

export interface ExpandedPaths {
  /** the files to read, folders' CSV files sorted by path, in the order the paths were given */
  files: string[]
  /** true when at least one path was a folder */
  fromFolders: boolean
}

function walk(dir: string, depth: number, out: string[]): void {
  if (depth > MAX_DEPTH) return
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) walk(path, depth + 1, out)
    else if (entry.isFile() && entry.name.toLowerCase().endsWith('.csv')) out.push(path)
    if (out.length > MAX_FILES)
      throw new AppError(
        'invalid-request',
        `${dir} holds more than ${MAX_FILES} CSV files: choose a smaller folder.`,
      )
  }
}

/** The files of `paths`: files as given, folders replaced by the CSV files they hold (recursively). */
export function expandImportPaths(paths: string[]): ExpandedPaths {
  const files: string[] = []
  let fromFolders = false
  for (const path of paths) {
    let isDirectory = false
    try {
      isDirectory = statSync(path).isDirectory()
    } catch {
      // not there, or not readable: the file check of the import says which, by name
    }
    if (!isDirectory) {
      files.push(path)
      continue
    }
    fromFolders = true
    const found: string[] = []
    walk(path, 0, found)
    if (found.length === 0)
      throw new AppError('invalid-input', `${path} holds no CSV file (looked in its sub-folders too).`)
    files.push(...found)
  }
  return { files: [...new Set(files)], fromFolders }
}

export interface RefusedFile {
  path: string
  name: string
  reason: string
}

/**
 * Reads each file alone (nothing is kept) and sorts them into the readable ones and the refused ones,
 * with the one-line reason the import would have given.
 */
export async function sortReadableFiles(
  files: string[],
  options: {
    zone?: string
    naive?: NaiveMode
    onProgress?: (fraction: number, message: string) => void
    checkpoint?: () => Promise<void>
  },
): Promise<{ readable: string[]; refused: RefusedFile[] }> {
  const clock = new ZoneClock(options.zone ?? 'Europe/Brussels')
  const readable: string[] = []
  const refused: RefusedFile[] = []
  for (const [index, path] of files.entries()) {
    options.onProgress?.(index / files.length, `Checking ${basename(path)} (${index + 1}/${files.length})`)
    try {
      const homes = new Map<string, HomeAccumulator>()
      const read = await parseExportFile(path, homes, {
        clock,
        naive: options.naive ?? 'auto',
        checkpoint: options.checkpoint,
      })
      if (read.every((f) => f.rows === 0))
        refused.push({ path, name: basename(path), reason: 'no readings (header only)' })
      else readable.push(path)
    } catch (error) {
      if (!(error instanceof AppError) || error.code === 'cancelled') throw error
      refused.push({ path, name: basename(path), reason: error.message })
    }
  }
  return { readable, refused }
}
