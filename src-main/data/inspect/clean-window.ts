/**
 * The series chart's two views of a column: the cleaned series (what the recipe keeps: removed days,
 * spikes and all-zero rows hidden, the sign flipped when asked) and, for the raw import, where the
 * readings the recipe hides are. Both come from one pass over the dataset per column and recipe,
 * kept in a small cache: a min/max summary of the cleaned readings (the same levels as the stored
 * raw summary, so whole-range windows stay a re-bucketing) and the list of flagged readings. Windows
 * finer than the finest level read their few days of readings directly.
 */
import type { Queryable } from '../../db/library'
import { parseJsonSafely } from '../../shared/safe-json'
import type { CleaningRecipe } from '../cleaning/clean-series'
import { classifyDays } from '../cleaning/cleaning'
import { flagReading, flagNames, inKeptDays, ReadingFlag } from '../cleaning/row-flags'
import { loadDays, loadReadings, type DatasetRow, type StoredDay } from '../store/stored-readings'
import { rowSignature, SmallCache } from './small-cache'
import {
  buildColumnSummaries,
  envelopeFromReadings,
  envelopeFromSummary,
  summaryLevels,
  type Envelope,
  type SummaryLevel,
} from './summary'

/** The readings the recipe hides, in time order. */
interface FlaggedReadings {
  /** [n] UTC epoch ms */
  instants: Float64Array
  /** [n] watts of the shown column (0 for an all-zero row, NaN when the column is empty) */
  values: Float32Array
  /** [n] ReadingFlag */
  reasons: Uint8Array
}

interface CleanedColumn {
  days: StoredDay[]
  kept: Set<string>
  levels: SummaryLevel[]
  flagged: FlaggedReadings
}

/** Markers of flagged readings in a window: at most one per chart bucket and reason (the most extreme). */
export interface FlaggedMarkers {
  x: number[]
  y: (number | null)[]
  reason: string[]
  /** every flagged reading in the window, before thinning */
  count: number
}

const cache = new SmallCache<CleanedColumn>(4)

const powerColumns = ['p_cons', 'p_prod', 'p_tot']

/**
 * The readings of `column` in [fromMs, toMs) (all when omitted) as the recipe leaves them: NaN where
 * it hides them; `flags` says why (ReadingFlag), `kept` whether the day is kept.
 */
async function cleanReadings(
  q: Queryable,
  row: DatasetRow,
  column: string,
  recipe: CleaningRecipe,
  days: StoredDay[],
  kept: Set<string>,
  window: { fromMs?: number; toMs?: number } = {},
) {
  const allColumns: string[] = parseJsonSafely(row.columns)
  const wanted = [column, ...powerColumns.filter((c) => allColumns.includes(c))]
  const readings = await loadReadings(q, row.id, allColumns, wanted, window)
  const at = (name: string) => readings.values[wanted.indexOf(name)]
  const [target, cons, prod, tot] = [readings.values[0], at('p_cons'), at('p_prod'), at('p_tot')]
  const inKept = inKeptDays(readings.instants, days, kept)
  const sign = recipe.flipSign ? -1 : 1
  const n = readings.instants.length
  const cleaned = new Float32Array(n)
  const flags = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    flags[i] = flagReading(cons?.[i] ?? NaN, prod?.[i] ?? NaN, tot?.[i] ?? NaN, recipe)
    cleaned[i] = inKept[i] === 1 && flags[i] === ReadingFlag.kept ? sign * target[i] : NaN
  }
  return { instants: readings.instants, raw: target, cleaned, flags }
}

