/**
 * The import's fast path: the data lines of a chunk parsed in WebAssembly (row-scanner-module.ts) into
 * column blocks that parse-export.ts appends to a home's accumulator. The scanner writes exactly what the
 * JavaScript line parser would, and stops before any line it does not handle the same way; the caller
 * parses that line in JavaScript and calls it again. Without WebAssembly there is no scanner and every
 * line goes through JavaScript.
 */
import { instanceWithMemory, ownModule, type WasmMemory } from '../../wasm/api'
import type { HomeColumns, Layout } from '../import/layout'
import type { CheckWindow } from '../import/row-checks'
import { buildRowScannerModule } from './row-scanner-module'
import { ScannerLayout as P, StopReason } from './row-scanner-layout'

/** Rows per call: the column blocks' size (the scan stops when they are full and is called again). */
const CAPACITY = 8192

const scannerModule = ownModule('row scanner', buildRowScannerModule)
/** counted per scan (wasm/api.ts: a fast path must be seen to be taken) */
const scannerUse = scannerModule.use

/** What one `scan` call did. */
export interface ScanOutcome {
  rows: number
  lines: number
  naiveRows: number
  exactRows: number
  nextDay: number
  sameDay: number
  /** the byte (of the loaded piece) where it stopped: the end, or the first line left to JavaScript */
  stop: number
  /** true when it stopped before a line the caller must parse itself */
  lineForJavaScript: boolean
}

export class RowScanner {
  private readonly words: Int32Array
  private readonly bytes: Uint8Array
  private readonly floats: Float64Array
  private readonly scanLines: (from: number, to: number) => void
  private readonly instantBlock: Float64Array
  private readonly zeroBlock: Uint8Array
  private readonly valueBlocks: Float32Array[]
  private loaded: Uint8Array | null = null
  private homeBytes: Uint8Array | null = null

  /**
   * A scanner for rows of `layout` whose values go to `columns` (p_cons, p_prod, p_tot, then the meter
   * channels), or null when this layout is not one it reads (group files, whose powers are sums of
   * channels) or there is no WebAssembly.
   */
  static create(layout: Layout, columns: HomeColumns): RowScanner | null {
    if (columns.derived) return null
    const indexes = [columns.power.p_cons, columns.power.p_prod, columns.power.p_tot]
    indexes.push(...columns.channels.map((c) => c.index))
    if (indexes.length > P.valuesMax || layout.fieldCount + 1 > (P.input - P.fieldStarts) / 4) return null
    const outInstants = P.input + P.inputMax
    const outZero = outInstants + CAPACITY * 8
    const outValues = outZero + CAPACITY
    const instance = instanceWithMemory(scannerModule, outValues + CAPACITY * 4 * indexes.length)
    if (!instance) return null
    return new RowScanner(instance.memory, instance.exports.scan as (from: number, to: number) => void, {
      layout,
      indexes,
      outInstants,
      outZero,
      outValues,
    })
  }

  private constructor(
    memory: WasmMemory,
    scan: (from: number, to: number) => void,
    plan: { layout: Layout; indexes: number[]; outInstants: number; outZero: number; outValues: number },
  ) {
    this.scanLines = scan
    this.words = new Int32Array(memory.buffer, 0, P.valueIndex / 4 + plan.indexes.length)
    this.bytes = new Uint8Array(memory.buffer)
    this.floats = new Float64Array(memory.buffer, 0, P.windowHi / 8 + 1)
    const w = this.words
    w[P.fieldCount / 4] = plan.layout.fieldCount
    w[P.timestampIndex / 4] = plan.layout.timestamp
    w[P.dayIndex / 4] = plan.layout.day
    w[P.homeIndex / 4] = plan.layout.homeId
    w[P.valueCount / 4] = plan.indexes.length
    w[P.capacity / 4] = CAPACITY
    w[P.outInstants / 4] = plan.outInstants
    w[P.outZero / 4] = plan.outZero
    w[P.outValues / 4] = plan.outValues
    w.set(plan.indexes, P.valueIndex / 4)
    new Float64Array(memory.buffer, P.pow10, 23).set(Array.from({ length: 23 }, (_, k) => 10 ** k))
    this.instantBlock = new Float64Array(memory.buffer, plan.outInstants, CAPACITY)
    this.zeroBlock = new Uint8Array(memory.buffer, plan.outZero, CAPACITY)
    this.valueBlocks = plan.indexes.map(
      (_, j) => new Float32Array(memory.buffer, plan.outValues + j * CAPACITY * 4, CAPACITY),
    )
  }

  /** Copies a piece of the file in (once per piece); false when it is too large to scan. */
  load(piece: Uint8Array): boolean {
    if (this.loaded === piece) return true
    if (piece.length > P.inputMax) return false
    this.bytes.set(piece, P.input)
    this.loaded = piece
    return true
  }

  /** Long files: the home_id bytes of the rows it may take (others are left to JavaScript); false if too long. */
  setHome(home: Uint8Array): boolean {
    if (this.homeBytes === home) return true
    if (home.length > P.homeBytesMax) return false
    this.bytes.set(home, P.homeBytes)
    this.words[P.homeLength / 4] = home.length
    this.homeBytes = home
    return true
  }

  /**
   * The check window (row-checks.ts): the scanner reads a row only when its instant (or naive wall-clock time)
   * is in `[lo, hi)`, its designator is the window's and its `day` cell is the window's 10 bytes; it leaves
   * any other row to JavaScript, which checks it and opens the next window. Empty (lo = hi) at first.
   */
  setWindow(window: CheckWindow): void {
    this.floats[P.windowLo / 8] = window.lo
    this.floats[P.windowHi / 8] = window.hi
    this.words[P.windowNaive / 4] = window.naive ? 1 : 0
    this.words[P.windowOffset / 4] = window.offsetMinutes
    this.bytes.set(window.day, P.windowDay)
  }

  /**
   * Parses whole lines of the loaded piece from byte `from` to `to` until the column blocks are full, the
   * lines end, or a line needs JavaScript; the rows are then in `instants()`, `zero()` and `values(j)`.
   */
  scan(from: number, to: number): ScanOutcome {
    this.scanLines(P.input + from, P.input + to)
    scannerUse.calls++
    const w = this.words
    return {
      rows: w[P.rows / 4],
      lines: w[P.lines / 4],
      naiveRows: w[P.naiveRows / 4],
      exactRows: w[P.exactRows / 4],
      nextDay: w[P.nextDay / 4],
      sameDay: w[P.sameDay / 4],
      stop: w[P.stop / 4] - P.input,
      lineForJavaScript: w[P.reason / 4] === StopReason.lineForJavaScript,
    }
  }

  /** The last scan's instants (views into the module's memory: append them before the next scan). */
  instants(rows: number): Float64Array {
    return this.instantBlock.subarray(0, rows)
  }

  zero(rows: number): Uint8Array {
    return this.zeroBlock.subarray(0, rows)
  }

  /** Value column j: 0 p_cons, 1 p_prod, 2 p_tot, then the meter channels in the layout's order. */
  values(j: number, rows: number): Float32Array {
    return this.valueBlocks[j].subarray(0, rows)
  }
}
