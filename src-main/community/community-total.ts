/**
 * A community's total: the sum of its member homes' cleaned series (each home's recipe applied first,
 * sign flips included), over the slots where every included member has a reading. Which homes it
 * includes, and why the others were left out, travels with it (see choose-members.ts).
 */
import type { Queryable } from '../db/library'
import { AppError } from '../shared/result'
import { chooseMembers } from './choose-members'
import { getCommunity } from './community-store'
import { loadMemberSeries, presence, type CommonGrid, type MemberSeries } from './member-series'

export interface TotalMember {
  datasetId: number
  home: string
  included: boolean
  /** share of the period's slots where the home has a cleaned reading */
  coverage: number
  /** why it was left out; null when included */
  reason: string | null
  /** 'recipe' when its saved recipe flips the sign, 'auto' when days recorded backwards were flipped here */
  signFlip: 'recipe' | 'auto' | null
  /** days flipped here (see backwards-days.ts) */
  flippedDays: number
}

export interface CommunityTotal {
  communityId: number
  communityName: string
  grid: CommonGrid
  /** [T] watts: sums over the included homes; NaN where one of them has no reading */
  cons: Float64Array
  prod: Float64Array
  tot: Float64Array
  /** [T] member homes (included or not) with a reading at each slot */
  reporting: Uint16Array
  /** [T] sums over the homes reporting at each slot (every member, for the community chart) */
  reportingCons: Float64Array
  reportingProd: Float64Array
  reportingTot: Float64Array
  members: TotalMember[]
  /** share of the period's slots where every included home has a reading */
  completeShare: number
  /** each member's cleaned series on the common grid (for per-home shares and forecasts) */
  series: MemberSeries[]
}

export interface TotalOptions {
  /** only these member datasets, all of them kept (the user chose); default: every member, chosen as above */
  homes?: number[]
  /** with `homes`: choose among them as above instead of keeping them all */
  choose?: boolean
}

/** Computes the total of a community's members (nothing is written). */
export async function computeCommunityTotal(
  q: Queryable,
  communityId: number,
  options: TotalOptions = {},
): Promise<CommunityTotal> {
  const community = await getCommunity(q, communityId)
  const memberIds = community.homes.map((h) => h.datasetId)
  if (options.homes) {
    const outside = options.homes.filter((id) => !memberIds.includes(id))
    if (outside.length > 0)
      throw new AppError(
        'invalid-request',
        `Dataset ${outside.join(', ')} is not a member of community ${community.name}.`,
      )
  }
  const candidates = options.homes ?? memberIds
  if (candidates.length === 0)
    throw new AppError('invalid-request', `Community ${community.name} has no member homes.`)
  const { grid, members } = await loadMemberSeries(q, candidates)
  const present = members.map(presence)
  const forced = options.homes && !options.choose ? members.map((_, i) => i) : []
  const choice = chooseMembers(present, { forced })
  const T = grid.slots
  const cons = new Float64Array(T).fill(NaN)
  const prod = new Float64Array(T).fill(NaN)
  const tot = new Float64Array(T).fill(NaN)
  const reporting = new Uint16Array(T)
  const reportingCons = new Float64Array(T)
  const reportingProd = new Float64Array(T)
  const reportingTot = new Float64Array(T)
  const included = choice.choices.filter((c) => c.included).map((c) => c.index)
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < members.length; i++) {
      if (!present[i][t]) continue
      reporting[t]++
      reportingCons[t] += members[i].cons[t]
      reportingProd[t] += members[i].prod[t]
      reportingTot[t] += members[i].tot[t]
    }
    if (!choice.complete[t]) continue
    let c = 0
    let p = 0
    let n = 0
    for (const i of included) {
      c += members[i].cons[t]
      p += members[i].prod[t]
      n += members[i].tot[t]
    }
    cons[t] = c
    prod[t] = p
    tot[t] = n
  }
  return {
    communityId,
    communityName: community.name,
    grid,
    cons,
    prod,
    tot,
    reporting,
    reportingCons,
    reportingProd,
    reportingTot,
    members: members.map((m, i) => ({
      datasetId: m.datasetId,
      home: m.home,
      included: choice.choices[i].included,
      coverage: choice.choices[i].coverage,
      reason: choice.choices[i].reason,
      signFlip: m.recipeFlipsSign ? 'recipe' : m.autoFlipped ? 'auto' : null,
      flippedDays: m.autoFlipped?.days ?? 0,
    })),
    completeShare: choice.completeShare,
    series: members,
  }
}
