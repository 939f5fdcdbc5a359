/**
 * What a community plans its sharing on: per local day, how many homes are complete, the community's
 * consumption and production (Wh), its self-sufficiency (share of its consumption covered by its own
 * production) and self-consumption (share of its production consumed inside it); the same over the
 * whole period; each home's share of consumption and its flags; and the homes × days completeness matrix.
 *
 * At each slot t, over the included homes (see community-total.ts), with the Voisin sign convention
 * (p_prod ≤ 0 is production): C_t = max(0, Σ p_cons), G_t = max(0, −Σ p_prod), shared energy
 * S_t = min(C_t, G_t). Self-sufficiency = Σ S / Σ C, self-consumption = Σ S / Σ G (null without
 * production). Sums run over the slots where every included home has a reading, so days are comparable;
 * `completeSlots` says how many of a day's slots that is. A home's share of consumption is its part of
 * the included homes' summed consumption over those slots.
 */
import type { Queryable } from '../db/library'
import { ZoneClock } from '../data/zone'
import type { CommunityTotal, TotalMember } from './community-total'

export interface CommunityDay {
  day: string
  /** member homes whose day is kept by their own recipe */
  homesComplete: number
  /** slots of the day where every included home has a reading, and the day's slots */
  completeSlots: number
  slots: number
  consumptionWh: number
  productionWh: number
  selfSufficiency: number | null
  selfConsumption: number | null
}

export interface HomeShare {
  datasetId: number
  home: string
  included: boolean
  /** share of the community's consumption over the complete slots (null when left out) */
  consumptionShare: number | null
  coverage: number
  /** data-quality warning codes of the home, plus `sign-flipped` and `left-out` */
  flags: string[]
  reason: string | null
}

export interface CompletenessRow {
  datasetId: number
  home: string
  /** [days] present / expected per day of `dayList`, null when the home has no row for that day */
  completeness: (number | null)[]
  /** [days] 1 when the home's recipe keeps the day */
  kept: number[]
}

export interface CommunityReport {
  days: CommunityDay[]
  selfSufficiency: number | null
  selfConsumption: number | null
  consumptionWh: number
  productionWh: number
  shares: HomeShare[]
  dayList: string[]
  matrix: CompletenessRow[]
}

interface Accumulator {
  consumption: number
  production: number
  shared: number
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null)

/** The report of a computed total (see computeCommunityTotal). */
export async function communityReport(q: Queryable, total: CommunityTotal): Promise<CommunityReport> {
  const { grid } = total
  const clock = new ZoneClock(grid.zone)
  const intervalMs = grid.intervalSeconds * 1000
  const hoursPerSlot = grid.intervalSeconds / 3600
  const byDay = new Map<string, Accumulator & { completeSlots: number; slots: number }>()
  const whole: Accumulator = { consumption: 0, production: 0, shared: 0 }
  const homeConsumption = new Float64Array(total.series.length)
  for (let t = 0; t < grid.slots; t++) {
    const day = clock.dayOf(grid.start + t * intervalMs).day
    let entry = byDay.get(day)
    if (!entry) {
      entry = { consumption: 0, production: 0, shared: 0, completeSlots: 0, slots: 0 }
      byDay.set(day, entry)
    }
    entry.slots++
    if (!Number.isFinite(total.cons[t])) continue
    entry.completeSlots++
    const c = Math.max(0, total.cons[t]) * hoursPerSlot
    const g = Math.max(0, -total.prod[t]) * hoursPerSlot
    const s = Math.min(c, g)
    entry.consumption += c
    entry.production += g
    entry.shared += s
    whole.consumption += c
    whole.production += g
    whole.shared += s
    for (let i = 0; i < total.series.length; i++)
      if (total.members[i].included) homeConsumption[i] += total.series[i].cons[t] * hoursPerSlot
  }
  const kept = total.series.map((m) => new Set(m.keptDays))
  const days: CommunityDay[] = [...byDay.entries()].map(([day, e]) => ({
    day,
    homesComplete: kept.filter((set) => set.has(day)).length,
    completeSlots: e.completeSlots,
    slots: e.slots,
    consumptionWh: e.consumption,
    productionWh: e.production,
    selfSufficiency: ratio(e.shared, e.consumption),
    selfConsumption: ratio(e.shared, e.production),
  }))
  const dayList = days.map((d) => d.day)
  // shares of the included homes' own consumption, so they add up to 1 (the community's C is clamped at 0 per slot)
  const includedConsumption = homeConsumption.reduce((a, b) => a + b, 0)
  const warnings = await warningCodes(
    q,
    total.members.map((m) => m.datasetId),
  )
  const shares: HomeShare[] = total.members.map((m: TotalMember, i) => ({
    datasetId: m.datasetId,
    home: m.home,
    included: m.included,
    consumptionShare: m.included ? ratio(homeConsumption[i], includedConsumption) : null,
    coverage: m.coverage,
    flags: [
      ...(warnings.get(m.datasetId) ?? []),
      ...(m.signFlip ? ['sign-flipped'] : []),
      ...(m.included ? [] : ['left-out']),
    ],
    reason: m.reason,
  }))
  return {
    days,
    selfSufficiency: ratio(whole.shared, whole.consumption),
    selfConsumption: ratio(whole.shared, whole.production),
    consumptionWh: whole.consumption,
    productionWh: whole.production,
    shares,
    dayList,
    matrix: await completenessMatrix(q, total, dayList),
  }
}

async function warningCodes(q: Queryable, datasetIds: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>()
  if (datasetIds.length === 0) return out
  const rows = await q.all<{ id: number; warnings: string }>(
    `SELECT id, warnings FROM datasets WHERE id IN (${datasetIds.map(() => '?').join(', ')})`,
    datasetIds,
  )
  for (const row of rows) {
    const list = JSON.parse(row.warnings) as { code: string }[]
    out.set(
      row.id,
      list.map((w) => w.code).filter((code) => code !== 'naive-timestamps'),
    )
  }
  return out
}

async function completenessMatrix(
  q: Queryable,
  total: CommunityTotal,
  dayList: string[],
): Promise<CompletenessRow[]> {
  const index = new Map(dayList.map((day, i) => [day, i]))
  const rows: CompletenessRow[] = []
  for (const [i, member] of total.members.entries()) {
    const completeness: (number | null)[] = new Array(dayList.length).fill(null)
    const keptFlags = new Array<number>(dayList.length).fill(0)
    const days = await q.all<{ day: string; expected: number; present: number }>(
      'SELECT day, expected, present FROM dataset_days WHERE dataset_id = ? ORDER BY day',
      [member.datasetId],
    )
    for (const d of days) {
      const at = index.get(d.day)
      if (at !== undefined) completeness[at] = d.expected > 0 ? d.present / d.expected : 0
    }
    for (const day of total.series[i].keptDays) {
      const at = index.get(day)
      if (at !== undefined) keptFlags[at] = 1
    }
    rows.push({ datasetId: member.datasetId, home: member.home, completeness, kept: keptFlags })
  }
  return rows
}
