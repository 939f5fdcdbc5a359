import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createBackend, type Backend } from '../backend/create-backend'
import type { BacktestDetail } from '../shared/backtest-schemas'
import type { ImportResult } from '../shared/contract'
import { ModelDescription } from '../shared/model-schemas'
import type { TrainingOutcome } from '../shared/training-outcome'
import { makeTempDir, sourceWorkerEntry, voisinFixtures } from '../test-support/temp-dir'
import { AppError } from '../shared/result'
import { decodeBundle, encodeBundle } from './bundle'
import { forecastWithModel } from './forecast'
import { purgeDeletedModels } from './model-store'
import { retrainingParams } from './retrain'
import { readToken, writeToken } from '../test-support/file-grants'
import { call, refusal } from '../test-support/backend-calls'

// One library with two households and two tiny models (one per engine), trained in the worker as
// the app does; a second library stands for "another machine".
let temp: ReturnType<typeof makeTempDir>
let a: Backend
let b: Backend
let cdb001 = 0
let cdb002 = 0
let cdb005 = 0
let scratch: TrainingOutcome
let tfjs: TrainingOutcome

async function importDataset(backend: Backend, file: string): Promise<number> {
  const job = await call(backend, 'dataset:import', {
    files: [readToken(backend, join(voisinFixtures, file))],
  })
  const final = await backend.context.jobs.wait(job.jobId)
  return (final.result as ImportResult).datasets[0].datasetId
}
async function train(backend: Backend, request: Record<string, unknown>): Promise<TrainingOutcome> {
  const started = await call(backend, 'training:start', request)
  const final = await backend.context.jobs.wait(started.job.jobId)
  if (final.status !== 'done') throw new Error(`training ${final.status}: ${final.message}`)
  return final.result as TrainingOutcome
}
const tiny = {
  seqLen: 16,
  predSize: 2,
  hiddenSizes: [4],
  epochs: 1,
  horizon: 0,
  calendar: false,
  batchSize: 64,
}
const modelCount = async (backend: Backend) =>
  (await backend.context.library.get<{ n: number }>('SELECT COUNT(*) AS n FROM models'))!.n

beforeAll(async () => {
  temp = makeTempDir('vf-models-')
  a = await createBackend({ dataDir: join(temp.dir, 'a'), workerEntry: sourceWorkerEntry })
  b = await createBackend({ dataDir: join(temp.dir, 'b'), workerEntry: sourceWorkerEntry })
  cdb001 = await importDataset(a, '15min/CDB001_2022-05-01--2022-05-31_15min.csv')
  cdb002 = await importDataset(a, '15min/CDB002_2021_03_15min.csv')
  cdb005 = await importDataset(a, '15min/CDB005_15min.csv')
  scratch = await train(a, { datasetId: cdb001, ...tiny, engine: 'scratch' })
  tfjs = await train(a, { datasetId: cdb001, ...tiny, engine: 'tfjs' })
}, 180_000)
afterAll(async () => {
  await a?.close()
  await b?.close()
  temp?.remove()
})

