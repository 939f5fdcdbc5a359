/**
 * Streams one export file (never whole in memory) into per-home accumulators. The bytes are
 * scanned directly (lines by memchr, fields by commas, numbers and timestamps without strings),
 * which is what makes a year of 8-second data (4 M rows, 300 MB) import in seconds.
 * Every refusal names the file, the line and the problem.
 */
import { createHash } from 'node:crypto'
import { createReadStream, statSync } from 'node:fs'
import { basename } from 'node:path'
import { AppError } from '../../shared/result'
import { HomeAccumulator, type SourceFile } from './accumulator'
import type { GrowableFloat32 } from './growable'
import { detectLayout, type HomeColumns, type Layout } from './layout'
import { numberStatus, parseNumberBytes } from './numbers'
import { resolveNaiveTimestamps, type NaiveMode, type NaiveEvidence } from './naive-timestamps'
import { RowScanner } from '../scanner/row-scanner'
import { parseDayBytes, parseTimestampBytes, type ParsedTimestamp } from './timestamps'
import type { ZoneClock } from '../zone'

const MS_PER_DAY = 86_400_000
const MAX_FIELDS = 4096
// a local alias: module exports are getters once transpiled, too slow for a per-cell check
const parsedNumber = numberStatus

/** Whole lines `[start, end)` (bytes) of a file, parsed apart from the rest: one thread's share. */
export interface ParseRange {
  start: number
  end: number
  /** the header line's bytes (no line terminator) when the range does not begin with it */
  header: Uint8Array | null
}

/** What a range parse leaves for the caller to decide once every range of the file is read. */
export interface ParseTally {
  naiveRows: number
  exactRows: number
  evidence: NaiveEvidence
  /** lines read in the range (the header included when the range begins with it) */
  lines: number
}

/**
 * A refusal at a line of a range. `line` counts from the range's first line, so the caller, who
 * knows how many lines come before the range, can put the file's line number in front of `problem`.
 */
export class RangeLineError extends AppError {
  constructor(
    readonly line: number,
    readonly problem: string,
    name: string,
  ) {
    super('invalid-input', `${name}, line ${line}: ${problem}`)
  }
}

export interface ParseOptions {
  clock: ZoneClock
  naive: NaiveMode
  /**
   * Parse only these lines and report into `tally` instead of finishing the file: no hash, naive
   * instants left as wall-clock ms, no empty-file or mixed-timestamp check (the caller does those
   * over the whole file).
   */
  range?: { lines: ParseRange; tally: ParseTally }
  /**
   * called after each chunk with the bytes read so far in this file; `rowsElsewhere` is the rows
   * parsed but not yet in the accumulators (a parallel parse's threads)
   */
  onBytes?: (bytesRead: number, rowsElsewhere?: number) => void
  /** called between chunks; throws to abort (cancel) */
  checkpoint?: () => Promise<void>
  /**
   * false: every line through the JavaScript parser, none through the WebAssembly row scanner (the
   * reference the tests compare the scanner with); the stored result is the same
   */
  rowScanner?: boolean
}

/** True when `bytes[at, at + expected.length)` equals `expected`. */
function sameBytes(expected: Uint8Array, bytes: Uint8Array, at: number): boolean {
  for (let i = 0; i < expected.length; i++) if (bytes[at + i] !== expected[i]) return false
  return true
}

/** Where one home's values go, resolved once per file (not per row). */
interface HomeTarget {
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
}

