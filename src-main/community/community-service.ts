/**
 * The community calls behind the backend's `community:*` channels and the CLI. Computing a community
 * (its members' cleaned series, the total, the report) takes a second or so for twenty homes, so the
 * last one computed is kept until its members' data or recipes change (the total's fingerprint).
 */
import type { Library } from '../db/library'
import type { CommunityDetail, CommunitySeries, CommunitySummary } from '../shared/community-schemas'
import { communityReport } from './community-report'
import {
  createCommunity,
  deleteCommunity,
  getCommunity,
  listCommunities,
  updateCommunity,
} from './community-store'
import { computeCommunityTotal, type CommunityTotal } from './community-total'
import { ensureTotalDataset, totalFingerprint } from './total-dataset'

/** Chart points at most, whatever the window. */
const MAX_POINTS = 5000

export class CommunityService {
  private cached: { communityId: number; fingerprint: string; total: CommunityTotal } | null = null

  constructor(private readonly library: Library) {}

  list(): Promise<CommunitySummary[]> {
    return listCommunities(this.library)
  }

  private async total(communityId: number): Promise<CommunityTotal> {
    const fingerprint = await totalFingerprint(this.library, communityId, {})
    if (this.cached?.communityId === communityId && this.cached.fingerprint === fingerprint)
      return this.cached.total
    const total = await computeCommunityTotal(this.library, communityId)
    this.cached = { communityId, fingerprint, total }
    return total
  }

  async get(communityId: number): Promise<CommunityDetail> {
    const summary = await getCommunity(this.library, communityId)
    if (summary.homes.length === 0) {
      return {
        ...summary,
        days: [],
        selfSufficiency: null,
        selfConsumption: null,
        consumptionWh: 0,
        productionWh: 0,
        total: { members: [], completeShare: 0, intervalSeconds: 0 },
        shares: [],
        dayList: [],
        matrix: [],
      }
    }
    const total = await this.total(communityId)
    const report = await communityReport(this.library, total)
    return {
      ...summary,
      ...report,
      total: {
        members: total.members,
        completeShare: total.completeShare,
        intervalSeconds: total.grid.intervalSeconds,
      },
    }
  }

  /** The community chart over [fromMs, toMs): bucket means of the reporting sums, the count and the total. */
  async series(request: {
    communityId: number
    fromMs?: number
    toMs?: number
    points?: number
  }): Promise<CommunitySeries> {
    const total = await this.total(request.communityId)
    const { grid } = total
    const intervalMs = grid.intervalSeconds * 1000
    const gridEnd = grid.start + grid.slots * intervalMs
    const fromMs = Math.max(grid.start, request.fromMs ?? grid.start)
    const toMs = Math.min(gridEnd, Math.max(fromMs + intervalMs, request.toMs ?? gridEnd))
    const first = Math.floor((fromMs - grid.start) / intervalMs)
    const last = Math.ceil((toMs - grid.start) / intervalMs)
    const points = Math.min(MAX_POINTS, request.points ?? 1500)
    const perBucket = Math.max(1, Math.ceil((last - first) / points))
    const out: CommunitySeries = {
      fromMs,
      toMs,
      bucketMs: perBucket * intervalMs,
      x: [],
      consumption: [],
      production: [],
      net: [],
      reporting: [],
      total: [],
      homes: total.members.length,
    }
    const mean = (sum: number, n: number) => (n > 0 ? sum / n : null)
    for (let from = first; from < last; from += perBucket) {
      const to = Math.min(last, from + perBucket)
      let c = 0
      let p = 0
      let n = 0
      let reported = 0
      let reporting = 0
      let t = 0
      let complete = 0
      for (let k = from; k < to; k++) {
        reporting += total.reporting[k]
        if (total.reporting[k] > 0) {
          c += total.reportingCons[k]
          p += total.reportingProd[k]
          n += total.reportingTot[k]
          reported++
        }
        if (Number.isFinite(total.cons[k])) {
          t += total.cons[k]
          complete++
        }
      }
      out.x.push(grid.start + from * intervalMs)
      out.consumption.push(mean(c, reported))
      out.production.push(mean(p, reported))
      out.net.push(mean(n, reported))
      out.reporting.push(reporting / (to - from))
      out.total.push(mean(t, complete))
    }
    return out
  }

  async update(request: { communityId: number; name?: string; add?: number[]; remove?: number[] }) {
    await this.library.transaction((tx) => updateCommunity(tx, request.communityId, request))
    return getCommunity(this.library, request.communityId)
  }

  async create(request: { name: string; datasetIds: number[] }) {
    const id = await this.library.transaction((tx) => createCommunity(tx, request.name, request.datasetIds))
    return getCommunity(this.library, id)
  }

  async delete(communityId: number) {
    await this.library.transaction((tx) => deleteCommunity(tx, communityId))
    return { deleted: communityId }
  }

  async buildTotal(request: { communityId: number; homes?: number[]; choose?: boolean }) {
    const built = await ensureTotalDataset(this.library, request.communityId, {
      homes: request.homes,
      choose: request.choose,
    })
    return {
      datasetId: built.datasetId,
      rebuilt: built.rebuilt,
      members: built.derivation.members,
      completeShare: built.derivation.completeShare,
    }
  }
}
