/**
 * A dataset as a table on its regular grid: one row per slot from the first local midnight to the
 * end of the last day, every stored column, and per slot what the cleaning recipe did there. The
 * cleaned table applies the recipe exactly as the cleaned series a model trains on does
 * (`loadCleanSeries`: kept days, spikes and all-zero rows missing, the sign flip, short gaps filled,
 * mean resampling); the raw table keeps every reading as imported and only says what the recipe
 * would remove.
 */
import type { Queryable } from '../../db/library'
import { AppError } from '../../shared/result'
import { parseJsonSafely } from '../../shared/safe-json'
import { classifyDays, fillShortGaps, resampleMean } from '../cleaning/cleaning'
import { effectiveRecipe } from '../cleaning/clean-series'
import { flagReading, ReadingFlag } from '../cleaning/row-flags'
import { loadDatasetRow, loadDays, loadReadings } from '../store/stored-readings'

/**
 * What happened to a slot: '' (a value the recipe keeps), `removed:incomplete` and
 * `removed:zero-dominated` (a day the recipe removes), `spike` and `zero-row` (a reading it hides),
 * `missing` (no reading), and `filled:<what was there>` where the gap filling interpolated over one
 * of those (`filled:spike`, `filled:zero-row`, `filled:missing`).
 */
export type SlotFlag =
  | ''
  | 'removed:incomplete'
  | 'removed:zero-dominated'
  | 'spike'
  | 'zero-row'
  | 'missing'
  | 'filled:spike'
  | 'filled:zero-row'
  | 'filled:missing'

export interface CleanTable {
  home: string
  zone: string
  /** of the rows (the raw interval, or the resampled one) */
  intervalSeconds: number
  /** UTC epoch ms of row 0 (local midnight of the first day) */
  start: number
  columns: string[]
  /** one Float64Array [rows] of watts per column; NaN = no value */
  values: Float64Array[]
  flags: SlotFlag[]
}

export interface CleanTableOptions {
  /** the import as read (flags still say what the recipe would remove) */
  raw?: boolean
  /** mean per bin of this many seconds instead of the recipe's resampling; null = the raw interval */
  resampleSeconds?: number | null
}

const readingFlagNames: Record<ReadingFlag, SlotFlag> = { 0: '', 1: 'spike', 2: 'zero-row' }

