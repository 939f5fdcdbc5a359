/**
 * The cleaned power columns of a community's member homes on one common grid: each home's own recipe
 * applied first (spikes, zero rows, removed days, short gaps), then, for the days a meter recorded
 * backwards (and whose recipe does not flip it), the sign flip the total needs (said so).
 */
import type { Queryable } from '../db/library'
import { loadCleanSeries, type CleanSeries } from '../data/cleaning/clean-series'
import { AppError } from '../shared/result'
import { backwardsDays } from './backwards-days'

export interface MemberSeries {
  datasetId: number
  home: string
  /** [T] watts on the common grid; NaN where the home has no cleaned reading of that column */
  cons: Float64Array
  prod: Float64Array
  tot: Float64Array
  /** the home's saved recipe flips the sign */
  recipeFlipsSign: boolean
  /** days flipped here because their consumption is negative throughout (see backwards-days.ts) */
  autoFlipped: { days: number } | null
  keptDays: string[]
}

export interface CommonGrid {
  /** epoch ms of slot 0 (local midnight of the earliest member's first day) */
  start: number
  intervalSeconds: number
  slots: number
  zone: string
}

function place(series: CleanSeries, grid: CommonGrid, signs: Int8Array | null): Float64Array {
  const out = new Float64Array(grid.slots).fill(NaN)
  const offset = Math.round((series.start - grid.start) / (grid.intervalSeconds * 1000))
  for (let t = 0; t < series.values.length; t++) {
    const slot = offset + t
    if (slot >= 0 && slot < grid.slots) out[slot] = (signs ? signs[t] : 1) * series.values[t]
  }
  return out
}

/**
 * Loads p_cons, p_prod and p_tot of each dataset, cleaned by its recipe, at the coarsest interval of
 * the members (finer ones are resampled to it), on one grid covering every member.
 */
export async function loadMemberSeries(
  q: Queryable,
  datasetIds: number[],
): Promise<{ grid: CommonGrid; members: MemberSeries[] }> {
  if (datasetIds.length === 0) throw new AppError('invalid-request', 'The community has no member homes.')
  const rows = await q.all<{ id: number; interval_seconds: number; zone: string }>(
    `SELECT id, interval_seconds, zone FROM datasets WHERE deleted_at IS NULL AND id IN (${datasetIds.map(() => '?').join(', ')})`,
    datasetIds,
  )
  if (rows.length !== datasetIds.length) {
    const missing = datasetIds.filter((id) => !rows.some((r) => r.id === id))
    throw new AppError('not-found', `No dataset ${missing.join(', ')} in the library.`)
  }
  const zones = new Set(rows.map((r) => r.zone))
  if (zones.size > 1)
    throw new AppError('invalid-request', `The members use different time zones (${[...zones].join(', ')}).`)
  const intervalSeconds = Math.max(...rows.map((r) => r.interval_seconds))
  const loaded: { id: number; cons: CleanSeries; prod: CleanSeries; tot: CleanSeries }[] = []
  for (const id of datasetIds) {
    const own = rows.find((r) => r.id === id)!
    const resample = own.interval_seconds < intervalSeconds ? { resampleSeconds: intervalSeconds } : {}
    loaded.push({
      id,
      cons: await loadCleanSeries(q, id, 'p_cons', resample),
      prod: await loadCleanSeries(q, id, 'p_prod', resample),
      tot: await loadCleanSeries(q, id, 'p_tot', resample),
    })
  }
  const intervalMs = intervalSeconds * 1000
  const start = Math.min(...loaded.map((l) => l.cons.start))
  const end = Math.max(...loaded.map((l) => l.cons.start + l.cons.values.length * intervalMs))
  const grid: CommonGrid = {
    start,
    intervalSeconds,
    slots: Math.round((end - start) / intervalMs),
    zone: rows[0].zone,
  }
  const members = loaded.map(({ id, cons, prod, tot }): MemberSeries => {
    // a recipe that flips the sign has said how this meter records; otherwise find the backwards days
    const backwards = cons.recipe.flipSign
      ? null
      : backwardsDays(cons.values, cons.start, cons.intervalSeconds * 1000, cons.zone)
    const signs = backwards && backwards.days > 0 ? backwards.signs : null
    const consumption = place(cons, grid, signs)
    const production = place(prod, grid, signs)
    const net = place(tot, grid, signs)
    // files without the production (or net) column: a home with no panels produces nothing
    if (!production.some(Number.isFinite))
      for (let t = 0; t < grid.slots; t++) production[t] = Number.isFinite(consumption[t]) ? 0 : NaN
    if (!net.some(Number.isFinite))
      for (let t = 0; t < grid.slots; t++) net[t] = consumption[t] + production[t]
    return {
      datasetId: id,
      home: cons.home,
      cons: consumption,
      prod: production,
      tot: net,
      recipeFlipsSign: cons.recipe.flipSign,
      autoFlipped: signs ? { days: backwards!.days } : null,
      keptDays: cons.keptDays,
    }
  })
  return { grid, members }
}

/** 1 where the home has all three cleaned columns at that slot. */
export function presence(member: MemberSeries): Uint8Array {
  const out = new Uint8Array(member.cons.length)
  for (let t = 0; t < out.length; t++)
    out[t] =
      Number.isFinite(member.cons[t]) && Number.isFinite(member.prod[t]) && Number.isFinite(member.tot[t])
        ? 1
        : 0
  return out
}
