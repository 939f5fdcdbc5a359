import { cpSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { communityFixtures } from '../test-support/community-fixtures'
import { captureCliIO } from '../test-support/cli-io'
import { makeTempDir, sourceWorkerEntry } from '../test-support/temp-dir'
import { runCli } from './cli'

/**
 * The community commands as the acceptance checks run them: a folder import, `communities`,
 * `community`, `train --community`, `evaluate` (zero-shot) and `train --init-from` (fine-tuning).
 */
describe('community commands', () => {
  let temp: ReturnType<typeof makeTempDir>
  beforeAll(() => {
    temp = makeTempDir('vf-community-cli-')
    // the subset as exports come, in sub-folders, with one file that is not an export
    cpSync(communityFixtures, join(temp.dir, 'exports'), { recursive: true })
    mkdirSync(join(temp.dir, 'exports', 'CDB', 'notes'))
    writeFileSync(join(temp.dir, 'exports', 'CDB', 'notes', 'readme.csv'), 'not,an,export\n1,2,3\n')
  })
  afterAll(() => temp.remove())
  const cli = async (...args: string[]) => {
    const io = captureCliIO()
    const code = await runCli([...args, '--db', join(temp.dir, 'lib.sqlite')], io, sourceWorkerEntry)
    return { code, ...io, json: () => JSON.parse(io.stdout) }
  }
  const tiny = ['--epochs', '1', '--hidden', '4', '--seq', '16', '--progress', 'none', '--json']

  it('imports a folder recursively, one dataset per home in its community, leaving out what it cannot read', async () => {
    const imported = await cli('import', join(temp.dir, 'exports'), '--json', '--progress', 'none')
    expect(imported.code).toBe(0)
    const datasets = imported.json() as { home: string; community: string }[]
    expect(datasets.map((d) => `${d.home}:${d.community}`)).toEqual([
      'CDB001:CDB',
      'CDB002:CDB',
      'CDB034:CDB',
      'CDB059:CDB',
      'ECHL05:ECHL',
      'ECHL06:ECHL',
    ])
    expect(imported.stderr).toContain('left out: ')
    expect(imported.stderr).toMatch(/readme\.csv: readme\.csv, line 1: not a Voisin d'Énergie CSV export/)
    expect(imported.stderr).toContain(
      '13 files: 6 homes, 2 months of readings, communities CDB, ECHL; 1 file left out.',
    )
  }, 60_000)

  it('lists the communities and reports one, per day', async () => {
    const list = (await cli('communities', '--json')).json()
    expect(list).toHaveLength(2)
    expect(Object.keys(list[0])).toEqual(['communityId', 'name', 'homes', 'start', 'end'])
    expect(list[0].homes[0]).toEqual({ datasetId: 1, home: 'CDB001' })
    const community = (await cli('community', String(list[0].communityId), '--json')).json()
    for (const key of ['communityId', 'name', 'homes', 'days', 'selfSufficiency', 'selfConsumption'])
      expect(community).toHaveProperty(key)
    expect(Object.keys(community.days[0])).toEqual(
      expect.arrayContaining([
        'day',
        'homesComplete',
        'consumptionWh',
        'productionWh',
        'selfSufficiency',
        'selfConsumption',
      ]),
    )
    expect(community.selfSufficiency).toBeGreaterThan(0)
    expect(community.selfSufficiency).toBeLessThan(1)
  }, 60_000)

  it('trains a global model on the community, judged per home and on the total; then zero-shot and fine-tuned elsewhere', async () => {
    const trained = await cli('train', '--community', '1', '--homes', 'CDB001,CDB002,CDB034', ...tiny)
    expect(trained.code).toBe(0)
    const outcome = trained.json()
    expect(outcome.homes.map((h: { home: string }) => h.home)).toEqual(['CDB001', 'CDB002', 'CDB034'])
    for (const h of outcome.homes)
      expect(Object.keys(h.test)).toEqual(
        expect.arrayContaining(['model', 'persistence', 'sameTimeYesterday', 'sameTimeLastWeek', 'skill']),
      )
    expect(outcome.wins).toBe(
      outcome.homes.filter((h: { test: { skill: number } }) => h.test.skill > 0).length,
    )
    expect(Object.keys(outcome.total)).toEqual(
      expect.arrayContaining(['model', 'persistence', 'skill', 'bias']),
    )

    // zero-shot on a home of another community, nothing trained
    const zeroShot = await cli('evaluate', String(outcome.modelId), '--dataset', '5', '--json')
    expect(zeroShot.code).toBe(0)
    expect(zeroShot.json()).toMatchObject({
      modelId: outcome.modelId,
      datasetId: 5,
      home: 'ECHL05',
      mode: 'zero-shot',
    })
    expect(zeroShot.json().test.skill).toEqual(expect.any(Number))
    expect(zeroShot.json().windows).toBeGreaterThan(0)
    // the models list still has one model: evaluate trains nothing
    expect((await cli('models', '--json')).json()).toHaveLength(1)

    // fine-tuned: the same architecture, from the global model's weights
    const tuned = await cli(
      'train',
      '--dataset',
      '5',
      '--init-from',
      String(outcome.modelId),
      '--epochs',
      '1',
      '--progress',
      'none',
      '--json',
    )
    expect(tuned.code).toBe(0)
    expect(tuned.json().initFrom).toMatchObject({ modelId: outcome.modelId, kind: 'global' })

    // a model of the community total
    const total = await cli('train', '--community', '2', '--target', 'total', ...tiny)
    expect(total.code).toBe(0)
    expect(total.json().target).toBe('total')
    expect(total.json().total.skill).toBe(total.json().test.skill)
  }, 180_000)

  it('refuses what cannot be: unknown homes, both --dataset and --community, a foreign architecture', async () => {
    const unknown = await cli('train', '--community', '1', '--homes', 'CDB999', '--json')
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('no household "CDB999" in the library')
    const both = await cli('train', '--community', '1', '--dataset', '2')
    expect(both.code).toBe(2)
    const foreign = await cli(
      'train',
      '--dataset',
      '5',
      '--init-from',
      '1',
      '--hidden',
      '7',
      '--progress',
      'none',
    )
    expect(foreign.code).toBe(2)
    expect(foreign.stderr).toMatch(
      /cannot start this training: its hiddenSizes is \[4\], these settings give \[7\]/,
    )
  }, 60_000)
})
