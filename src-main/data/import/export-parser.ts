/**
 * The state of one file's parse and what it does with each line: the header gives the layout, each data
 * line is split, its timestamp read and its values appended to its home's columns; runs of data lines go
 * through the WebAssembly row scanner where it can read them. `parse-export.ts` feeds it the file's lines.
 */
import { AppError } from '../../shared/result'
import type { HomeAccumulator, SourceFile } from './accumulator'
import { HomeTargets, type ExportFile, type HomeTarget } from './home-targets'
import { detectLayout, type Layout } from './layout'
import { resolveNaiveTimestamps, type NaiveEvidence } from './naive-timestamps'
import { RangeLineError, type ParseOptions, type ParseTally } from './parse-options'
import { appendRow, MAX_FIELDS, RowFields } from './row-fields'
import { RowScanner } from '../scanner/row-scanner'
import { parseDayBytes, parseTimestampBytes, type ParsedTimestamp } from './timestamps'
import type { LineSink } from './whole-lines'

const MS_PER_DAY = 86_400_000

export class ExportParser implements LineSink {
  /** the line being read, from 1 (a range's own lines when it is a range) */
  lineNumber = 0
  private naiveRows = 0
  private exactRows = 0
  private readonly evidence: NaiveEvidence = { nextDay: 0, sameDay: 0 }
  private layout: Layout | null = null
  private homes: HomeTargets | null = null
  private readonly fields: RowFields
  private readonly timestamp: ParsedTimestamp = { ms: 0, naive: false }
  /** the WebAssembly fast path for the data lines, once the layout is known (undefined: not yet decided) */
  private scanner: RowScanner | null | undefined
  private reserved = false

  /**
   * @param span the bytes the column estimate scales to: the whole file, or this range (the first range's
   *   columns become the file's at the merge, merge-ranges.ts, so they are sized for the whole file)
   */
  constructor(
    private readonly file: ExportFile,
    private readonly accumulators: Map<string, HomeAccumulator>,
    private readonly options: ParseOptions,
    private readonly span: number,
  ) {
    this.fields = new RowFields(this.fail)
    this.scanner = options.rowScanner === false ? null : undefined
  }

  /** The file's homes in the order met (none before the header). */
  get targets(): HomeTarget[] {
    return this.homes?.list ?? []
  }

  /** Refuses the file at the current line (a range's refusal keeps its line apart, to be renumbered). */
  readonly fail = (problem: string): never => {
    if (this.options.range) throw new RangeLineError(this.lineNumber, problem, this.file.name)
    throw new AppError('invalid-input', `${this.file.name}, line ${this.lineNumber}: ${problem}`)
  }

  /** The header line: the layout, and the targets of the homes it names. */
  header(chunk: Buffer, start: number, end: number): void {
    if (chunk.subarray(start, end).includes(0)) this.fail('not a CSV text file (binary content).')
    let text = chunk.toString('utf8', start, end)
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    const layout = detectLayout(text.split(','), this.file.name)
    if (layout.fieldCount > MAX_FIELDS) this.fail(`too many columns (${layout.fieldCount}).`)
    this.layout = layout
    this.homes = new HomeTargets(this.accumulators, this.file, layout)
  }

  /** One line, `chunk[start, end)` without its '\n': the header, an empty line, or a data row. */
  line(chunk: Buffer, start: number, end: number): void {
    this.lineNumber++
    if (end > start && chunk[end - 1] === 13) end--
    if (end === start) return
    const layout = this.layout
    if (!layout) return this.header(chunk, start, end)
    const fields = this.fields
    const count = fields.split(chunk, start, end)
    if (count !== layout.fieldCount) {
      this.fail(`${count} fields where the header has ${layout.fieldCount} (not a well-formed CSV row).`)
    }
    const starts = fields.starts
    const timestamp = this.timestamp
    const tsStart = starts[layout.timestamp]
    const tsEnd = starts[layout.timestamp + 1] - 1
    if (!parseTimestampBytes(chunk, tsStart, tsEnd, timestamp)) {
      this.fail(`unparseable timestamp "${fields.cellText(chunk, tsStart, tsEnd)}".`)
    }
    if (timestamp.naive) {
      this.naiveRows++
      if (layout.day !== -1) this.noteDayEvidence(chunk, layout.day, timestamp.ms)
    } else this.exactRows++
    const homes = this.homes!
    if (layout.homeId !== -1) {
      const target = homes.route(chunk, starts[layout.homeId], starts[layout.homeId + 1] - 1, this.fail)
      appendRow(target, fields, chunk, timestamp.ms)
    } else {
      for (const target of homes.list) appendRow(target, fields, chunk, timestamp.ms)
    }
  }

