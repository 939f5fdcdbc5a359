import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir, voisinFixtures } from '../test-support/temp-dir'
import { runCliOn } from '../test-support/cli-io'

describe('dataset commands', () => {
  let temp: ReturnType<typeof makeTempDir>
  beforeEach(() => (temp = makeTempDir()))
  afterEach(() => temp.remove())
  const db = () => join(temp.dir, 'lib.sqlite')
  const cli = (args: string[]) => runCliOn(db(), args)

  it('import --json prints one report per dataset; dataset and datasets print the same shape', async () => {
    const imported = await cli(['import', join(voisinFixtures, '8s/CDB001.csv'), '--json'])
    expect(imported.code).toBe(0)
    const reports = JSON.parse(imported.stdout)
    expect(reports).toHaveLength(1)
    expect(Object.keys(reports[0])).toEqual([
      'datasetId',
      'home',
      'kind',
      'community',
      'intervalSeconds',
      'rows',
      'duplicates',
      'start',
      'end',
      'days',
      'warnings',
      'alreadyImported',
    ])
    expect(reports[0]).toMatchObject({
      alreadyImported: false,
      home: 'CDB001',
      kind: 'home',
      community: 'CDB',
      intervalSeconds: 8,
      rows: 17_496,
      duplicates: 0,
      start: '2023-05-01T07:07:12.000Z',
      end: '2023-05-02T21:59:52.000Z',
    })
    expect(Object.keys(reports[0].days[0])).toEqual([
      'day',
      'expected',
      'present',
      'empty',
      'zero',
      'completeness',
    ])
    expect(reports[0].days[1]).toMatchObject({ day: '2023-05-02', expected: 10_800, empty: 3_780 })
    expect(Object.keys(reports[0].warnings[0])).toEqual(['code', 'message', 'count'])

    // the same report, without the import's own field, with the statistics of each column
    const { alreadyImported, ...report } = reports[0]
    expect(alreadyImported).toBe(false)
    const one = await cli(['dataset', String(reports[0].datasetId), '--json'])
    const { stats, rawStats, ...same } = JSON.parse(one.stdout)
    expect(same).toStrictEqual(report)
    expect(Object.keys(stats)).toEqual(['p_cons', 'p_prod', 'p_tot'])
    expect(Object.keys(rawStats)).toEqual(['p_cons', 'p_prod', 'p_tot'])
    expect(Object.keys(stats.p_cons)).toEqual(['min', 'mean', 'max', 'count'])
    const all = await cli(['datasets', '--json'])
    expect(JSON.parse(all.stdout)).toStrictEqual([report])
  })

  it('a group file gives one dataset per home; --naive utc changes the days of a naive file', async () => {
    const group = await cli(['import', join(voisinFixtures, 'wide/group_1.csv'), '--json'])
    expect(JSON.parse(group.stdout).length).toBeGreaterThan(10)
    const local = await cli(['import', join(voisinFixtures, '15min/CDB002_2021_03_15min.csv'), '--json'])
    const utc = await cli([
      'import',
      join(voisinFixtures, '15min/CDB002_2021_03_15min.csv'),
      '--naive',
      'utc',
      '--json',
    ])
    expect(JSON.parse(local.stdout)[0].start).toBe('2021-02-28T23:00:00.000Z')
    expect(JSON.parse(utc.stdout)[0].start).toBe('2021-03-01T00:00:00.000Z')
  })

  it('dataset: the statistics are of the cleaned series, the raw ones say what one glitch does to the import', async () => {
    // four complete hourly days of about 900 W, with one −30 MW glitch on day 2
    const lines = ['ts,p_cons,p_prod,p_tot']
    for (let h = 0; h < 96; h++) {
      const ts = new Date(Date.UTC(2023, 0, 2) + h * 3_600_000).toISOString().replace('.000Z', 'Z')
      const watts = h === 30 ? -30e6 : 850 + (h % 4) * 30
      lines.push(`${ts},${watts},0,${watts}`)
    }
    const path = join(temp.dir, 'CDB951.csv')
    writeFileSync(path, lines.join('\n') + '\n')
    const imported = await cli(['import', path, '--tz', 'UTC', '--json'])
    const id = JSON.parse(imported.stdout)[0].datasetId
    const json = JSON.parse((await cli(['dataset', String(id), '--json'])).stdout)
    expect(json.stats.p_cons).toEqual({ min: 850, mean: expect.closeTo(895, 0), max: 940, count: 95 })
    expect(json.rawStats.p_cons.count).toBe(96)
    expect(json.rawStats.p_cons.min).toBe(-30e6)
    expect(json.rawStats.p_cons.mean).toBeLessThan(-300_000)
    // one glitch row: one warning, not three
    expect(json.warnings.map((w: { code: string }) => w.code)).toEqual(['spikes'])
    const human = (await cli(['dataset', String(id)])).stdout
    expect(human).toContain('! Spikes (measurement glitches) [spikes]: 1 reading with |p| ≥ 100 kW')
    expect(human).toContain(
      'cleaned series (4 kept days; spikes (|p| ≥ 100 kW) and all-zero rows left out; default recipe), min / mean / max:',
    )
    expect(human).toMatch(/p_cons +850 W \/ 895 W \/ 940 W {2}\(95 readings\)/)
    expect(human).toMatch(/p_cons +−30 MW \/ −311\.6 kW \/ 940 W {2}\(96 readings\)/)
  })

  it('export-data writes the cleaned series (or the import, --raw) as CSV, one row per slot with a flag', async () => {
    const imported = await cli([
      'import',
      join(voisinFixtures, 'months/CDB008/CDB008_2022_05_15min.csv'),
      '--json',
    ])
    const id = JSON.parse(imported.stdout)[0].datasetId
    const out = join(temp.dir, 'may.csv')
    const written = await cli(['export-data', String(id), out, '--json'])
    expect(written.code).toBe(0)
    const result = JSON.parse(written.stdout)
    expect(result).toMatchObject({
      datasetId: id,
      path: out,
      rows: 31 * 96,
      intervalSeconds: 900,
      raw: false,
    })
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n')
    expect(lines[0]).toBe('time_utc,time_local,p_cons_w,p_prod_w,p_tot_w,flag')
    expect(lines).toHaveLength(31 * 96 + 1)
    expect(lines[1]).toBe('2022-04-30T22:00:00Z,2022-05-01T00:00:00+02:00,49,0,49,')
    // the −11 MW glitch of 05-11 20:30 is hidden (and interpolated over); the zero-filled end of May is removed
    const glitch = lines.find((l) => l.startsWith('2022-05-11T18:30:00Z'))!
    expect(glitch.endsWith(',filled:spike')).toBe(true)
    expect(Number(glitch.split(',')[2])).toBeGreaterThan(0)
    expect(lines.at(-1)).toBe('2022-05-31T21:45:00Z,2022-05-31T23:45:00+02:00,,,,removed:zero-dominated')

    const raw = join(temp.dir, 'may-raw.csv')
    expect((await cli(['export-data', String(id), raw, '--raw', '--resample', 'raw'])).stdout).toBe(
      `Dataset ${id} written to ${raw}: 2,976 rows of 15 min (as imported), 180 kB.\n`,
    )
    expect(readFileSync(raw, 'utf8')).toContain(
      '2022-05-11T18:30:00Z,2022-05-11T20:30:00+02:00,-11121845,0,-11121845,spike',
    )
    const hourly = join(temp.dir, 'may-1h.csv')
    expect(
      JSON.parse((await cli(['export-data', String(id), hourly, '--resample', '1h', '--json'])).stdout),
    ).toMatchObject({
      rows: 31 * 24,
      intervalSeconds: 3600,
    })

    // wrong command lines: exit 2; a folder or an unknown dataset: one line, exit 1, nothing written
    expect((await cli(['export-data', String(id), out, '--resample', 'often'])).code).toBe(2)
    expect((await cli(['export-data', String(id)])).code).toBe(2)
    const folder = await cli(['export-data', String(id), temp.dir])
    expect([folder.code, folder.stderr]).toEqual([
      1,
      expect.stringMatching(/is a directory: choose a file name/),
    ])
    const unknown = await cli(['export-data', '42', join(temp.dir, 'x.csv')])
    expect([unknown.code, unknown.stderr]).toEqual([1, 'voisin-forecast: No dataset 42 in the library.\n'])
    expect(existsSync(join(temp.dir, 'x.csv'))).toBe(false)
  })

  it('clean saves the recipe and prints kept and removed days', async () => {
    const imported = await cli(['import', join(voisinFixtures, '15min/CDB005_15min.csv'), '--json'])
    const id = JSON.parse(imported.stdout)[0].datasetId
    const cleaned = await cli([
      'clean',
      String(id),
      '--min-completeness',
      '0.9',
      '--resample',
      '1h',
      '--json',
    ])
    expect(cleaned.code).toBe(0)
    const result = JSON.parse(cleaned.stdout)
    // 2023-01-01 has one reading and 01-02..01-11 none: removed; the rest are complete
    expect(result.removedDays.slice(0, 11)).toEqual(
      Array.from({ length: 11 }, (_, i) => `2023-01-${String(i + 1).padStart(2, '0')}`),
    )
    expect(result.keptDays[0]).toBe('2023-01-12')
    expect(result.recipe).toMatchObject({ minCompleteness: 0.9, resampleSeconds: 3600 })
    expect(result.series.intervalSeconds).toBe(3600)
    expect(result.saved).toBe(true)
    const detail = await cli(['dataset', String(id), '--json', '--details'])
    expect(JSON.parse(detail.stdout).removedDays).toEqual(result.removedDays)
  })

  it('bad input: one line naming file and line, exit code 1, nothing imported', async () => {
    const bad = join(temp.dir, 'CDB321.csv')
    writeFileSync(bad, 'ts,p_cons\n2023-01-01 00:00:00Z,1\nnot a time,2\n')
    const failed = await cli(['import', bad, '--json'])
    expect(failed.code).toBe(1)
    expect(failed.stderr).toBe('voisin-forecast: CDB321.csv, line 3: unparseable timestamp "not a time".\n')
    expect(JSON.parse((await cli(['datasets', '--json'])).stdout)).toEqual([])
    expect((await cli(['clean', '1', '--resample', 'often'])).code).toBe(2)
    expect((await cli(['dataset', '42', '--json'])).stderr).toBe(
      'voisin-forecast: No dataset 42 in the library.\n',
    )
  })
})
