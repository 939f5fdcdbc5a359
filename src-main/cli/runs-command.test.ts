import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTempDir, sourceWorkerEntry, voisinFixtures } from '../test-support/temp-dir'
import { captureCliIO } from '../test-support/cli-io'
import type { TrainingOutcome } from '../shared/training-outcome'
import { stopReasonOf } from '../training/training-service'
import { runCli } from './cli'

let temp: ReturnType<typeof makeTempDir>
const db = () => join(temp.dir, 'lib.sqlite')
const cli = async (args: string[]) => {
  const io = captureCliIO()
  const code = await runCli([...args, '--db', db(), '--progress', 'none'], io, sourceWorkerEntry)
  return { code, ...io }
}
const tiny = ['--seq', '16', '--pred', '2', '--hidden', '4', '--horizon', '0']

beforeAll(async () => {
  temp = makeTempDir('vf-runs-')
  const april = join(voisinFixtures, 'months/CDB001/CDB001_2021_04_15min.csv')
  expect((await cli(['import', april, '--json'])).code).toBe(0)
  expect((await cli(['train', '--dataset', '1', ...tiny, '--epochs', '1', '--json'])).code).toBe(0)
  // a second run in a real CLI process, killed with its worker while it trains (as a crash or kill -9 would)
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      resolve(__dirname, 'main.ts'),
      'train',
      '--dataset',
      '1',
      ...tiny,
      '--epochs',
      '500',
      '--db',
      db(),
      '--progress',
      'json',
    ],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
    if (/"status":"running","fraction":0\.\d*[1-9]/.test(stderr) && child.exitCode === null)
      process.kill(-child.pid!, 'SIGKILL')
  })
  const [, signal] = await once(child, 'close')
  expect(signal).toBe('SIGKILL')
}, 180_000)
afterAll(() => temp?.remove())

describe('runs', () => {
  it('runs --json lists every run with why it ended; the killed one is interrupted', async () => {
    const listed = await cli(['runs', '--json'])
    expect(listed.code).toBe(0)
    const runs = JSON.parse(listed.stdout)
    expect(runs.map((r: object) => Object.keys(r))).toEqual(
      runs.map(() => ['id', 'datasetId', 'name', 'status', 'started', 'ended', 'stopReason', 'message']),
    )
    expect(runs).toMatchObject([
      { id: 1, datasetId: 1, status: 'done', stopReason: 'completed' },
      {
        id: 2,
        datasetId: 1,
        status: 'interrupted',
        stopReason: 'interrupted',
        message: 'The app stopped while this run was training.',
      },
    ])
    for (const run of runs) {
      expect(run.started).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
      expect(run.ended).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
      expect(run.ended >= run.started).toBe(true)
    }
    expect(runs[0].name).toContain('CDB001')
  })

  it('--dataset filters, and the table shows the same runs', async () => {
    expect(JSON.parse((await cli(['runs', '--dataset', '1', '--json'])).stdout)).toHaveLength(2)
    expect(JSON.parse((await cli(['runs', '--dataset', '2', '--json'])).stdout)).toEqual([])
    const bad = await cli(['runs', '--dataset', 'x'])
    expect(bad.code).toBe(2)
    const table = (await cli(['runs'])).stdout.trimEnd().split('\n')
    expect(table[0]).toMatch(/^ +id +dataset +status +stop reason +started +ended +name$/)
    expect(table.slice(1).map((line) => line.trim().split(/\s+/).slice(0, 4))).toEqual([
      ['1', '1', 'done', 'completed'],
      ['2', '1', 'interrupted', 'interrupted'],
    ])
  })
})

describe('stopReasonOf', () => {
  const outcome = (stopReason: TrainingOutcome['stopReason']) => ({ stopReason }) as TrainingOutcome
  it('takes the outcome’s reason when the run saved one, else says what the status says', () => {
    expect(stopReasonOf('done', outcome('early-stopping'))).toBe('early-stopping')
    expect(stopReasonOf('cancelled', outcome('cancelled'))).toBe('cancelled')
    expect(stopReasonOf('cancelled', null)).toBe('cancelled')
    expect(stopReasonOf('failed', null)).toBe('failed')
    expect(stopReasonOf('interrupted', null)).toBe('interrupted')
    expect(stopReasonOf('running', null)).toBeNull()
  })
})
