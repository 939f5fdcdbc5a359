/**
 * Reads a set of export files into one prepared dataset per household: parse (streamed),
 * merge (sort, drop duplicates), analyse. Nothing touches the library here; `storeDatasets`
 * writes the result in one transaction.
 */
import { AppError } from '../../shared/result'
import type { HomeAccumulator, SourceFile } from './accumulator'
import { analyseReadings, type Analysis } from '../analysis/analyse-readings'
import { datasetFileWarnings } from './file-checks'
import { mergeReadings, type MergedReadings } from './merge-readings'
import type { NaiveMode } from './naive-timestamps'
import { parseExportFile } from './parse-export'
import { parseExportFileParallel } from './parse-parallel'
import { plausibleSpan } from './row-checks'
import { ZoneClock } from '../zone'
import { checkUserFile } from '../../files/user-file'
import { availableParallelism } from 'node:os'

/**
 * Files from this size on are parsed on several threads: below it, starting the threads and
 * merging their columns costs about as much as the second core saves.
 */
const PARALLEL_MIN_BYTES = 32 << 20
/** More threads than this gain little (the calling thread hashes and merges) and cost memory. */
const MAX_THREADS = 4

export interface ReadOptions {
  /** IANA zone of the local days (default Europe/Brussels) */
  zone?: string
  naive?: NaiveMode
  /** progress: 0..1 of the bytes of all files, and a message */
  onProgress?: (fraction: number, message: string) => void
  checkpoint?: () => Promise<void>
  /**
   * Files of at least `minBytes` (default 32 MB) are parsed on `threads` threads (default: the
   * available cores, at most 4); with fewer than 2 threads every file is parsed on this thread.
   */
  parallel?: { threads?: number; minBytes?: number; onFallback?: (reason: string) => void }
}

export interface PreparedDataset {
  home: string
  zone: string
  readings: MergedReadings
  analysis: Analysis
  files: SourceFile[]
}

/** Parses, merges and analyses `paths`; throws an AppError naming file and line on bad input. */
export async function readExports(paths: string[], options: ReadOptions = {}): Promise<PreparedDataset[]> {
  if (paths.length === 0) throw new AppError('invalid-request', 'No files to import.')
  const zone = options.zone ?? 'Europe/Brussels'
  let clock: ZoneClock
  try {
    clock = new ZoneClock(zone)
  } catch (error) {
    throw new AppError('invalid-request', (error as Error).message)
  }
  // every path is checked before the first is read: a directory or a FIFO fails at once, by name
  const sizes = paths.map((path) => checkUserFile(path).size)
  const total = sizes.reduce((a, b) => a + b, 0)
  const homes = new Map<string, HomeAccumulator>()
  const threads = options.parallel?.threads ?? Math.min(MAX_THREADS, availableParallelism())
  const minBytes = options.parallel?.minBytes ?? PARALLEL_MIN_BYTES
  // one "now" for every file of the import
  const plausible = plausibleSpan()
  const headerOnly: SourceFile[][] = []
  let done = 0
  for (const [index, path] of paths.entries()) {
    const fileOptions = {
      clock,
      naive: options.naive ?? 'auto',
      plausible,
      checkpoint: options.checkpoint,
      onBytes: (read: number, rowsElsewhere = 0) => {
        const rows = [...homes.values()].reduce((sum, home) => sum + home.length, rowsElsewhere)
        options.onProgress?.(
          total > 0 ? (0.85 * (done + read)) / total : 0,
          `Reading ${path.split(/[\\/]/).pop()} (${index + 1}/${paths.length}): ${rows.toLocaleString('en')} rows`,
        )
      },
    }
    const files =
      threads >= 2 && sizes[index] >= minBytes
        ? await parseExportFileParallel(path, homes, {
            ...fileOptions,
            size: sizes[index],
            threads,
            onFallback: options.parallel?.onFallback,
          })
        : await parseExportFile(path, homes, fileOptions)
    done += sizes[index]
    if (files.every((f) => f.rows === 0)) headerOnly.push(files)
  }
  const prepared: PreparedDataset[] = []
  for (const accumulator of homes.values()) {
    if (accumulator.length === 0) continue
    options.onProgress?.(0.86, `Sorting and checking ${accumulator.home}`)
    await options.checkpoint?.()
    const readings = mergeReadings(accumulator)
    const naive = accumulator.files
      .filter((f) => f.naive !== null && f.rows > 0)
      .reduce<{ files: string[]; as: 'utc' | 'local'; zone: string }[]>((groups, f) => {
        const group = groups.find((g) => g.as === f.naive)
        if (group) group.files.push(f.name)
        else groups.push({ files: [f.name], as: f.naive!, zone })
        return groups
      }, [])
    const analysis = analyseReadings(readings, clock, {
      naive,
      files: datasetFileWarnings(accumulator.files.flatMap((f) => f.warnings)),
    })
    if (analysis.intervalSeconds <= 0) {
      const file = accumulator.files.find((f) => f.rows > 0)!
      throw new AppError(
        'invalid-input',
        `${file.name}: ${accumulator.home} has a single reading instant; the interval cannot be inferred.`,
      )
    }
    prepared.push({ home: accumulator.home, zone, readings, analysis, files: accumulator.files })
  }
  if (prepared.length === 0) {
    const names = headerOnly.flat().map((f) => f.name)
    throw new AppError(
      'invalid-input',
      `${[...new Set(names.length > 0 ? names : paths.map((p) => p.split(/[\\/]/).pop()))].join(', ')}, line 2: no readings (the file has a header only).`,
    )
  }
  return prepared
}
