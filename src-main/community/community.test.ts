import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Library } from '../db/library'
import { loadCleanSeries } from '../data/cleaning/clean-series'
import { ZoneClock } from '../data/zone'
import { communityFiles, importIntoLibrary } from '../test-support/community-fixtures'
import { makeTempDir } from '../test-support/temp-dir'
import { communityReport } from './community-report'
import { getCommunity, listCommunities, updateCommunity } from './community-store'
import { computeCommunityTotal } from './community-total'
import { ensureTotalDataset } from './total-dataset'

let temp: ReturnType<typeof makeTempDir>
let library: Library
let cdb: number
let echl: number

beforeAll(async () => {
  temp = makeTempDir('vf-community-')
  library = await Library.open(join(temp.dir, 'lib.sqlite'))
  await importIntoLibrary(library, [...communityFiles('CDB'), ...communityFiles('ECHL')])
  const list = await listCommunities(library)
  cdb = list.find((c) => c.name === 'CDB')!.communityId
  echl = list.find((c) => c.name === 'ECHL')!.communityId
}, 60_000)

afterAll(async () => {
  await library.close()
  temp.remove()
})

describe('communities from an import', () => {
  it('groups the households by their id prefix, with the span of their readings', async () => {
    const list = await listCommunities(library)
    expect(list.map((c) => [c.name, c.homes.map((h) => h.home)])).toEqual([
      ['CDB', ['CDB001', 'CDB002', 'CDB034', 'CDB059']],
      ['ECHL', ['ECHL05', 'ECHL06']],
    ])
    const community = list[0]
    const rows = await library.all<{ start_ms: number; end_ms: number }>(
      `SELECT start_ms, end_ms FROM datasets WHERE home LIKE 'CDB%'`,
    )
    expect(community.start).toBe(new Date(Math.min(...rows.map((r) => r.start_ms))).toISOString())
    expect(community.end).toBe(new Date(Math.max(...rows.map((r) => r.end_ms))).toISOString())
  })

  it('renames a community and moves a household, refusing what does not exist', async () => {
    const scratch = await Library.open(join(temp.dir, 'edit.sqlite'))
    try {
      const ids = await importIntoLibrary(scratch, communityFiles('ECHL'))
      const [community] = await listCommunities(scratch)
      await scratch.transaction((tx) => updateCommunity(tx, community.communityId, { name: 'Écluse' }))
      await scratch.transaction((tx) => updateCommunity(tx, community.communityId, { remove: [ids[1]] }))
      const edited = await getCommunity(scratch, community.communityId)
      expect(edited.name).toBe('Écluse')
      expect(edited.homes.map((h) => h.datasetId)).toEqual([ids[0]])
      await expect(
        scratch.transaction((tx) => updateCommunity(tx, community.communityId, { remove: [ids[1]] })),
      ).rejects.toThrow(`Dataset ${ids[1]} is not a member of community ${community.communityId}.`)
      await expect(scratch.transaction((tx) => updateCommunity(tx, 99, { name: 'x' }))).rejects.toThrow(
        'No community 99 in the library.',
      )
      await expect(
        scratch.transaction((tx) => updateCommunity(tx, community.communityId, { add: [999] })),
      ).rejects.toThrow('No dataset 999 in the library.')
      // the failed edits changed nothing
      expect((await getCommunity(scratch, community.communityId)).homes.length).toBe(1)
    } finally {
      await scratch.close()
    }
  })
})