  /** Naive rows from 22:00 on: does `day` name the same wall-clock date or the next one (naive-timestamps.ts)? */
  private noteDayEvidence(chunk: Buffer, dayField: number, wallMs: number): void {
    const wallDay = Math.floor(wallMs / MS_PER_DAY)
    const hour = (wallMs - wallDay * MS_PER_DAY) / 3_600_000
    if (hour < 22) return
    const starts = this.fields.starts
    const day = parseDayBytes(chunk, starts[dayField], starts[dayField + 1] - 1)
    if (day === wallDay + 1) this.evidence.nextDay++
    else if (day === wallDay) this.evidence.sameDay++
  }

  /** The home whose columns the scanner may fill now, or null (no layout yet, group file, new home). */
  private scannerTarget(): HomeTarget | null {
    const layout = this.layout
    if (!layout) return null
    if (this.scanner === undefined) {
      this.scanner = layout.homes.length === 1 ? RowScanner.create(layout, layout.homes[0]) : null
    }
    if (!this.scanner) return null
    const homes = this.homes!
    if (layout.homeId === -1) return homes.list.length === 1 ? homes.list[0] : null
    return homes.current && this.scanner.setHome(homes.currentBytes!) ? homes.current : null
  }

  /**
   * Parses the lines of `piece` from `from` (before `limit`, a line start) in WebAssembly while it can;
   * returns where it stopped: `limit`, or a line the caller parses in JavaScript.
   */
  scanLines(piece: Buffer, from: number, limit: number): number {
    const target = this.scannerTarget()
    const fast = this.scanner
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
      this.lineNumber += outcome.lines
      this.naiveRows += outcome.naiveRows
      this.exactRows += outcome.exactRows
      this.evidence.nextDay += outcome.nextDay
      this.evidence.sameDay += outcome.sameDay
      at = outcome.stop
      if (outcome.lineForJavaScript || at >= limit) return at
    }
  }

  /** Sizes the columns once, from the first piece's line length: no repeated growth copies. */
  afterPiece(read: number, carried: number): void {
    const layout = this.layout
    const targets = this.targets
    if (this.reserved || !layout || targets.length === 0) return
    if (layout.homeId !== -1 && targets.length !== 1) return
    this.reserved = true
    const linesSeen = Math.max(1, this.lineNumber - 1)
    const estimate = Math.ceil((this.span / Math.max(1, read - carried)) * linesSeen * 1.02)
    for (const target of targets) target.accumulator.reserve(estimate - target.file.rows)
  }

  /** A range's end: what the caller decides over the whole file goes into `tally`. */
  finishRange(tally: ParseTally): SourceFile[] {
    const { naiveRows, exactRows, evidence } = this
    Object.assign(tally, { naiveRows, exactRows, evidence, lines: this.lineNumber })
    return this.targets.map((t) => t.file)
  }

  /** The file's end: whole-file checks, naive timestamps resolved, each home's segment recorded. */
  finishFile(sha256: string): SourceFile[] {
    if (!this.layout) {
      this.lineNumber = 1
      this.fail('the file is empty (no header row).')
    }
    const { naiveRows, exactRows } = this
    if (naiveRows > 0 && exactRows > 0) {
      throw new AppError(
        'invalid-input',
        `${this.file.name}: mixes timestamps with and without a zone designator (${naiveRows} naive, ${exactRows} with an offset).`,
      )
    }
    const targets = this.targets
    const naiveAs = naiveRows > 0 ? resolveNaiveTimestamps(targets, this.evidence, this.options) : null
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
}
