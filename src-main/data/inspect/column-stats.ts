/**
 * Statistics of every column of a dataset, saying what they include: `stats` over the readings the
 * cleaning recipe keeps (kept days only; spikes and all-zero rows left out as the recipe says; the
 * sign flipped when it says so; before gap filling and resampling), `rawStats` over every reading
 * as imported. A single glitch can drag the raw mean of a month below zero; the cleaned one is
 * what a model sees.
 */
import type { Queryable } from '../../db/library'
import type { CleaningRecipe, ColumnStats, DatasetStats } from '../../shared/contract'
import { parseJsonSafely } from '../../shared/safe-json'
import { classifyDays } from '../cleaning/cleaning'
import { effectiveRecipe } from '../cleaning/clean-series'
import { flagReading, inKeptDays, ReadingFlag } from '../cleaning/row-flags'
import { loadDatasetRow, loadDays, loadReadings } from '../store/stored-readings'
import { rowSignature, SmallCache } from './small-cache'

const cache = new SmallCache<DatasetStats>(16)

class Accumulator {
  min = Infinity
  max = -Infinity
  sum = 0
  count = 0
  add(v: number) {
    if (v < this.min) this.min = v
    if (v > this.max) this.max = v
    this.sum += v
    this.count++
  }
  result(): ColumnStats {
    return this.count === 0
      ? { min: null, mean: null, max: null, count: 0 }
      : { min: this.min, mean: this.sum / this.count, max: this.max, count: this.count }
  }
}

/** `{stats, rawStats}`: per column, min / mean / max (watts) and the count of readings they cover. */
export async function datasetStats(
  q: Queryable,
  datasetId: number,
  override: Partial<CleaningRecipe> = {},
): Promise<DatasetStats> {
  const row = await loadDatasetRow(q, datasetId)
  const recipe = effectiveRecipe(row.interval_seconds, row.recipe, override)
  return cache.get(`${rowSignature(row)}|${JSON.stringify(recipe)}`, async () => {
    const columns: string[] = parseJsonSafely(row.columns)
    const days = await loadDays(q, datasetId)
    const readings = await loadReadings(q, datasetId, columns, columns)
    const kept = inKeptDays(readings.instants, days, new Set(classifyDays(days, recipe).keptDays))
    const at = (name: string) => readings.values[columns.indexOf(name)] ?? null
    const [cons, prod, tot] = [at('p_cons'), at('p_prod'), at('p_tot')]
    const sign = recipe.flipSign ? -1 : 1
    const cleaned = columns.map(() => new Accumulator())
    const raw = columns.map(() => new Accumulator())
    for (let i = 0; i < readings.instants.length; i++) {
      const flag = flagReading(cons?.[i] ?? NaN, prod?.[i] ?? NaN, tot?.[i] ?? NaN, recipe)
      const keep = kept[i] === 1 && flag === ReadingFlag.kept
      for (let c = 0; c < columns.length; c++) {
        const v = readings.values[c][i]
        if (Number.isNaN(v)) continue
        raw[c].add(v)
        if (keep) cleaned[c].add(sign * v)
      }
    }
    return {
      stats: Object.fromEntries(columns.map((name, c) => [name, cleaned[c].result()])),
      rawStats: Object.fromEntries(columns.map((name, c) => [name, raw[c].result()])),
    }
  })
}
