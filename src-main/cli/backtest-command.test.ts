import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBackend } from '../backend/create-backend'
import { BacktestDetail, FoldPredictions } from '../shared/backtest-schemas'
import { captureCliIO } from '../test-support/cli-io'
import { makeTempDir, sourceWorkerEntry, voisinFixtures } from '../test-support/temp-dir'
import { runCli } from './cli'

let temp: ReturnType<typeof makeTempDir>
const db = () => join(temp.dir, 'lib.sqlite')
const cli = async (args: string[]) => {
  const io = captureCliIO()
  const code = await runCli([...args, '--db', db(), '--progress', 'none'], io, sourceWorkerEntry)
  return { code, ...io }
}
/** A small network on one month of 15-min readings. */
const tiny = ['--seq', '16', '--pred', '2', '--hidden', '4', '--epochs', '2', '--horizon', '8']
const levelShape = {
  level: expect.any(Number),
  coverage: expect.any(Number),
  meanWidth: expect.any(Number),
  winkler: expect.any(Number),
}

beforeAll(async () => {
  temp = makeTempDir('vf-backtest-cli-')
  const file = join(voisinFixtures, '15min/CDB001_2022-05-01--2022-05-31_15min.csv')
  expect((await cli(['import', file, '--json'])).code).toBe(0)
}, 60_000)
afterAll(() => temp?.remove())

