import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { captureCliIO } from '../test-support/cli-io'
import { makeTempDir, sourceWorkerEntry, voisinFixtures } from '../test-support/temp-dir'
import { runCli } from './cli'

let temp: ReturnType<typeof makeTempDir>
const db = () => join(temp.dir, 'lib.sqlite')
const cli = async (args: string[]) => {
  const io = captureCliIO()
  const code = await runCli([...args, '--db', db()], io, sourceWorkerEntry)
  return { code, ...io }
}
/** A small network on one month of 15-min readings: seconds per run. */
const tiny = ['--dataset', '1', '--seq', '16', '--pred', '2', '--hidden', '4', '--horizon', '0']

beforeAll(async () => {
  temp = makeTempDir('vf-train-cli-')
  const file = join(voisinFixtures, '15min/CDB001_2022-05-01--2022-05-31_15min.csv')
  expect((await cli(['import', file, '--json'])).code).toBe(0)
}, 60_000)
afterAll(() => temp?.remove())

describe('train: warnings before starting, divergence flagged after', () => {
  it('--lr 10: warns before starting, then flags the run whose loss diverged', async () => {
    const run = await cli(['train', ...tiny, '--epochs', '4', '--lr', '10', '--json'])
    expect(run.code).toBe(0)
    expect(run.stderr).toBe(
      'warning: The learning rate 10 is unusually high for Adam (above 0.1; the default is 0.003): the loss will likely diverge.\n',
    )
    const verdict = JSON.parse(run.stdout)
    expect(verdict.warnings).toEqual([
      expect.stringMatching(
        /^The training loss diverged: it rose to [\d.]+ at epoch 1, \d+× where it started/,
      ),
    ])
    const human = await cli(['train', ...tiny, '--epochs', '4', '--lr', '10', '--progress', 'none'])
    expect(human.stdout.split('\n')[1]).toMatch(/^warning: The training loss diverged/)
    const sane = JSON.parse((await cli(['train', ...tiny, '--epochs', '2', '--json'])).stdout)
    expect(sane.warnings).toEqual([])
  }, 120_000)

  it('a loss that explodes fails the run with a message saying it diverged (exit 1)', async () => {
    const args = [
      '--optimizer',
      'sgd',
      '--lr',
      '5',
      '--momentum',
      '0.99',
      '--clip-norm',
      '0',
      '--loss',
      'mse',
    ]
    const run = await cli([
      'train',
      ...tiny,
      ...args,
      '--epochs',
      '20',
      '--no-early-stopping',
      '--progress',
      'none',
    ])
    expect(run.code).toBe(1)
    expect(run.stderr.split('\n').at(-2)).toMatch(
      /^voisin-forecast: The training diverged: the loss became (NaN|too large) at epoch \d+, batch \d+ \(SGD, learning rate 5\)/,
    )
  }, 120_000)

  it('a 4 × 1024 network: the estimate and the warnings come before anything starts', async () => {
    // a window too long for the data as well, so the check refuses after warning and nothing trains
    const run = await cli(['train', '--dataset', '1', '--layers', '4', '--hidden', '1024', '--seq', '5000'])
    expect(run.code).toBe(1)
    const lines = run.stderr.trim().split('\n')
    expect(lines[0]).toMatch(
      /^warning: This run needs about [\d.]+ GB of memory \(network 4 × 1024\/1024\/1024\/1024/,
    )
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^warning: The network \(4 × 1024\/1024\/1024\/1024\) has 29,\d{3},\d{3} parameters/,
      ),
    )
    expect(lines.at(-1)).toMatch(/^voisin-forecast: A window needs 5004 consecutive readings/)
    expect(run.stderr).not.toMatch(/Epoch/)
  })
})