async function cleanedColumn(
  q: Queryable,
  row: DatasetRow,
  column: string,
  recipe: CleaningRecipe,
): Promise<CleanedColumn> {
  return cache.get(`${rowSignature(row)}|${column}|${JSON.stringify(recipe)}`, async () => {
    const days = await loadDays(q, row.id)
    const kept = new Set(classifyDays(days, recipe).keptDays)
    const { instants, raw, cleaned, flags } = await cleanReadings(q, row, column, recipe, days, kept)
    let flaggedCount = 0
    for (const flag of flags) if (flag !== ReadingFlag.kept) flaggedCount++
    const flagged: FlaggedReadings = {
      instants: new Float64Array(flaggedCount),
      values: new Float32Array(flaggedCount),
      reasons: new Uint8Array(flaggedCount),
    }
    for (let i = 0, f = 0; i < flags.length; i++) {
      if (flags[i] === ReadingFlag.kept) continue
      flagged.instants[f] = instants[i]
      flagged.values[f] = raw[i]
      flagged.reasons[f++] = flags[i]
    }
    const startMs = days.length > 0 ? days[0].startMs : row.start_ms
    const endMs = days.length > 0 ? days[days.length - 1].endMs : row.end_ms
    const levels =
      instants.length === 0
        ? []
        : buildColumnSummaries(instants, [cleaned], startMs, endMs, summaryLevels(row.interval_seconds))[0]
    return { days, kept, levels, flagged }
  })
}

/** The cleaned series over [fromMs, toMs) as at most `points` buckets (or its readings when few). */
export async function cleanedEnvelope(
  q: Queryable,
  row: DatasetRow,
  column: string,
  recipe: CleaningRecipe,
  fromMs: number,
  toMs: number,
  points: number,
): Promise<Envelope> {
  const data = await cleanedColumn(q, row, column, recipe)
  const bucketMs = (toMs - fromMs) / points
  const level = [...data.levels].reverse().find((l) => l.bucketSeconds * 1000 <= bucketMs)
  if (level) return envelopeFromSummary(level, fromMs, toMs, points)
  const window = await cleanReadings(q, row, column, recipe, data.days, data.kept, { fromMs, toMs })
  // hidden readings are left out: the line breaks where they were
  let n = 0
  for (const v of window.cleaned) if (!Number.isNaN(v)) n++
  const instants = new Float64Array(n)
  const values = new Float32Array(n)
  for (let i = 0, k = 0; i < window.cleaned.length; i++) {
    if (Number.isNaN(window.cleaned[i])) continue
    instants[k] = window.instants[i]
    values[k++] = window.cleaned[i]
  }
  return envelopeFromReadings(instants, values, fromMs, toMs, points, row.interval_seconds * 1000)
}

/** Where the readings the recipe hides are in [fromMs, toMs): one marker per bucket and reason. */
export async function flaggedMarkers(
  q: Queryable,
  row: DatasetRow,
  column: string,
  recipe: CleaningRecipe,
  fromMs: number,
  toMs: number,
  points: number,
): Promise<FlaggedMarkers> {
  const { flagged } = await cleanedColumn(q, row, column, recipe)
  const first = lowerBound(flagged.instants, fromMs)
  const end = lowerBound(flagged.instants, toMs)
  const width = (toMs - fromMs) / points
  // bucket × reason → the index of the most extreme flagged reading there
  const chosen = new Map<number, number>()
  for (let i = first; i < end; i++) {
    const key =
      Math.min(points - 1, Math.floor((flagged.instants[i] - fromMs) / width)) * 4 + flagged.reasons[i]
    const best = chosen.get(key)
    if (best === undefined || Math.abs(flagged.values[i]) > Math.abs(flagged.values[best])) chosen.set(key, i)
  }
  const indexes = [...chosen.values()].sort((a, b) => a - b)
  return {
    x: indexes.map((i) => flagged.instants[i]),
    y: indexes.map((i) => (Number.isNaN(flagged.values[i]) ? null : flagged.values[i])),
    reason: indexes.map((i) => flagNames[flagged.reasons[i] as ReadingFlag]),
    count: end - first,
  }
}

/** The first index whose value is ≥ `value` in an increasing array. */
function lowerBound(sorted: Float64Array, value: number): number {
  let low = 0
  let high = sorted.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if (sorted[mid] < value) low = mid + 1
    else high = mid
  }
  return low
}
