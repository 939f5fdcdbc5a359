/**
 * The readings of one home as they are parsed, before sorting: instants (UTC epoch ms, or naive
 * wall-clock ms until the file's zone is decided), one float32 column per series (watts; NaN =
 * empty cell) and an all-zero flag per row. Several files of the same home append to one
 * accumulator; `segments` remembers which rows came from which file.
 */
import { GrowableFloat32, GrowableFloat64, GrowableUint8 } from './growable'
import { POWER_COLUMNS } from './layout'

/** A finding about a file's rows that did not stop the import (the dataset report's warning shape). */
export interface ImportWarning {
  code: string
  message: string
  count: number
}

export interface SourceFile {
  path: string
  name: string
  bytes: number
  sha256: string
  layout: string
  /** data rows of this home in this file */
  rows: number
  /** how naive timestamps were read, when the file had some */
  naive: 'utc' | 'local' | null
  /** what the import's checks found in this home's rows of the file (file-checks.ts) */
  warnings: ImportWarning[]
}

export interface Segment {
  /** first and one-past-last row index in the accumulator */
  start: number
  end: number
  file: SourceFile
}

export class HomeAccumulator {
  readonly instants = new GrowableFloat64()
  /** 1 when every power column of the row's file is 0 */
  readonly zero = new GrowableUint8()
  readonly columns = new Map<string, GrowableFloat32>()
  readonly segments: Segment[] = []
  readonly files: SourceFile[] = []

  constructor(readonly home: string) {
    for (const name of POWER_COLUMNS) this.column(name)
  }

  get length(): number {
    return this.instants.length
  }

  /** The column of this name, created and back-filled with NaN if it is new. */
  column(name: string): GrowableFloat32 {
    let column = this.columns.get(name)
    if (!column) {
      column = new GrowableFloat32(Math.max(4096, this.length))
      column.fill(NaN, this.length)
      this.columns.set(name, column)
    }
    return column
  }

  /** Makes room for `more` rows in every column (an estimate from the file size). */
  reserve(more: number): void {
    const capacity = this.length + more
    this.instants.reserve(capacity)
    this.zero.reserve(capacity)
    for (const column of this.columns.values()) column.reserve(capacity)
  }

  /** Power columns first, then the meter channels in the order they were met. */
  columnNames(): string[] {
    return [...this.columns.keys()]
  }
}
