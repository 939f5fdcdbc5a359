/**
 * Per-home routing of one file's rows: each home of the file gets a target (its accumulator, its
 * columns in the file and its file record), created when the file first meets the home; in long
 * files the row's `home_id` bytes pick the target, compared with the last row's before any string
 * is made.
 */
import { HomeAccumulator, type SourceFile } from './accumulator'
import type { GrowableFloat32 } from './growable'
import { homeIdProblem } from './home-id'
import type { HomeColumns, Layout } from './layout'
import { emptyHomeChecks, type HomeChecks } from './row-checks'

/** Where one home's values go, resolved once per file (not per row). */
export interface HomeTarget {
  accumulator: HomeAccumulator
  columns: HomeColumns
  file: SourceFile
  segmentStart: number
  /** accumulator columns this file has no value for */
  absent: GrowableFloat32[]
  /** the accumulator's p_cons, p_prod, p_tot and channel columns, looked up once per file */
  cons: GrowableFloat32
  prod: GrowableFloat32
  tot: GrowableFloat32
  channelColumns: GrowableFloat32[]
  /** channel columns this file added to the accumulator (dropped whole if the file's column is ignored) */
  addedColumns: Set<string>
  /** what the row checks found in this home's rows */
  checks: HomeChecks
}

/** The file as its records name it. */
export interface ExportFile {
  path: string
  name: string
  bytes: number
}

/** True when `bytes[at, at + expected.length)` equals `expected`. */
function sameBytes(expected: Uint8Array, bytes: Uint8Array, at: number): boolean {
  for (let i = 0; i < expected.length; i++) if (bytes[at + i] !== expected[i]) return false
  return true
}

/** The targets of one file's homes, in the order the file meets them. */
export class HomeTargets {
  readonly list: HomeTarget[] = []
  private readonly byHome = new Map<string, HomeTarget>()
  /** long files: the target of the last row, and that row's home_id bytes as found in the file */
  current: HomeTarget | null = null
  currentBytes: Buffer | null = null
  /** where every home's values are, in files with one set of columns for all homes (all but group files) */
  sharedColumns: HomeColumns | null

  /** @param fail refuses the file at the current line (an invalid home id) */
  constructor(
    private readonly homes: Map<string, HomeAccumulator>,
    private readonly file: ExportFile,
    private readonly layout: Layout,
    private readonly fail: (problem: string) => never,
  ) {
    this.sharedColumns = layout.homes.length === 1 ? layout.homes[0] : null
    // a file without home_id names its homes in the header: their targets exist from the start
    if (layout.homeId === -1) for (const home of layout.homes) this.targetFor(home.home!)
  }

  /** The target of `home`, created (with its accumulator if the import has none yet) on first use. */
  targetFor(home: string): HomeTarget {
    let target = this.byHome.get(home)
    if (!target) {
      const problem = homeIdProblem(home, this.layout.homeId === -1 ? 'file name' : 'home_id')
      if (problem) this.fail(problem)
      target = this.create(home)
      this.byHome.set(home, target)
      this.list.push(target)
    }
    return target
  }

  /**
   * Long files: the target of the row whose home_id is `chunk[start, end)`; `fail` refuses an empty one.
   * The same bytes as the last row's (the usual case) cost a comparison, no string.
   */
  route(chunk: Buffer, start: number, end: number, fail: (problem: string) => never): HomeTarget {
    const known = this.currentBytes
    if (!this.current || known!.length !== end - start || !sameBytes(known!, chunk, start)) {
      const home = chunk.toString('latin1', start, end).trim()
      if (home === '') fail('empty home_id.')
      this.currentBytes = Buffer.from(chunk.subarray(start, end))
      this.current = this.targetFor(home)
    }
    return this.current
  }

  /**
   * Stops reading the (non-derived) channel `name` in this file, for every home: its values from this file
   * are removed (the column itself when this file added it), and the homes met later do not get it.
   */
  dropChannel(name: string): void {
    const shared = this.sharedColumns!
    this.sharedColumns = { ...shared, channels: shared.channels.filter((c) => c.name !== name) }
    for (const target of this.list) {
      const accumulator = target.accumulator
      target.columns = this.sharedColumns
      if (target.addedColumns.has(name)) accumulator.columns.delete(name)
      else {
        const column = accumulator.columns.get(name)!
        column.data.fill(NaN, target.segmentStart, column.length)
        target.absent.push(column)
      }
      target.channelColumns = target.columns.channels.map((c) => accumulator.column(c.name))
    }
  }

  private create(home: string): HomeTarget {
    const layout = this.layout
    const columns = this.sharedColumns ?? layout.homes.find((h) => h.home === home)!
    let accumulator = this.homes.get(home)
    if (!accumulator) {
      accumulator = new HomeAccumulator(home)
      this.homes.set(home, accumulator)
    }
    const file: SourceFile = {
      ...this.file,
      sha256: '',
      layout: layout.name,
      rows: 0,
      naive: null,
      warnings: [],
    }
    const own = new Set(['p_cons', 'p_prod', 'p_tot', ...columns.channels.map((c) => c.name)])
    const addedColumns = new Set(
      columns.channels.map((c) => c.name).filter((n) => !accumulator.columns.has(n)),
    )
    for (const channel of columns.channels) accumulator.column(channel.name)
    const target: HomeTarget = {
      accumulator,
      columns,
      file,
      segmentStart: accumulator.length,
      absent: accumulator
        .columnNames()
        .filter((n) => !own.has(n))
        .map((n) => accumulator.column(n)),
      cons: accumulator.column('p_cons'),
      prod: accumulator.column('p_prod'),
      tot: accumulator.column('p_tot'),
      channelColumns: columns.channels.map((c) => accumulator.column(c.name)),
      addedColumns,
      checks: emptyHomeChecks(),
    }
    accumulator.files.push(file)
    return target
  }
}