describe('the community total', () => {
  it('sums the cleaned members where all included homes report, flips the home recorded backwards, and leaves out the sparse one', async () => {
    const total = await computeCommunityTotal(library, cdb)
    const byHome = Object.fromEntries(total.members.map((m) => [m.home, m]))
    expect(byHome.CDB034.signFlip).toBe('auto')
    expect(byHome.CDB001.signFlip).toBeNull()
    expect(byHome.CDB059.included).toBe(false)
    expect(byHome.CDB059.reason).toMatch(/^readings in \d+ % of the slots/)
    expect(['CDB001', 'CDB002', 'CDB034'].every((h) => byHome[h].included)).toBe(true)
    // an independent sum from each home's own cleaned series
    const series = await Promise.all(
      total.members.filter((m) => m.included).map((m) => loadCleanSeries(library, m.datasetId, 'p_cons')),
    )
    const intervalMs = total.grid.intervalSeconds * 1000
    let checked = 0
    for (let t = 0; t < total.grid.slots; t += 37) {
      const at = total.grid.start + t * intervalMs
      const values = series.map((s) => s.values[(at - s.start) / intervalMs] ?? NaN)
      const signed = values.map((v, i) => (series[i].home === 'CDB034' ? -v : v))
      if (signed.every(Number.isFinite)) {
        expect(total.cons[t]).toBeCloseTo(
          signed.reduce((a, b) => a + b, 0),
          6,
        )
        checked++
      } else {
        expect(total.cons[t]).toBeNaN()
      }
    }
    expect(checked).toBeGreaterThan(20)
  })

  it('reports per day the homes complete, the energy and the shares, as computed here by hand', async () => {
    const total = await computeCommunityTotal(library, cdb)
    const report = await communityReport(library, total)
    const clock = new ZoneClock(total.grid.zone)
    const day = report.days.find((d) => d.completeSlots > 0 && d.productionWh > 0)!
    let consumption = 0
    let production = 0
    let shared = 0
    for (let t = 0; t < total.grid.slots; t++) {
      if (clock.dayOf(total.grid.start + t * 900_000).day !== day.day || !Number.isFinite(total.cons[t]))
        continue
      const c = Math.max(0, total.cons[t]) / 4
      const g = Math.max(0, -total.prod[t]) / 4
      consumption += c
      production += g
      shared += Math.min(c, g)
    }
    expect(day.consumptionWh).toBeCloseTo(consumption, 6)
    expect(day.productionWh).toBeCloseTo(production, 6)
    expect(day.selfSufficiency).toBeCloseTo(shared / consumption, 9)
    expect(day.selfConsumption).toBeCloseTo(shared / production, 9)
    expect(report.selfSufficiency).toBeGreaterThan(0)
    expect(report.selfSufficiency).toBeLessThan(1)
    const included = report.shares.filter((s) => s.included)
    expect(included.reduce((a, s) => a + s.consumptionShare!, 0)).toBeCloseTo(1, 9)
    expect(report.shares.find((s) => s.home === 'CDB034')!.flags).toContain('sign-flipped')
    expect(report.shares.find((s) => s.home === 'CDB059')!.flags).toContain('left-out')
    // the matrix has one row per member and one cell per day
    expect(report.matrix.map((r) => r.home)).toEqual(['CDB001', 'CDB002', 'CDB034', 'CDB059'])
    for (const row of report.matrix) expect(row.completeness.length).toBe(report.dayList.length)
  })

  it('keeps the homes the user names, or chooses among them; a total complete on no day says what to do', async () => {
    const members = (await getCommunity(library, cdb)).homes.map((h) => h.datasetId)
    const chosen = await computeCommunityTotal(library, cdb, { homes: members, choose: true })
    expect(chosen.members.find((m) => m.home === 'CDB059')!.included).toBe(false)
    const kept = await computeCommunityTotal(library, cdb, { homes: members })
    expect(kept.members.every((m) => m.included)).toBe(true)
    expect(kept.completeShare).toBeLessThan(chosen.completeShare)
    // all four kept: CDB059 reports on few days, and never with the others for a whole day
    await expect(ensureTotalDataset(library, cdb, { homes: members })).rejects.toThrow(
      /^The total of CDB's 4 homes is complete \(all of them reporting\) on \d+ % of the slots and on no whole day: leave out the sparsest homes \(CDB059 \(readings in \d+ % of the slots\)/,
    )
  })

  it('is stored as a dataset with its derivation, rebuilt only when a member changes', async () => {
    const first = await ensureTotalDataset(library, echl)
    expect(first.rebuilt).toBe(true)
    const again = await ensureTotalDataset(library, echl)
    expect(again).toMatchObject({ datasetId: first.datasetId, rebuilt: false })
    const row = await library.get<{ kind: string; home: string; derivation: string; readings: number }>(
      'SELECT kind, home, derivation, readings FROM datasets WHERE id = ?',
      [first.datasetId],
    )
    expect(row).toMatchObject({ kind: 'community-total', home: 'ECHL-total' })
    expect(JSON.parse(row!.derivation).members.map((m: { home: string }) => m.home)).toEqual([
      'ECHL05',
      'ECHL06',
    ])
    // a member's recipe changes: the total is rebuilt under the same id
    const member = (await getCommunity(library, echl)).homes[0].datasetId
    await library.run(
      `UPDATE datasets SET recipe = '{"minCompleteness":0.5}', cleaned_at = 'now' WHERE id = ?`,
      [member],
    )
    const rebuilt = await ensureTotalDataset(library, echl)
    expect(rebuilt).toMatchObject({ datasetId: first.datasetId, rebuilt: true })
    // the total is a series like any: its cleaned p_cons loads
    const series = await loadCleanSeries(library, first.datasetId, 'p_cons')
    expect(series.keptDays.length).toBeGreaterThan(20)
  })
})
