/**
 * One data line in the JavaScript parser: its fields found by commas, its cells read as numbers
 * straight from the bytes, and the row's values appended to a home's columns (the all-zero flag and,
 * in group files, the home's powers summed from its meter channels).
 */
import type { HomeTarget } from './home-targets'
import { numberStatus, parseNumberBytes } from './numbers'

/** More fields than this is not a household export (and the field table has a fixed size). */
export const MAX_FIELDS = 4096

// a local alias: module exports are getters once transpiled, too slow for a per-cell check
const parsedNumber = numberStatus

/** The fields of the current line; `fail` refuses the file at that line (the parser's). */
export class RowFields {
  /** starts[k] is the first byte of field k, starts[count] = the line's end + 1 */
  readonly starts = new Int32Array(MAX_FIELDS + 1)
  /** the channels (indexes in the home's channel list) whose cell in this row was text, not a number */
  readonly textChannels: number[] = []

  constructor(private readonly fail: (problem: string) => never) {}

  /** Splits `chunk[start, end)` on commas; returns the number of fields (at most MAX_FIELDS). */
  split(chunk: Buffer, start: number, end: number): number {
    const starts = this.starts
    let count = 0
    starts[count++] = start
    // a plain byte loop: lines are short, a native indexOf call per comma costs more
    for (let i = start; i < end; i++) {
      if (chunk[i] === 44 && count < MAX_FIELDS) starts[count++] = i + 1
    }
    starts[count] = end + 1
    return count
  }

  /** The cell's first 60 characters, to quote in a refusal. */
  cellText(chunk: Buffer, start: number, end: number): string {
    return chunk.toString('latin1', start, Math.min(end, start + 60))
  }

  /** Field `index` as a number (NaN for an empty cell); refuses junk, naming `column`. */
  value(chunk: Buffer, index: number, column: string): number {
    const starts = this.starts
    const v = parseNumberBytes(chunk, starts[index], starts[index + 1] - 1)
    if (v !== v && parsedNumber.invalid) {
      this.fail(
        `${column} value "${this.cellText(chunk, starts[index], starts[index + 1] - 1)}" is not a number.`,
      )
    }
    return v
  }

  /** A meter channel's cell as a number; text gives NaN and is noted in `textChannels` (the column is then ignored). */
  channelValue(chunk: Buffer, index: number, channel: number): number {
    const starts = this.starts
    const v = parseNumberBytes(chunk, starts[index], starts[index + 1] - 1)
    if (v !== v && parsedNumber.invalid) this.textChannels.push(channel)
    return v
  }
}

/** Appends the row at `instant` (UTC ms, or naive wall-clock ms) to the target's columns. */
export function appendRow(target: HomeTarget, fields: RowFields, chunk: Buffer, instant: number): void {
  const accumulator = target.accumulator
  const columns = target.columns
  accumulator.instants.push(instant)
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
      const v = fields.value(chunk, channel.index, channel.name)
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
    cons = power.p_cons === -1 ? NaN : fields.value(chunk, power.p_cons, 'p_cons')
    prod = power.p_prod === -1 ? NaN : fields.value(chunk, power.p_prod, 'p_prod')
    tot = power.p_tot === -1 ? NaN : fields.value(chunk, power.p_tot, 'p_tot')
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
      target.channelColumns[k].push(fields.channelValue(chunk, columns.channels[k].index, k))
    }
  }
  target.cons.push(cons)
  target.prod.push(prod)
  target.tot.push(tot)
  accumulator.zero.push(anyPower && allZero ? 1 : 0)
  for (const column of target.absent) column.push(NaN)
}