/** Parses `path` into `homes` (created on demand) and returns one source-file record per home. */
export async function parseExportFile(
  path: string,
  homes: Map<string, HomeAccumulator>,
  options: ParseOptions,
): Promise<SourceFile[]> {
  const name = basename(path)
  let bytes: number
  try {
    const stats = statSync(path)
    if (!stats.isFile()) throw new Error('not a file')
    bytes = stats.size
  } catch {
    throw new AppError('not-found', `Cannot open ${path}: no such file.`)
  }
  const hash = createHash('sha256')
  const fieldStarts = new Int32Array(MAX_FIELDS + 1)
  const timestamp: ParsedTimestamp = { ms: 0, naive: false }
  const evidence: NaiveEvidence = { nextDay: 0, sameDay: 0 }
  let layout: Layout | null = null
  let targets: HomeTarget[] = []
  const byHome = new Map<string, HomeTarget>()
  let lineNumber = 0
  let naiveRows = 0
  let exactRows = 0
  let current: HomeTarget | null = null
  let currentHomeBytes: Buffer | null = null
  let carry: Buffer | null = null
  let read = 0
  let reserved = false
  // the WebAssembly fast path for the data lines, once the layout is known (undefined: not yet decided)
  let scanner: RowScanner | null | undefined = options.rowScanner === false ? null : undefined

  const range = options.range
  const fail = (problem: string): never => {
    if (range) throw new RangeLineError(lineNumber, problem, name)
    throw new AppError('invalid-input', `${name}, line ${lineNumber}: ${problem}`)
  }
  const cellText = (chunk: Buffer, start: number, end: number) =>
    chunk.toString('latin1', start, Math.min(end, start + 60))

  const targetFor = (home: string): HomeTarget => {
    let target = byHome.get(home)
    if (!target) {
      const columns =
        layout!.homes.length === 1 ? layout!.homes[0] : layout!.homes.find((h) => h.home === home)!
      let accumulator = homes.get(home)
      if (!accumulator) {
        accumulator = new HomeAccumulator(home)
        homes.set(home, accumulator)
      }
      const file: SourceFile = { path, name, bytes, sha256: '', layout: layout!.name, rows: 0, naive: null }
      const own = new Set(['p_cons', 'p_prod', 'p_tot', ...columns.channels.map((c) => c.name)])
      for (const channel of columns.channels) accumulator.column(channel.name)
      target = {
        accumulator,
        columns,
        file,
        segmentStart: accumulator.length,
        absent: accumulator
          .columnNames()
          .filter((n) => !own.has(n))
          .map((n) => accumulator!.column(n)),
        cons: accumulator.column('p_cons'),
        prod: accumulator.column('p_prod'),
        tot: accumulator.column('p_tot'),
        channelColumns: columns.channels.map((c) => accumulator!.column(c.name)),
      }
      accumulator.files.push(file)
      byHome.set(home, target)
      targets.push(target)
    }
    return target
  }

  const startLayout = (chunk: Buffer, start: number, end: number) => {
    if (chunk.subarray(start, end).includes(0)) fail('not a CSV text file (binary content).')
    let text = chunk.toString('utf8', start, end)
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    layout = detectLayout(text.split(','), name)
    if (layout.fieldCount > MAX_FIELDS) fail(`too many columns (${layout.fieldCount}).`)
    if (layout.homeId === -1) targets = layout.homes.map((h) => targetFor(h.home!))
  }

  const handleLine = (chunk: Buffer, start: number, end: number) => {
    lineNumber++
    if (end > start && chunk[end - 1] === 13) end--
    if (end === start) return
    if (!layout) return startLayout(chunk, start, end)
    // split on commas; fieldStarts[k] is the first byte of field k, fieldStarts[count] = end + 1
    let count = 0
    fieldStarts[count++] = start
    // a plain byte loop: lines are short, a native indexOf call per comma costs more
    for (let i = start; i < end; i++) {
      if (chunk[i] === 44 && count < MAX_FIELDS) fieldStarts[count++] = i + 1
    }
    fieldStarts[count] = end + 1
    if (count !== layout.fieldCount) {
      fail(`${count} fields where the header has ${layout.fieldCount} (not a well-formed CSV row).`)
    }
    const tsStart = fieldStarts[layout.timestamp]
    const tsEnd = fieldStarts[layout.timestamp + 1] - 1
    if (!parseTimestampBytes(chunk, tsStart, tsEnd, timestamp)) {
      fail(`unparseable timestamp "${cellText(chunk, tsStart, tsEnd)}".`)
    }
    if (timestamp.naive) {
      naiveRows++
      if (layout.day !== -1) {
        const wallDay = Math.floor(timestamp.ms / MS_PER_DAY)
        const hour = (timestamp.ms - wallDay * MS_PER_DAY) / 3_600_000
        if (hour >= 22) {
          const day = parseDayBytes(chunk, fieldStarts[layout.day], fieldStarts[layout.day + 1] - 1)
          if (day === wallDay + 1) evidence.nextDay++
          else if (day === wallDay) evidence.sameDay++
        }
      }
    } else exactRows++
    if (layout.homeId !== -1) {
      const hs = fieldStarts[layout.homeId]
      const he = fieldStarts[layout.homeId + 1] - 1
      if (!current || currentHomeBytes!.length !== he - hs || !sameBytes(currentHomeBytes!, chunk, hs)) {
        const home = chunk.toString('latin1', hs, he).trim()
        if (home === '') fail('empty home_id.')
        currentHomeBytes = Buffer.from(chunk.subarray(hs, he))
        current = targetFor(home)
      }
      appendRow(current!, chunk)
    } else {
      for (const target of targets) appendRow(target, chunk)
    }
  }

  const value = (chunk: Buffer, index: number, column: string): number => {
    const v = parseNumberBytes(chunk, fieldStarts[index], fieldStarts[index + 1] - 1)
    if (v !== v && parsedNumber.invalid) {
      fail(
        `${column} value "${cellText(chunk, fieldStarts[index], fieldStarts[index + 1] - 1)}" is not a number.`,
      )
    }
    return v
  }

  const appendRow = (target: HomeTarget, chunk: Buffer) => {
    const accumulator = target.accumulator
    const columns = target.columns
    accumulator.instants.push(timestamp.ms)
    target.file.rows++
    let cons: number
    let prod: number
    let tot: number
    let allZero = true
    let anyPower = false
    if (columns.derived) {
      // group files: a home's consumption is its non-PV channels, production its PV channels,
      // reverse channels (`X-`) subtracted, the way the per-home wide files compute P_cons/P_prod
      cons = 0
      prod = 0
      let consMissing = false
      let consChannels = 0
      let prodMissing = false
      for (let k = 0; k < columns.channels.length; k++) {
        const channel = columns.channels[k]
        const v = value(chunk, channel.index, channel.name)
        target.channelColumns[k].push(v)
        if (!channel.production) consChannels++
        if (Number.isNaN(v)) {
          if (channel.production) prodMissing = true
          else consMissing = true
          continue
        }
        const signed = channel.reverse ? -v : v
        if (channel.production) prod += signed
        else cons += signed
      }
      if (consMissing || consChannels === 0) cons = NaN
      if (prodMissing) prod = NaN
      tot = Number.isNaN(cons) || Number.isNaN(prod) ? NaN : cons + prod
      anyPower = true
      allZero = cons === 0 && (prod === 0 || Number.isNaN(prod))
    } else {
      const power = columns.power
      cons = power.p_cons === -1 ? NaN : value(chunk, power.p_cons, 'p_cons')
      prod = power.p_prod === -1 ? NaN : value(chunk, power.p_prod, 'p_prod')
      tot = power.p_tot === -1 ? NaN : value(chunk, power.p_tot, 'p_tot')
      // all-zero: every power column this file has is 0 (an empty cell is not a zero)
      if (power.p_cons !== -1) {
        anyPower = true
        allZero &&= cons === 0
      }
      if (power.p_prod !== -1) {
        anyPower = true
        allZero &&= prod === 0
      }
      if (power.p_tot !== -1) {
        anyPower = true
        allZero &&= tot === 0
      }
      for (let k = 0; k < columns.channels.length; k++) {
        const channel = columns.channels[k]
        target.channelColumns[k].push(value(chunk, channel.index, channel.name))
      }
    }
    target.cons.push(cons)
    target.prod.push(prod)
    target.tot.push(tot)
    accumulator.zero.push(anyPower && allZero ? 1 : 0)
    for (const column of target.absent) column.push(NaN)
  }

  /** The home whose columns the scanner may fill now, or null (no layout yet, group file, new home). */
  const scannerTarget = (): HomeTarget | null => {
    const known = layout as Layout | null
    if (!known) return null
    if (scanner === undefined) {
      scanner = known.homes.length === 1 ? RowScanner.create(known, known.homes[0]) : null
    }
    if (!scanner) return null
    if (known.homeId === -1) return targets.length === 1 ? targets[0] : null
    return current && scanner.setHome(currentHomeBytes!) ? current : null
  }

  /**
   * Parses the lines of `piece` from `from` (before `limit`, a line start) in WebAssembly while it can;
   * returns where it stopped: `limit`, or a line the caller parses in JavaScript.
   */
  const scanLines = (piece: Buffer, from: number, limit: number): number => {
    const target = scannerTarget()
    const fast = scanner
    if (!target || !fast || !fast.load(piece)) return from
    const accumulator = target.accumulator
    for (let at = from; ;) {
      const outcome = fast.scan(at, limit)
      const n = outcome.rows
      accumulator.instants.append(fast.instants(n))
      accumulator.zero.append(fast.zero(n))
      target.cons.append(fast.values(0, n))
      target.prod.append(fast.values(1, n))
      target.tot.append(fast.values(2, n))
      target.channelColumns.forEach((column, k) => column.append(fast.values(3 + k, n)))
      for (const column of target.absent) column.fill(NaN, n)
      target.file.rows += n
      lineNumber += outcome.lines
      naiveRows += outcome.naiveRows
      exactRows += outcome.exactRows
      evidence.nextDay += outcome.nextDay
      evidence.sameDay += outcome.sameDay
      at = outcome.stop
      if (outcome.lineForJavaScript || at >= limit) return at
    }
  }

  if (range?.lines.header) {
    // a later range: the layout comes from the file's header; its own lines are counted from 1
    const header = Buffer.from(range.lines.header)
    startLayout(header, 0, header.length)
  }
  // what the column estimate scales to: the whole file, or this range; the first range's columns
  // become the file's at the merge (merge-ranges.ts), so they are sized for the whole file
  const span = range && range.lines.start > 0 ? range.lines.end - range.lines.start : bytes
  const stream = createReadStream(path, {
    highWaterMark: 1 << 20,
    ...(range ? { start: range.lines.start, end: range.lines.end - 1 } : {}),
  })
  try {
    for await (const piece of stream as AsyncIterable<Buffer>) {
      if (!range) hash.update(piece)
      read += piece.length
      let start = 0
      if (carry) {
        // finish the line cut by the previous chunk on its own: joining the whole chunk to it
        // would copy every byte of the file once more
        const first = piece.indexOf(10)
        const line = Buffer.concat([carry, first === -1 ? piece : piece.subarray(0, first)])
        if (first === -1) start = piece.length
        else {
          handleLine(line, 0, line.length)
          start = first + 1
        }
        carry = first === -1 ? line : null
      }
      const limit = piece.lastIndexOf(10) + 1 // the whole lines of this piece
      while (start < limit) {
        start = scanLines(piece, start, limit)
        if (start >= limit) break
        const end = piece.indexOf(10, start)
        handleLine(piece, start, end)
        start = end + 1
      }
      if (start < piece.length) carry = Buffer.from(piece.subarray(start))
      // `layout` is set inside handleLine, which TypeScript cannot see from here
      const known = layout as Layout | null
      if (!reserved && known && targets.length > 0 && (known.homeId === -1 || targets.length === 1)) {
        // size the columns once from the first chunk's line length: no repeated growth copies
        reserved = true
        const linesSeen = Math.max(1, lineNumber - 1)
        const estimate = Math.ceil((span / Math.max(1, read - (carry?.length ?? 0))) * linesSeen * 1.02)
        for (const target of targets) target.accumulator.reserve(estimate - target.file.rows)
      }
      if (carry && carry.length > 1 << 24) fail('a line longer than 16 MB: not a CSV export.')
      options.onBytes?.(read)
      await options.checkpoint?.()
    }
  } finally {
    stream.destroy()
  }
  if (carry) handleLine(carry, 0, carry.length)
  if (range) {
    Object.assign(range.tally, { naiveRows, exactRows, evidence, lines: lineNumber })
    return targets.map((t) => t.file)
  }
  if (!layout) {
    lineNumber = 1
    fail('the file is empty (no header row).')
  }
  if (naiveRows > 0 && exactRows > 0) {
    lineNumber = 0
    throw new AppError(
      'invalid-input',
      `${name}: mixes timestamps with and without a zone designator (${naiveRows} naive, ${exactRows} with an offset).`,
    )
  }
  const sha256 = hash.digest('hex')
  const naiveAs = naiveRows > 0 ? resolveNaiveTimestamps(targets, evidence, options) : null
  for (const target of targets) {
    target.file.sha256 = sha256
    target.file.naive = naiveAs
    target.accumulator.segments.push({
      start: target.segmentStart,
      end: target.accumulator.length,
      file: target.file,
    })
  }
  return targets.map((t) => t.file)
}
