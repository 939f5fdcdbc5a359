/**
 * The state of one file's parse and what it does with each line: the header gives the layout, each data
 * line is split, its timestamp read and its values appended to its home's columns; runs of data lines go
 * through the WebAssembly row scanner where it can read them. `parse-export.ts` feeds it the file's lines.
 */
import { AppError } from '../../shared/result'
import type { HomeAccumulator, SourceFile } from './accumulator'
import { homeFileWarnings, refuseAllImplausible, refuseMixedOffsets, type IgnoredColumn } from './file-checks'
import { HomeTargets, type ExportFile, type HomeTarget } from './home-targets'
import { detectLayout, type Layout } from './layout'
import { decideNaiveZone, resolveNaiveTimestamps, type NaiveEvidence } from './naive-timestamps'
import { RangeLineError, type ParseOptions, type ParseTally } from './parse-options'
import { plausibleSpan, RowChecks, type PlausibleSpan } from './row-checks'
import { appendRow, MAX_FIELDS, RowFields } from './row-fields'
import { RowScanner } from '../scanner/row-scanner'
import { utf16Encoding } from './text-encoding'
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
  private checks: RowChecks | null = null
  private readonly plausible: PlausibleSpan
  /** meter channels left out of this file because they hold text */
  private readonly ignoredColumns: IgnoredColumn[] = []
  private readonly fields: RowFields
  private readonly timestamp: ParsedTimestamp = { ms: 0, naive: false, offsetMinutes: 0 }
  /** the WebAssembly fast path for the data lines, once the layout is known (undefined: not yet decided) */
  private scanner: RowScanner | null | undefined
  /** the check window the scanner was last given (RowChecks.windowVersion) */
  private scannerWindow = -1
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
    this.plausible = options.plausible ?? plausibleSpan()
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
    const utf16 = utf16Encoding(chunk, start, end)
    if (utf16)
      this.fail(
        `the file is UTF-16 text (${utf16}): save it as UTF-8 (Excel: "CSV UTF-8") and import it again.`,
      )
    if (chunk.subarray(start, end).includes(0)) this.fail('not a CSV text file (binary content).')
    let text = chunk.toString('utf8', start, end)
    // a UTF-8 byte-order mark
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    const layout = detectLayout(text.split(','), this.file.name)
    if (layout.fieldCount > MAX_FIELDS) this.fail(`too many columns (${layout.fieldCount}).`)
    this.layout = layout
    const homes = new HomeTargets(this.accumulators, this.file, layout, this.fail)
    this.homes = homes
    this.checks = new RowChecks(
      this.options.clock,
      this.plausible,
      layout,
      this.fields.starts,
      () => homes.list,
    )
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
    const homes = this.homes!
    let owner: HomeTarget | null = null
    if (layout.homeId !== -1)
      owner = homes.route(chunk, starts[layout.homeId], starts[layout.homeId + 1] - 1, this.fail)
    if (!this.checks!.admit(owner, timestamp, chunk, this.lineNumber)) return
    if (timestamp.naive) {
      this.naiveRows++
      if (layout.day !== -1) this.noteDayEvidence(chunk, layout.day, timestamp.ms)
    } else this.exactRows++
    if (owner) appendRow(owner, fields, chunk, timestamp.ms)
    else for (const target of homes.list) appendRow(target, fields, chunk, timestamp.ms)
    if (fields.textChannels.length > 0) this.ignoreTextColumns(chunk)
  }

  /** Leaves out the channels whose cell in this row is text (the row's other values are kept). */
  private ignoreTextColumns(chunk: Buffer): void {
    const homes = this.homes!
    const channels = homes.sharedColumns!.channels
    const textChannels = [...new Set(this.fields.textChannels)].map((k) => channels[k])
    this.fields.textChannels.length = 0
    const starts = this.fields.starts
    for (const channel of textChannels) {
      const text = this.fields.cellText(chunk, starts[channel.index], starts[channel.index + 1] - 1).trim()
      this.ignoredColumns.push({ name: channel.name, line: this.lineNumber, text })
      homes.dropChannel(channel.name)
    }
    // the scanner fills the columns it was made for: a new one for the columns left
    if (this.scanner) this.scanner = undefined
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
    const homes = this.homes!
    if (this.scanner === undefined) {
      this.scanner = homes.sharedColumns ? RowScanner.create(layout, homes.sharedColumns) : null
      this.scannerWindow = -1
    }
    if (!this.scanner) return null
    const checks = this.checks!
    if (this.scannerWindow !== checks.windowVersion) {
      this.scanner.setWindow(checks.window)
      this.scannerWindow = checks.windowVersion
    }
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
      this.checks!.countWindowRows(n)
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
    this.checks?.flush()
    Object.assign(tally, {
      naiveRows: this.naiveRows,
      exactRows: this.exactRows,
      evidence: this.evidence,
      lines: this.lineNumber,
      ...(this.checks ? { offsets: this.checks.offsets } : {}),
      ignoredColumns: this.ignoredColumns,
      homeChecks: this.targets.map((t) => ({ home: t.accumulator.home, checks: t.checks })),
    })
    return this.targets.map((t) => t.file)
  }

  /** The file's end: whole-file checks, naive timestamps resolved, each home's warnings and segment recorded. */
  finishFile(sha256: string): SourceFile[] {
    if (!this.layout) {
      this.lineNumber = 1
      this.fail('the file is empty (no header row).')
    }
    const { naiveRows, exactRows } = this
    const name = this.file.name
    if (naiveRows > 0 && exactRows > 0) {
      throw new AppError(
        'invalid-input',
        `${name}: mixes timestamps with and without a zone designator (${naiveRows} naive, ${exactRows} with an offset).`,
      )
    }
    const checks = this.checks!
    checks.flush()
    const zone = this.options.clock.zone
    refuseMixedOffsets(name, zone, checks.offsets, exactRows)
    const targets = this.targets
    for (const t of targets)
      refuseAllImplausible(name, t.accumulator.home, t.checks, t.file.rows, this.plausible)
    const naiveAs = naiveRows > 0 ? decideNaiveZone(this.options.naive, this.evidence) : null
    if (naiveAs) resolveNaiveTimestamps(targets, this.evidence, this.options)
    for (const target of targets) {
      const file = target.file
      file.sha256 = sha256
      file.naive = naiveAs
      file.warnings = homeFileWarnings(
        name,
        zone,
        target.checks,
        this.ignoredColumns,
        naiveAs,
        this.plausible,
      )
      target.accumulator.segments.push({ start: target.segmentStart, end: target.accumulator.length, file })
    }
    return targets.map((t) => t.file)
  }
}
