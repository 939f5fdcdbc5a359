// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CommunityDetail, CommunitySummary } from '../../../src-main/shared/community-schemas'
import type { DatasetListItem } from '../../../src-main/shared/contract'
import { useCommunitiesStore } from './communities'

const ok = <T>(data: T) => ({ ok: true as const, data })

/** The datasets' list as the store reads it (the fields it uses). */
const dataset = (datasetId: number, home: string, community: string | null, firstDay = '2022-05-01') =>
  ({
    datasetId,
    home,
    kind: 'home',
    community,
    name: `${home}.csv`,
    firstDay,
    lastDay: '2022-06-30',
    zone: 'Europe/Brussels',
  }) as DatasetListItem

describe('useCommunitiesStore', () => {
  // a small stand-in for the backend's communities: CDB with two homes, ECHL with one; CDB099 in none
  let communities: CommunitySummary[]
  let datasets: DatasetListItem[]
  let api: Record<string, Record<string, ReturnType<typeof vi.fn>>>
  const detailOf = (c: CommunitySummary): CommunityDetail => ({
    ...c,
    days: [],
    selfSufficiency: 0.4,
    selfConsumption: 0.5,
    consumptionWh: 1000,
    productionWh: 800,
    total: { members: [], completeShare: 0.4, intervalSeconds: 900 },
    shares: [],
    dayList: ['2022-05-01'],
    matrix: c.homes.map((h) => ({ ...h, completeness: [1], kept: [1] })),
  })
  beforeEach(() => {
    setActivePinia(createPinia())
    communities = [
      {
        communityId: 1,
        name: 'CDB',
        homes: [
          { datasetId: 1, home: 'CDB001' },
          { datasetId: 2, home: 'CDB002' },
        ],
        start: '2022-04-30T22:00:00.000Z',
        end: '2022-06-30T21:45:00.000Z',
        totalDatasetId: null,
      },
      {
        communityId: 2,
        name: 'ECHL',
        homes: [{ datasetId: 5, home: 'ECHL05' }],
        start: null,
        end: null,
        totalDatasetId: null,
      },
    ]
    datasets = [
      dataset(1, 'CDB001', 'CDB', '2022-04-28'),
      dataset(2, 'CDB002', 'CDB'),
      dataset(5, 'ECHL05', 'ECHL'),
      dataset(9, 'CDB099', null),
    ]
    const byId = (id: number) => communities.find((c) => c.communityId === id)!
    api = {
      community: {
        list: vi.fn(async () => ok(structuredClone(communities))),
        get: vi.fn(async ({ communityId }: { communityId: number }) => ok(detailOf(byId(communityId)))),
        series: vi.fn(async ({ communityId }: { communityId: number }) =>
          ok({
            x: [1],
            consumption: [1],
            production: [0],
            net: [1],
            reporting: [2],
            total: [1],
            homes: communityId,
          }),
        ),
        update: vi.fn(
          async (request: { communityId: number; name?: string; add?: number[]; remove?: number[] }) => {
            const c = byId(request.communityId)
            if (request.name) c.name = request.name
            for (const id of request.add ?? []) {
              const d = datasets.find((x) => x.datasetId === id)!
              c.homes.push({ datasetId: id, home: d.home })
              d.community = c.name
            }
            for (const id of request.remove ?? []) {
              c.homes = c.homes.filter((h) => h.datasetId !== id)
              datasets.find((x) => x.datasetId === id)!.community = null
            }
            return ok(c)
          },
        ),
        buildTotal: vi.fn(async ({ communityId }: { communityId: number }) => {
          byId(communityId).totalDatasetId = 12
          return ok({
            datasetId: 12,
            rebuilt: true,
            completeShare: 0.45,
            members: [
              {
                datasetId: 1,
                home: 'CDB001',
                included: true,
                coverage: 0.9,
                reason: null,
                signFlip: null,
                flippedDays: 0,
              },
              {
                datasetId: 2,
                home: 'CDB002',
                included: false,
                coverage: 0.2,
                reason: 'readings in 20 % of the slots',
                signFlip: null,
                flippedDays: 0,
              },
            ],
          })
        }),
      },
      dataset: { list: vi.fn(async () => ok(structuredClone(datasets))) },
    }
    window.api = api as never
  })
  afterEach(() => {
    window.api = undefined
  })

  it('opens on the first community: its report, its chart, and the homes that can join', async () => {
    const store = useCommunitiesStore()
    await store.load()
    expect(store.list.map((c) => c.name)).toEqual(['CDB', 'ECHL'])
    expect(store.detail?.name).toBe('CDB')
    expect(api.community.series).toHaveBeenCalledWith(expect.objectContaining({ communityId: 1 }))
    expect(store.series?.homes).toBe(1)
    // a home belongs to one community at most: only CDB099 may be added
    expect(store.candidates.map((d) => d.home)).toEqual(['CDB099'])
    // the period in local days, from the members' datasets (the UTC start is the evening before)
    expect(store.periods.get(1)).toEqual({ firstDay: '2022-04-28', lastDay: '2022-06-30' })
    await store.select(2)
    expect(store.detail?.name).toBe('ECHL')
    expect(store.loading).toBe(false)
  })

  it('renames, adds and removes members, then shows the community as the backend has it', async () => {
    const store = useCommunitiesStore()
    await store.load()
    await store.rename('  Cité du Bois  ')
    expect(api.community.update).toHaveBeenLastCalledWith({ communityId: 1, name: 'Cité du Bois' })
    expect(store.detail?.name).toBe('Cité du Bois')
    expect(store.list[0].name).toBe('Cité du Bois')

    await store.addMembers([9])
    expect(api.community.update).toHaveBeenLastCalledWith({ communityId: 1, add: [9] })
    expect(store.detail?.homes.map((h) => h.home)).toEqual(['CDB001', 'CDB002', 'CDB099'])
    expect(store.detail?.matrix).toHaveLength(3)
    expect(store.candidates).toEqual([])

    await store.removeMember(2)
    expect(store.detail?.homes.map((h) => h.home)).toEqual(['CDB001', 'CDB099'])
    expect(store.candidates.map((d) => d.home)).toEqual(['CDB002'])
    expect(store.error).toBeNull()
  })

  it('builds the total: its dataset, who it includes and who was left out with why', async () => {
    const store = useCommunitiesStore()
    await store.load()
    expect(store.total).toBeNull()
    await store.buildTotal()
    expect(store.total).toMatchObject({ communityId: 1, datasetId: 12 })
    expect(store.total?.members.filter((m) => !m.included).map((m) => m.reason)).toEqual([
      'readings in 20 % of the slots',
    ])
    expect(store.detail?.totalDatasetId).toBe(12)
    expect(store.building).toBe(false)
    // another community's view does not show this total
    await store.select(2)
    expect(store.total).toBeNull()
  })

  it('shows why a call was refused and keeps what it had', async () => {
    api.community.update = vi.fn(async () => ({
      ok: false,
      error: { code: 'invalid-request', message: 'CDB002 is already a member of ECHL.' },
    }))
    const store = useCommunitiesStore()
    await store.load()
    await store.addMembers([2])
    expect(store.error).toBe('CDB002 is already a member of ECHL.')
    expect(store.detail?.homes).toHaveLength(2)
  })
})