describe('CLI: intervals and backtests as the acceptance checks read them', () => {
  it('train --json: test.intervals and baselineIntervals per level; predict --json: lower and upper per level', async () => {
    const run = await cli(['train', '--dataset', '1', ...tiny, '--json'])
    expect(run.code).toBe(0)
    const verdict = JSON.parse(run.stdout)
    expect(verdict.test.intervals).toEqual(
      [0.5, 0.8, 0.95].map((level) => ({ ...levelShape, level, n: expect.any(Number) })),
    )
    expect(verdict.baselineIntervals).toHaveLength(3)
    expect(verdict.test.baselineIntervals).toEqual(verdict.baselineIntervals)
    for (const band of verdict.test.intervals) {
      expect(band.coverage).toBeGreaterThan(0)
      expect(band.coverage).toBeLessThanOrEqual(1)
      expect(band.winkler).toBeGreaterThanOrEqual(band.meanWidth)
    }
    // wider bands for higher levels
    expect(verdict.test.intervals[2].meanWidth).toBeGreaterThan(verdict.test.intervals[0].meanWidth)
    expect(verdict.longHorizon.intervals).toHaveLength(3)

    const predict = await cli([
      'predict',
      String(verdict.modelId),
      '--dataset',
      '1',
      '--from',
      '2022-05-28T10:00:00Z',
      '--horizon',
      '12',
      '--json',
    ])
    expect(predict.code).toBe(0)
    const forecast = JSON.parse(predict.stdout)
    expect(Object.keys(forecast.lower)).toEqual(['0.5', '0.8', '0.95'])
    expect(Object.keys(forecast.upper)).toEqual(['0.5', '0.8', '0.95'])
    // a saved model scored on a dataset (evaluate) carries its stored bands too
    const evaluated = JSON.parse(
      (await cli(['evaluate', String(verdict.modelId), '--dataset', '1', '--json'])).stdout,
    )
    expect(evaluated.test.intervals.map((i: { level: number }) => i.level)).toEqual([0.5, 0.8, 0.95])
    // on its own split, the same windows and bands as at the end of training
    expect(evaluated.test.intervals).toEqual(verdict.test.intervals)
    expect(evaluated.test.baselineIntervals).toHaveLength(3)
    forecast.predicted.forEach((p: number, k: number) => {
      expect(forecast.lower['0.95'][k]).toBeLessThanOrEqual(forecast.lower['0.5'][k])
      expect(forecast.lower['0.5'][k]).toBeLessThanOrEqual(p)
      expect(forecast.upper['0.5'][k]).toBeGreaterThanOrEqual(p)
      expect(forecast.upper['0.95'][k]).toBeGreaterThanOrEqual(forecast.upper['0.5'][k])
    })
  }, 120_000)

  it('backtest --json: folds with their days and verdicts, skill mean and sd, wins, Diebold–Mariano', async () => {
    const run = await cli([
      'backtest',
      '--dataset',
      '1',
      ...tiny,
      '--folds',
      '3',
      '--block-days',
      '5',
      '--gap-days',
      '1',
      '--json',
    ])
    expect(run.code).toBe(0)
    const out = JSON.parse(run.stdout)
    expect(out.folds).toHaveLength(3)
    for (const fold of out.folds) {
      expect(Object.keys(fold)).toEqual(
        expect.arrayContaining(['fold', 'trainStart', 'trainEnd', 'testStart', 'testEnd', 'test']),
      )
      expect(Object.keys(fold.test)).toEqual(
        expect.arrayContaining([
          'model',
          'persistence',
          'sameTimeYesterday',
          'sameTimeLastWeek',
          'skill',
          'intervals',
        ]),
      )
      expect(fold.test.intervals[1]).toMatchObject({ ...levelShape, level: 0.8 })
      // no test day trains or validates, and one day is left out between them (--gap-days 1)
      expect(fold.trainEnd < fold.testStart && fold.validationEnd < fold.testStart).toBe(true)
      expect(Date.parse(fold.testStart) - Date.parse(fold.validationEnd)).toBe(2 * 86_400_000)
    }
    expect(out.folds.map((f: { testEnd: string }) => f.testEnd).at(-1)).toBe('2022-05-31')
    const skills = out.folds.map((f: { test: { skill: number } }) => f.test.skill)
    expect(out.skillMean).toBeCloseTo(skills.reduce((a: number, b: number) => a + b, 0) / 3, 12)
    expect(out.skillStd).toBeGreaterThanOrEqual(0)
    expect(out.wins).toBe(skills.filter((s: number) => s > 0).length)
    expect(out.dieboldMariano).toMatchObject({
      statistic: expect.any(Number),
      pValue: expect.any(Number),
      against: expect.any(String),
    })
    expect(out.dieboldMariano.pValue).toBeGreaterThan(0)
    expect(out.dieboldMariano.pValue).toBeLessThanOrEqual(1)

    // stored: listed, read back, and each fold's predictions on demand with their bands
    const backend = await createBackend({
      dataDir: temp.dir,
      databasePath: db(),
      workerEntry: sourceWorkerEntry,
    })
    try {
      const listed = await backend.call('backtest:list', { datasetId: 1 })
      expect(listed.ok && listed.data[0]).toMatchObject({
        backtestId: out.backtestId,
        status: 'done',
        foldsDone: 3,
        wins: out.wins,
      })
      const detail = await backend.call('backtest:get', { backtestId: out.backtestId })
      if (!detail.ok) throw new Error(detail.error.message)
      expect(BacktestDetail.parse(detail.data)).toEqual(detail.data)
      const predictions = await backend.call('backtest:predictions', {
        backtestId: out.backtestId,
        fold: 2,
        step: 2,
      })
      if (!predictions.ok) throw new Error(predictions.error.message)
      expect(FoldPredictions.parse(predictions.data)).toEqual(predictions.data)
      const p = predictions.data
      expect(p.t.length).toBe(detail.data.folds[1].test.model.n / 2)
      expect(p.bands.map((b) => b.level)).toEqual([0.5, 0.8, 0.95])
      // every forecast slot lies in fold 2's test block
      expect(new Date(p.t[0]).toISOString().slice(0, 10) >= out.folds[1].testStart).toBe(true)
      const missing = await backend.call('backtest:predictions', { backtestId: out.backtestId, fold: 9 })
      expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } })
    } finally {
      await backend.close()
    }
  }, 240_000)

  it('backtest --model uses the saved recipe; refusals are one line', async () => {
    const run = await cli([
      'backtest',
      '--model',
      '1',
      '--folds',
      '2',
      '--block-days',
      '5',
      '--refit',
      'once',
      '--json',
    ])
    expect(run.code).toBe(0)
    const out = JSON.parse(run.stdout)
    expect(out.modelId).toBe(1)
    expect(out.folds.map((f: { trainedOn: number }) => f.trainedOn)).toEqual([1, 1])
    // the comparison view compares models by their latest backtest
    const second = JSON.parse((await cli(['train', '--dataset', '1', ...tiny, '--json'])).stdout)
    const backend = await createBackend({
      dataDir: temp.dir,
      databasePath: db(),
      workerEntry: sourceWorkerEntry,
    })
    try {
      const compared = await backend.call('model:compare', { modelIds: [1, second.modelId] })
      if (!compared.ok) throw new Error(compared.error.message)
      expect(compared.data.models[0].backtest).toMatchObject({
        backtestId: out.backtestId,
        summary: { folds: 2, skillMean: out.skillMean, wins: out.wins },
      })
      expect(compared.data.models[1].backtest).toBeNull()
    } finally {
      await backend.close()
    }

    const tooMany = await cli(['backtest', '--dataset', '1', ...tiny, '--folds', '10', '--block-days', '7'])
    expect(tooMany.code).toBe(1)
    expect(tooMany.stderr).toMatch(
      /^voisin-forecast: 10 folds of 7 day\(s\) need at least 72 kept days .* this data has 31/,
    )
    const badRefit = await cli(['backtest', '--dataset', '1', '--refit', 'sometimes'])
    expect(badRefit.code).toBe(2)
    expect(badRefit.stderr).toBe(
      'voisin-forecast: --refit must be every, once or a number of folds, got "sometimes"\n',
    )
    const nothing = await cli(['backtest'])
    expect(nothing.code).toBe(2)
  }, 240_000)
})