describe('the model library', () => {
  it('lists both models and describes each with its provenance', async () => {
    const list = await call(a, 'model:list', {})
    expect(list.map((m) => [m.modelId, m.engine, m.home, m.seqLen, m.predSize])).toEqual([
      [tfjs.modelId, 'tfjs', 'CDB001', 16, 2],
      [scratch.modelId, 'scratch', 'CDB001', 16, 2],
    ])
    expect(list[1].mae).toBe(scratch.test.model.mae)
    const m = await call(a, 'model:get', { modelId: scratch.modelId! })
    const detail = await call(a, 'dataset:get', { datasetId: cdb001 })
    expect(m.dataset.files!.map((f) => f.sha256)).toEqual(detail.files.map((f) => f.sha256))
    expect(m.dataset.home).toBe('CDB001')
    expect(m.dataset.keptDays.length + m.dataset.removedDays.length).toBe(31)
    expect(typeof m.user).toBe('string')
    expect(m.weights.optimizerState.saved).toBe(true)
    expect(m).not.toHaveProperty('weightsBase64')
    expect(m.window).toEqual({ seqLen: 16, predSize: 2, stride: 1 })
    // float32 weights (the default precision): format version 2
    expect(m.engineVersion).toMatch(/^scratch \d+\.\d+\.\d+ \(file format 2\)$/)
    expect(m.precision).toBe('float32')
    expect(m.weights.precision).toBe('float32')
    const t = await call(a, 'model:get', { modelId: tfjs.modelId! })
    expect(t.engineVersion).toMatch(/^@tensorflow\/tfjs 4\.\d+\.\d+ \(file format 2\)$/)
    expect(t.weights.optimizerState.saved).toBe(false)
    // the contract's schema describes every field (parsing drops the fields it does not know, at any depth)
    for (const described of [m, t]) expect(ModelDescription.parse(described)).toEqual(described)
  })

  it('save → reload: the saved model predicts exactly what the trained one scored on the test days', async () => {
    for (const outcome of [scratch, tfjs]) {
      for (const k of [0, 17, outcome.testSeries.t.length - 1]) {
        const from = outcome.testSeries.t[k]
        const forecast = await call(a, 'model:forecast', {
          modelId: outcome.modelId!,
          datasetId: cdb001,
          from: new Date(from).toISOString(),
          horizon: 1,
        })
        expect(forecast.predicted[0]).toBe(outcome.testSeries.predicted[k])
        expect(forecast.actual[0]).toBe(outcome.testSeries.actual[k])
      }
    }
  })

  it('export → import elsewhere → identical predictions, bit for bit, on another household too', async () => {
    const file = join(temp.dir, 'scratch.vfmodel')
    await call(a, 'model:export', { modelId: scratch.modelId!, file: writeToken(a, file) })
    const imported = await call(b, 'model:import', { file: readToken(b, file) })
    expect(imported.datasetId).toBeNull() // library b lacks the training data
    const otherHome = await importDataset(b, '15min/CDB002_2021_03_15min.csv')
    const request = { from: '2021-03-20T10:00:00Z', horizon: 9 }
    const there = await call(b, 'model:forecast', {
      modelId: imported.modelId,
      datasetId: otherHome,
      ...request,
    })
    const here = await call(a, 'model:forecast', { modelId: scratch.modelId!, datasetId: cdb002, ...request })
    expect(there.predicted).toEqual(here.predicted)
    expect(Float64Array.from(there.predicted).buffer).toEqual(Float64Array.from(here.predicted).buffer)
    expect(there.predicted).toHaveLength(9) // 2 per call, recursive
    expect(there.warnings.join(' ')).toMatch(/trained on household CDB001; this is CDB002/)
    // the file exported again from library b is the same file
    const again = join(temp.dir, 'again.vfmodel')
    await call(b, 'model:export', { modelId: imported.modelId, file: writeToken(b, again) })
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(file, 'utf8'))
    // importing into the library that holds the same source files links the dataset
    const back = await call(a, 'model:import', { file: readToken(a, file) })
    expect(back.datasetId).toBe(cdb001)
    await call(a, 'model:delete', { modelId: back.modelId })
  })

  it('a long forecast starts with the one-call forecast and scores baselines only where they are fair', async () => {
    const request = { modelId: scratch.modelId!, datasetId: cdb001, from: '2022-05-30T00:00:00Z' }
    const short = await call(a, 'model:forecast', request)
    const long = await call(a, 'model:forecast', { ...request, horizon: 200 })
    expect(short.predicted).toHaveLength(2)
    expect(long.predicted.slice(0, 2)).toEqual(short.predicted)
    expect(long.modelHorizonMetrics).toEqual(short.metrics)
    // 200 slots of 15 min is more than a day: same-time-yesterday would copy unknown values
    expect(Object.keys(long.metrics.baselines)).toEqual(['persistence', 'sameTimeLastWeek'])
    expect(Object.keys(long.modelHorizonMetrics.baselines)).toEqual([
      'persistence',
      'sameTimeYesterday',
      'sameTimeLastWeek',
    ])
    expect(long.metrics.n).toBe(long.actual.filter((v) => v !== null).length)
    expect(long.actual.slice(-10).every((v) => v === null)).toBe(true) // past the end of May
  })

  it('refuses damaged files with the file name and reason, and imports nothing', async () => {
    const good = readFileSync(join(temp.dir, 'scratch.vfmodel'), 'utf8')
    const before = await modelCount(b)
    const cases: [string, string, RegExp][] = [
      [
        'truncated.vfmodel',
        good.slice(0, good.length - 500),
        /truncated\.vfmodel cannot be imported: .*truncated/,
      ],
      [
        'tampered.vfmodel',
        good.replace('"seqLen":16', '"seqLen":17'),
        /tampered\.vfmodel cannot be imported: .*SHA-256/,
      ],
      [
        'notes.vfmodel',
        good.replace('"notes":""', '"notes":"x"'),
        /notes\.vfmodel cannot be imported: .*modified/,
      ],
    ]
    for (const [name, text, pattern] of cases) {
      const path = join(temp.dir, name)
      writeFileSync(path, text)
      expect(await refusal(b, 'model:import', { file: readToken(b, path) })).toMatch(pattern)
    }
    expect(
      await refusal(b, 'model:import', { file: readToken(b, join(temp.dir, 'missing.vfmodel')) }),
    ).toMatch(/Cannot open .*missing\.vfmodel: no such file/)
    expect(await modelCount(b)).toBe(before)
  })

  it('refuses a 1 MB name and a "__proto__" key, importing nothing; never keeps such a key read from the library', async () => {
    const good = decodeBundle(readFileSync(join(temp.dir, 'scratch.vfmodel')), 'scratch.vfmodel')
    const before = await modelCount(b)
    const huge = join(temp.dir, 'huge-name.vfmodel')
    writeFileSync(huge, encodeBundle({ ...good, name: 'x'.repeat(1 << 20) }))
    expect(await refusal(b, 'model:import', { file: readToken(b, huge) })).toBe(
      'huge-name.vfmodel cannot be imported: its name is 1048576 characters long (at most 200).',
    )
    const poisoned = join(temp.dir, 'poisoned.vfmodel')
    const manifest = JSON.parse(
      JSON.stringify(good.manifest).replace('"dataset":{', '"dataset":{"__proto__":{"isAdmin":true},'),
    )
    writeFileSync(poisoned, encodeBundle({ ...good, manifest }))
    expect(await refusal(b, 'model:import', { file: readToken(b, poisoned) })).toMatch(
      /poisoned\.vfmodel cannot be imported: it holds the key "__proto__" \(at manifest\.dataset\.__proto__\)/,
    )
    expect(await modelCount(b)).toBe(before)
    const stored = await b.context.library.all<{ manifest_json: string }>('SELECT manifest_json FROM models')
    expect(stored.some((row) => row.manifest_json.includes('__proto__'))).toBe(false)

    // a manifest edited in the library by hand: read without the key
    const copy = await call(b, 'model:import', { file: readToken(b, join(temp.dir, 'scratch.vfmodel')) })
    const row = await b.context.library.get<{ manifest_json: string }>(
      'SELECT manifest_json FROM models WHERE id = ?',
      [copy.modelId],
    )
    await b.context.library.run('UPDATE models SET manifest_json = ? WHERE id = ?', [
      row!.manifest_json.replace('"dataset":{', '"dataset":{"__proto__":{"isAdmin":true},'),
      copy.modelId,
    ])
    const described = (await call(b, 'model:get', { modelId: copy.modelId })) as {
      dataset: Record<string, unknown>
    }
    expect(Object.keys(described.dataset)).not.toContain('__proto__')
    expect(JSON.stringify(described)).not.toMatch(/__proto__|isAdmin/)
    expect(described.dataset.isAdmin).toBeUndefined()
    await call(b, 'model:delete', { modelId: copy.modelId })
  })

  it('refuses forecasts it cannot make, naming what and where', async () => {
    const id = scratch.modelId!
    expect(
      await refusal(a, 'model:forecast', { modelId: 999, datasetId: cdb001, from: '2022-05-20T10:00:00Z' }),
    ).toMatch(/No model 999/)
    expect(
      await refusal(a, 'model:forecast', { modelId: id, datasetId: 999, from: '2022-05-20T10:00:00Z' }),
    ).toMatch(/No dataset 999/)
    expect(
      await refusal(a, 'model:forecast', { modelId: id, datasetId: cdb001, from: '2022-05-20T10:07:00Z' }),
    ).toMatch(
      /2022-05-20T10:07:00.000Z is not on the 900-s grid of dataset \d+ \(CDB001\): use 2022-05-20T10:00:00.000Z or 2022-05-20T10:15:00.000Z/,
    )
    expect(
      await refusal(a, 'model:forecast', { modelId: id, datasetId: cdb001, from: '2023-01-01T00:00:00Z' }),
    ).toMatch(/lies outside dataset \d+ \(CDB001\), whose data runs from/)
    expect(
      await refusal(a, 'model:forecast', { modelId: id, datasetId: cdb001, from: '2022-05-20T10:00:00' }),
    ).toMatch(/needs a zone/)
    // absurd instants are request errors with a plain message, never an internal error with a stack trace
    const logged = vi.spyOn(console, 'error')
    try {
      for (const from of [-1e20, 1e300, '+275760-09-13T00:00:00Z', '1999-12-31T23:00:00Z']) {
        const result = await a.call('model:forecast', { modelId: id, datasetId: cdb001, from })
        expect(result).toMatchObject({
          ok: false,
          error: {
            code: 'invalid-request',
            message: expect.stringMatching(/(must be|is not) an instant between 2000-01-01 and 2100-01-01/),
          },
        })
      }
      expect(logged).not.toHaveBeenCalled()
    } finally {
      logged.mockRestore()
    }
    // the service checks it too, for callers that skip the contract
    await expect(
      forecastWithModel(a.context.library, { modelId: id, datasetId: cdb001, from: -1e20 }),
    ).rejects.toThrow(
      new AppError(
        'invalid-request',
        'The forecast start -100000000000000000000 is not an instant between 2000-01-01 and 2100-01-01.',
      ),
    )
    // CDB005: a lone reading on 01-01, then an 11-day gap
    expect(
      await refusal(a, 'model:forecast', { modelId: id, datasetId: cdb005, from: '2023-01-05T12:00:00Z' }),
    ).toMatch(
      /input window .* of dataset \d+ \(CDB005\) has 16 missing reading\(s\), the first at 2023-01-05T08:00:00.000Z \(gap or removed day\): choose another start/,
    )
    // a model reading 60-s steps cannot be fed 15-min readings
    const copy = await call(a, 'model:import', { file: readToken(a, join(temp.dir, 'scratch.vfmodel')) })
    const row = await a.context.library.get<{ manifest_json: string }>(
      'SELECT manifest_json FROM models WHERE id = ?',
      [copy.modelId],
    )
    const manifest = JSON.parse(row!.manifest_json)
    await a.context.library.run('UPDATE models SET manifest_json = ? WHERE id = ?', [
      JSON.stringify({ ...manifest, intervalSeconds: 60 }),
      copy.modelId,
    ])
    expect(
      await refusal(a, 'model:forecast', {
        modelId: copy.modelId,
        datasetId: cdb002,
        from: '2021-03-20T10:00:00Z',
      }),
    ).toMatch(/reads one value every 60 s but dataset \d+ \(CDB002\) has readings every 900 s/)
    await call(a, 'model:delete', { modelId: copy.modelId })
  })

  it('offers the valid starts of a forecast, and answers a refused start with starts that work', async () => {
    const id = scratch.modelId!
    const forecast = (from: string | number, horizon = 2) =>
      a.call('model:forecast', { modelId: id, datasetId: cdb005, from, horizon })
    // CDB005: a lone reading on 01-01 (a removed day), an 11-day gap, then complete days
    const starts = await call(a, 'model:forecastStarts', { modelId: id, datasetId: cdb005, horizon: 96 })
    expect(starts).toMatchObject({ zone: 'Europe/Brussels', step: 900, seqLen: 16, horizon: 96 })
    expect(starts.ranges.length).toBeGreaterThan(0)
    expect(starts.last).toBe(starts.ranges.at(-1)!.to)
    for (const range of [...starts.ranges.slice(0, 3), starts.ranges.at(-1)!]) {
      expect((await forecast(range.from)).ok).toBe(true)
      expect((await forecast(range.to)).ok).toBe(true)
      expect((await forecast(range.from - 900_000)).ok).toBe(false) // its input window reaches a missing slot
    }
    // the default: the latest start whose 96 forecast slots all have actual values
    const scored = await call(a, 'model:forecast', {
      modelId: id,
      datasetId: cdb005,
      from: starts.lastFullyObserved!,
      horizon: 96,
    })
    expect(scored.actual.every((v) => v !== null)).toBe(true)
    const later = await call(a, 'model:forecast', {
      modelId: id,
      datasetId: cdb005,
      from: starts.lastFullyObserved! + 900_000,
      horizon: 96,
    })
    expect(later.actual.some((v) => v === null)).toBe(true)

    // before the data (its first day is removed), in the gap, after the data: each message names
    // starts in the dataset's zone that really work
    for (const from of ['2022-12-01T00:00:00Z', '2023-01-05T12:00:00Z', '2024-01-01T00:00:00Z']) {
      const message = await refusal(a, 'model:forecast', { modelId: id, datasetId: cdb005, from })
      expect(message).toMatch(/choose another start \(Europe\/Brussels time\); the nearest valid start/)
      const suggested = [...message.matchAll(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0\d:00/g)].map((m) => m[0])
      expect(suggested.length, message).toBeGreaterThanOrEqual(2)
      for (const start of suggested) expect((await forecast(start)).ok, start).toBe(true)
    }
    expect(await refusal(a, 'model:forecastStarts', { modelId: id, datasetId: 999 })).toMatch(
      /No dataset 999/,
    )
  })

  it('says why a baseline has no figures here, and scores the others without it', async () => {
    // 2023-01-14 is two days after CDB005's gap: yesterday is known, last week is not
    const f = await call(a, 'model:forecast', {
      modelId: scratch.modelId!,
      datasetId: cdb005,
      from: '2023-01-14T12:00:00Z',
      horizon: 4,
    })
    expect(f.metrics.baselines.sameTimeLastWeek).toBeNull()
    expect(f.metrics.unscored.sameTimeLastWeek).toMatch(/values one week before these slots are missing/)
    expect(f.metrics.baselines.persistence!.n).toBe(4)
    expect(f.metrics.baselines.sameTimeYesterday!.n).toBe(4)
    expect(f.metrics.skill).not.toBeNull()
    // past the end of the data there is nothing to score against, and it says so
    const starts = await call(a, 'model:forecastStarts', { modelId: scratch.modelId!, datasetId: cdb005 })
    const beyond = await call(a, 'model:forecast', {
      modelId: scratch.modelId!,
      datasetId: cdb005,
      from: starts.last!,
    })
    expect(beyond.actual).toEqual([null, null])
    expect(beyond.metrics.unscored.persistence).toMatch(/no actual value to score against/)
  })

  it('renames, annotates, deletes with undo, and purges deletions of ended sessions', async () => {
    const before = await modelCount(a)
    const renamed = await call(a, 'model:update', {
      modelId: scratch.modelId!,
      name: 'Scratch tiny',
      notes: 'for the paper',
    })
    expect([renamed.name, renamed.notes]).toEqual(['Scratch tiny', 'for the paper'])
    await call(a, 'model:delete', { modelId: scratch.modelId! })
    expect((await call(a, 'model:list', {})).map((m) => m.modelId)).not.toContain(scratch.modelId)
    expect(await refusal(a, 'model:get', { modelId: scratch.modelId! })).toMatch(/No model/)
    const restored = await call(a, 'model:restore', { modelId: scratch.modelId! })
    expect(restored.name).toBe('Scratch tiny')
    expect(await refusal(a, 'model:restore', { modelId: scratch.modelId! })).toMatch(
      /was not deleted in this session/,
    )
    // the two copies deleted above belong to this (live) session: kept until it ends
    expect(await purgeDeletedModels(a.context.library)).toBe(0)
    expect(await purgeDeletedModels(a.context.library, () => false)).toBe(0)
    await a.context.library.run('UPDATE models SET deleted_by_pid = 999999999 WHERE deleted_at IS NOT NULL')
    expect(await purgeDeletedModels(a.context.library, () => false)).toBe(2)
    expect(await modelCount(a)).toBe(before - 2)
  })

  it('compares the two engines on their shared test period', async () => {
    const comparison = await call(a, 'model:compare', { modelIds: [scratch.modelId!, tfjs.modelId!] })
    expect(comparison.sameDataset).toBe(true)
    expect(comparison.configDiff.map((row) => row.setting)).toEqual(['engine'])
    expect(comparison.notComparable).toEqual([])
    expect(comparison.common!.t.length).toBe(scratch.testSeries.t.length)
    expect(comparison.common!.predicted[1]).toEqual(tfjs.testSeries.predicted)
    expect(await refusal(a, 'model:compare', { modelIds: [scratch.modelId!] })).toMatch(/modelIds/)
  })

  it('resumes training from the saved weights and re-runs with the same settings', async () => {
    const resumed = await call(a, 'model:resume', { modelId: scratch.modelId!, epochs: 1 })
    const final = await a.context.jobs.wait(resumed.job.jobId)
    const outcome = final.result as TrainingOutcome
    const m = (await call(a, 'model:get', { modelId: outcome.modelId! })) as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(m.resumedFrom).toEqual({ modelId: scratch.modelId, epochsBefore: 1, optimizerStateRestored: true })
    expect(m.history.map((h: { epoch: number }) => h.epoch)).toEqual([1, 2])
    expect(m.weights.optimizerState.step).toBeGreaterThan(scratch.trainWindows / 64)

    const rerun = await call(a, 'model:rerun', { modelId: scratch.modelId! })
    const again = (await a.context.jobs.wait(rerun.job.jobId)).result as TrainingOutcome
    // same settings and seed, same precision and thread count: the same model again
    expect([again.precision, again.threads]).toEqual([scratch.precision, scratch.threads])
    expect(again.test.model.mae).toBe(scratch.test.model.mae)
    const run = await call(a, 'training:run', { runId: rerun.runId })
    expect(run.name).toBe('Scratch tiny (re-run)')

    // a model saved before issue 14 (no precision, no threads): re-run as it trained, float64 on one thread
    const row = await a.context.library.get<{ manifest_json: string }>(
      'SELECT manifest_json FROM models WHERE id = ?',
      [scratch.modelId],
    )
    const { precision: _p, threads: _t, ...older } = JSON.parse(row!.manifest_json)
    delete older.params.precision
    delete older.params.threads
    await a.context.library.run('UPDATE models SET manifest_json = ? WHERE id = ?', [
      JSON.stringify(older),
      scratch.modelId,
    ])
    const params = await retrainingParams(a.context.library, scratch.modelId!, { name: 'older' })
    expect([params.precision, params.threads]).toEqual(['float64', 1])
    // and its recipe is backtested as it trained
    const backtest = await call(a, 'backtest:start', {
      modelId: scratch.modelId!,
      options: { folds: 1, blockDays: 3 },
    })
    const tested = (await a.context.jobs.wait(backtest.job.jobId)).result as BacktestDetail
    expect(tested.folds.map((f) => [f.precision, f.threads])).toEqual([['float64', 1]])
    await a.context.library.run('UPDATE models SET manifest_json = ? WHERE id = ?', [
      row!.manifest_json,
      scratch.modelId,
    ])

    const imported = await call(b, 'model:list', {})
    expect(await refusal(b, 'model:resume', { modelId: imported[0].modelId, epochs: 1 })).toMatch(
      /training data \(household CDB001\) is not in this library/,
    )
  }, 60_000)
})