export async function loadCleanTable(
  q: Queryable,
  datasetId: number,
  options: CleanTableOptions = {},
): Promise<CleanTable> {
  const row = await loadDatasetRow(q, datasetId)
  const interval = row.interval_seconds
  const recipe = effectiveRecipe(
    interval,
    row.recipe,
    options.resampleSeconds !== undefined ? { resampleSeconds: options.resampleSeconds } : {},
  )
  if (recipe.resampleSeconds !== null && recipe.resampleSeconds < interval) {
    throw new AppError(
      'invalid-request',
      `Cannot resample dataset ${datasetId} to ${recipe.resampleSeconds} s: its readings are ${interval} s apart.`,
    )
  }
  const columns: string[] = parseJsonSafely(row.columns)
  const days = await loadDays(q, datasetId)
  const { keptDays, removalReasons } = classifyDays(days, recipe)
  const kept = new Set(keptDays)
  const intervalMs = interval * 1000
  const start = days.length > 0 ? days[0].startMs : row.start_ms
  const end = days.length > 0 ? days[days.length - 1].endMs : row.start_ms
  const slots = Math.max(0, Math.round((end - start) / intervalMs))
  const flags = new Array<SlotFlag>(slots).fill('missing')
  const dayOfSlot = new Int32Array(slots).fill(-1)
  days.forEach((day, d) => {
    const from = Math.round((day.startMs - start) / intervalMs)
    const to = Math.min(slots, Math.round((day.endMs - start) / intervalMs))
    for (let s = Math.max(0, from); s < to; s++) dayOfSlot[s] = d
  })
  const readings = await loadReadings(q, datasetId, columns, columns)
  const at = (name: string) => readings.values[columns.indexOf(name)]
  const [cons, prod, tot] = [at('p_cons'), at('p_prod'), at('p_tot')]
  const values = columns.map(() => new Float64Array(slots).fill(NaN))
  const counts = columns.map(() => new Uint16Array(slots))
  const sign = !options.raw && recipe.flipSign ? -1 : 1
  for (let i = 0; i < readings.instants.length; i++) {
    const slot = Math.round((readings.instants[i] - start) / intervalMs)
    if (slot < 0 || slot >= slots) continue
    const flag = flagReading(cons?.[i] ?? NaN, prod?.[i] ?? NaN, tot?.[i] ?? NaN, recipe)
    if (flag !== ReadingFlag.kept) flags[slot] = readingFlagNames[flag]
    const dayKept = dayOfSlot[slot] >= 0 && kept.has(days[dayOfSlot[slot]].day)
    if (!options.raw && (flag !== ReadingFlag.kept || !dayKept)) continue
    if (flag === ReadingFlag.kept && flags[slot] === 'missing') flags[slot] = ''
    for (let c = 0; c < columns.length; c++) {
      const v = readings.values[c][i]
      if (Number.isNaN(v)) continue
      // off-grid readings sharing a slot are averaged, as in the cleaned series
      const n = counts[c][slot]++
      values[c][slot] = n === 0 ? sign * v : (values[c][slot] * n + sign * v) / (n + 1)
    }
  }
  // a slot's p_cons decides whether it has a value: other columns may be empty on their own
  const consValues = values[columns.indexOf('p_cons')] ?? values[0]
  for (let s = 0; s < slots; s++) if (flags[s] === '' && Number.isNaN(consValues[s])) flags[s] = 'missing'
  if (!options.raw) {
    const maxGapSlots = Math.floor(recipe.fillGapsUpToSeconds / interval)
    const before = Float64Array.from(consValues)
    for (const [from, to] of keptRanges(dayOfSlot, days, kept))
      for (const column of values) fillShortGaps(column, maxGapSlots, from, to)
    for (let s = 0; s < slots; s++)
      if (Number.isNaN(before[s]) && !Number.isNaN(consValues[s]))
        flags[s] = `filled:${flags[s] as 'spike' | 'zero-row' | 'missing'}`
  }
  for (let s = 0; s < slots; s++) {
    const reason = dayOfSlot[s] >= 0 ? removalReasons[days[dayOfSlot[s]].day] : undefined
    if (reason) flags[s] = `removed:${reason}`
  }
  const table: CleanTable = {
    home: row.home,
    zone: row.zone,
    intervalSeconds: interval,
    start,
    columns,
    values,
    flags,
  }
  if (recipe.resampleSeconds === null || recipe.resampleSeconds <= interval) return table
  return resampleTable(table, recipe.resampleSeconds, options.raw ? 0 : recipe.minCompleteness)
}

/** Consecutive kept days as slot ranges [from, to). */
function keptRanges(dayOfSlot: Int32Array, days: { day: string }[], kept: Set<string>): [number, number][] {
  const ranges: [number, number][] = []
  for (let s = 0; s < dayOfSlot.length; s++) {
    if (dayOfSlot[s] < 0 || !kept.has(days[dayOfSlot[s]].day)) continue
    const last = ranges[ranges.length - 1]
    if (last && last[1] === s) last[1] = s + 1
    else ranges.push([s, s + 1])
  }
  return ranges
}

/** Mean per bin (as the cleaned series resamples); a bin's flag is its first slot's day, or `missing`. */
function resampleTable(table: CleanTable, binSeconds: number, minCoverage: number): CleanTable {
  const values = table.values.map((column) =>
    resampleMean(column, table.intervalSeconds, binSeconds, minCoverage),
  )
  const perBin = binSeconds / table.intervalSeconds
  const consValues = values[table.columns.indexOf('p_cons')] ?? values[0]
  const flags = Array.from(consValues, (v, b): SlotFlag => {
    const first = table.flags[Math.floor(b * perBin)]
    if (first?.startsWith('removed:')) return first
    return Number.isNaN(v) ? 'missing' : ''
  })
  return { ...table, intervalSeconds: binSeconds, values, flags }
}
