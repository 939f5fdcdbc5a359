import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBackend } from '../backend/create-backend'
import { makeTempDir, sourceWorkerEntry, voisinFixtures } from '../test-support/temp-dir'
import { runCli } from './cli'

function capture() {
  const io = {
    stdout: '',
    stderr: '',
    isTTY: false,
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
  }
  return io
}
const cli = async (args: string[]) => {
  const io = capture()
  const code = await runCli([...args, '--progress', 'none'], io, sourceWorkerEntry)
  return { code, ...io }
}

let temp: ReturnType<typeof makeTempDir>
const dbA = () => join(temp.dir, 'a.sqlite')
const dbB = () => join(temp.dir, 'b.sqlite')
const may2022 = join(voisinFixtures, '15min/CDB001_2022-05-01--2022-05-31_15min.csv')

beforeAll(async () => {
  temp = makeTempDir('vf-model-cli-')
  for (const db of [dbA(), dbB()]) expect((await cli(['import', may2022, '--db', db, '--json'])).code).toBe(0)
  const trained = await cli([
    'train',
    '--dataset',
    '1',
    '--db',
    dbA(),
    '--seq',
    '16',
    '--pred',
    '2',
    '--hidden',
    '4',
    '--epochs',
    '1',
    '--horizon',
    '0',
    '--json',
  ])
  expect(trained.code).toBe(0)
}, 120_000)
afterAll(() => temp?.remove())

describe('model commands', () => {
  it('models --json lists the model and model <id> --json prints its manifest without weights', async () => {
    const list = JSON.parse((await cli(['models', '--db', dbA(), '--json'])).stdout)
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({
      modelId: 1,
      home: 'CDB001',
      engine: 'scratch',
      seqLen: 16,
      predSize: 2,
      epochs: 1,
    })
    const manifest = JSON.parse((await cli(['model', '1', '--db', dbA(), '--json'])).stdout)
    expect(manifest).toMatchObject({
      modelId: 1,
      format: 'voisin-forecast-model',
      column: 'p_cons',
      intervalSeconds: 900,
    })
    expect(manifest.dataset.files[0].name).toBe('CDB001_2022-05-01--2022-05-31_15min.csv')
    expect(JSON.stringify(manifest)).not.toMatch(/weightsBase64/)
  })

  it('export-model, import-model --json and predict --json: the same forecast in both libraries', async () => {
    const file = join(temp.dir, 'm.vfmodel')
    expect((await cli(['export-model', '1', file, '--db', dbA()])).code).toBe(0)
    const imported = await cli(['import-model', file, '--db', dbB(), '--json'])
    expect(JSON.parse(imported.stdout)).toMatchObject({ modelId: 1, home: 'CDB001', datasetId: 1 })
    const args = ['--dataset', '1', '--from', '2022-05-25T18:00:00Z', '--horizon', '6', '--json']
    const here = JSON.parse((await cli(['predict', '1', ...args, '--db', dbA()])).stdout)
    const there = JSON.parse((await cli(['predict', '1', ...args, '--db', dbB()])).stdout)
    expect(Object.keys(here).slice(0, 7)).toEqual([
      'modelId',
      'datasetId',
      'from',
      'step',
      'predicted',
      'actual',
      'metrics',
    ])
    expect(here).toMatchObject({ modelId: 1, datasetId: 1, from: '2022-05-25T18:00:00.000Z', step: 900 })
    expect(here.predicted).toHaveLength(6)
    expect(here.actual.every((v: number | null) => typeof v === 'number')).toBe(true)
    expect(here.metrics.n).toBe(6)
    expect(here.metrics.baselines.persistence.n).toBe(6)
    expect(there.predicted).toEqual(here.predicted)
  })

  it('predict names every baseline as the verdict tables do, and says why one has no figures', async () => {
    // 2022-05-03 is two days into the data: a week before is not there
    const run = await cli([
      'predict',
      '1',
      '--dataset',
      '1',
      '--from',
      '2022-05-03T12:00:00Z',
      '--horizon',
      '3',
      '--db',
      dbA(),
    ])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^ {2}Persistence \(last value\): MAE \d+\.\d W, RMSE \d+\.\d W over 3$/m)
    expect(run.stdout).toMatch(/^ {2}Same time yesterday: MAE \d+\.\d W/m)
    expect(run.stdout).toMatch(
      /^ {2}Same time last week: not computable here: the values one week before these slots are missing/m,
    )
    expect(run.stdout).toMatch(
      /^ {2}skill = 1 − MAE\(LSTM\) \/ MAE\((Persistence \(last value\)|Same time yesterday)\) = [+-]?\d\.\d{3}$/m,
    )
  })

  it('export-model refuses a folder as destination, and leaves no .partial file beside it', async () => {
    const folder = join(temp.dir, 'exports')
    mkdirSync(folder)
    const refused = await cli(['export-model', '1', folder, '--db', dbA()])
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toMatch(
      new RegExp(
        `^voisin-forecast: Cannot write ${folder}: is a directory: choose a file name \\(for example ${folder}/[\\w.-]+\\.vfmodel\\)\\.\\n$`,
      ),
    )
    expect(existsSync(`${folder}.partial`)).toBe(false)
    expect(readdirSync(temp.dir).filter((f) => f.endsWith('.partial'))).toEqual([])
  })

  it('refuses a damaged file and a bad command line with one line, importing nothing', async () => {
    const bad = join(temp.dir, 'bad.vfmodel')
    writeFileSync(bad, readFileSync(join(temp.dir, 'm.vfmodel'), 'utf8').slice(0, 1000))
    const before = JSON.parse((await cli(['models', '--db', dbB(), '--json'])).stdout).length
    const refused = await cli(['import-model', bad, '--db', dbB(), '--json'])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/^voisin-forecast: bad\.vfmodel cannot be imported: .*truncated.*\n$/)
    expect(JSON.parse((await cli(['models', '--db', dbB(), '--json'])).stdout)).toHaveLength(before)
    const usage = await cli(['predict', '1', '--dataset', '1', '--db', dbA()])
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/predict needs --from/)
    const unknown = await cli(['model', '42', '--db', dbA(), '--json'])
    expect([unknown.code, unknown.stderr]).toEqual([
      1,
      'voisin-forecast: No model 42 in the library (see `models`).\n',
    ])
  })

  it('prints names from the library with their control characters escaped', async () => {
    const evil = 'evil\u001b[2J\u001b]0;pwned\u0007\u0000\u202eend'
    const raw = (text: string) => ['\u0000', '\u0007', '\u001b', '\u202e'].filter((c) => text.includes(c))
    const backend = await createBackend({
      dataDir: dirname(dbA()),
      databasePath: dbA(),
      workerEntry: sourceWorkerEntry,
    })
    try {
      const renamed = await backend.call('model:update', { modelId: 1, name: evil })
      expect(renamed.ok).toBe(true)
    } finally {
      await backend.close()
    }
    const table = await cli(['models', '--db', dbA()])
    expect(table.stdout).toContain('evil\\x1b[2J\\x1b]0;pwned\\x07\\x00\\u202eend')
    expect(raw(table.stdout)).toEqual([])
    const shown = await cli(['model', '1', '--db', dbA()])
    expect(shown.stdout).toMatch(/^Model 1: evil\\x1b\[2J/)
    const json = await cli(['models', '--db', dbA(), '--json'])
    expect(raw(json.stdout)).toEqual([])
    expect(JSON.parse(json.stdout)[0].name).toBe(evil)
  })

  it('exits quietly when the reader of its output goes away (`model 1 --json | head -c 20`)', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'main.ts'), 'model', '1', '--json', '--db', dbA()],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    // the reader closes its end before the command writes, as `head -c 20` does once it has its bytes
    child.stdout.destroy()
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)))
    expect(stderr).toBe('')
    expect(code).toBe(0)
  })
})
