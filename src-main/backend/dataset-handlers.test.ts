import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { JobInfo, type ImportResult } from '../shared/contract'
import { makeTempDir, sourceWorkerEntry, voisinFixtures } from '../test-support/temp-dir'
import { createBackend, type Backend } from './create-backend'
import { readTokens } from '../test-support/file-grants'
import { purgeDeletedDatasets } from '../data/dataset-service'

let temp: ReturnType<typeof makeTempDir>
let backend: Backend
beforeEach(async () => {
  temp = makeTempDir('vf-datasets-')
  backend = await createBackend({ dataDir: temp.dir, workerEntry: sourceWorkerEntry })
})
afterEach(async () => {
  await backend.close()
  temp.remove()
})

async function call<C extends Parameters<Backend['call']>[0]>(channel: C, request: unknown) {
  const result = await backend.call(channel, request)
  if (!result.ok) throw new Error(result.error.message)
  return result.data
}

/** Row counts of every dataset table: an import that fails must leave them all unchanged. */
async function tableCounts() {
  const counts: Record<string, number> = {}
  for (const table of [
    'datasets',
    'dataset_files',
    'dataset_days',
    'dataset_readings',
    'dataset_summaries',
  ]) {
    counts[table] = (await backend.context.library.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM ${table}`,
    ))!.n
  }
  return counts
}

async function importAndWait(paths: string[]) {
  const job = await call('dataset:import', { files: readTokens(backend, paths) })
  return backend.context.jobs.wait(job.jobId)
}

describe('dataset calls', () => {
  it('imports files in the worker, then lists, details, cleans and deletes the dataset', async () => {
    const final = await importAndWait([
      join(voisinFixtures, 'months/CDB008/CDB008_2022_03_15min.csv'),
      join(voisinFixtures, 'months/CDB008/CDB008_2022_04_15min.csv'),
    ])
    expect(final.status).toBe('done')
    // the contract's schema describes the job and its result (parsing drops unknown fields at any depth)
    expect(JobInfo.parse(final)).toEqual(final)
    const [report] = (final.result as ImportResult).datasets
    expect(report).toMatchObject({ home: 'CDB008', intervalSeconds: 900, duplicates: 0 })
    expect(report.days).toHaveLength(61)
    expect(report.start).toBe('2022-02-28T23:00:00.000Z')
    const list = await call('dataset:list', {})
    expect(list.map((d) => [d.datasetId, d.home, d.totalDays])).toEqual([[report.datasetId, 'CDB008', 61]])
    const detail = await call('dataset:get', { datasetId: report.datasetId })
    const { alreadyImported, ...storedReport } = report
    expect(alreadyImported).toBe(false)
    expect(detail.report).toStrictEqual(storedReport)
    expect(detail.files.map((f) => [f.name, f.layout, f.naive, f.sha256.length])).toEqual([
      ['CDB008_2022_03_15min.csv', 'L1', 'local', 64],
      ['CDB008_2022_04_15min.csv', 'L1', 'local', 64],
    ])
    const cleaned = await call('dataset:clean', {
      datasetId: report.datasetId,
      recipe: { minCompleteness: 1 },
      save: false,
    })
    expect([cleaned.keptDays.length, cleaned.removedDays.length, cleaned.saved]).toEqual([61, 0, false])
    expect((await call('dataset:get', { datasetId: report.datasetId })).cleanedAt).toBeNull()
    const window = await call('dataset:series', {
      datasetId: report.datasetId,
      column: 'p_cons',
      points: 200,
    })
    expect(window.x.length).toBeLessThanOrEqual(200)
    const profile = await call('dataset:profile', { datasetId: report.datasetId, column: 'p_cons' })
    expect(profile.weekday.mean).toHaveLength(96)
    const histogram = await call('dataset:distribution', { datasetId: report.datasetId, column: 'p_cons' })
    expect(histogram.counts.reduce((a, b) => a + b, 0) + histogram.below + histogram.above).toBe(
      histogram.total,
    )
    // delete, with undo for as long as this session lasts: the dataset leaves every list and lookup
    const stored = await tableCounts()
    await call('dataset:delete', { datasetId: report.datasetId })
    expect(await call('dataset:list', {})).toEqual([])
    await expect(call('dataset:get', { datasetId: report.datasetId })).rejects.toThrow(
      `No dataset ${report.datasetId} in the library.`,
    )
    await expect(call('dataset:series', { datasetId: report.datasetId, column: 'p_cons' })).rejects.toThrow(
      'No dataset',
    )
    expect(await tableCounts()).toEqual(stored) // nothing is gone yet
    const restored = await call('dataset:restore', { datasetId: report.datasetId })
    expect(restored).toMatchObject({ datasetId: report.datasetId, home: 'CDB008', totalDays: 61 })
    expect((await call('dataset:get', { datasetId: report.datasetId })).report).toStrictEqual(storedReport)
    await expect(call('dataset:restore', { datasetId: report.datasetId })).rejects.toThrow(
      'was not deleted in this session',
    )
    // deleted again; once the deleting session has ended, the next start removes it for good
    await call('dataset:delete', { datasetId: report.datasetId })
    expect(await purgeDeletedDatasets(backend.context.library, () => false)).toBe(0) // this session: kept
    await backend.context.library.run('UPDATE datasets SET deleted_by_pid = 999999999')
    expect(await purgeDeletedDatasets(backend.context.library, () => false)).toBe(1)
    expect(await tableCounts()).toEqual({
      datasets: 0,
      dataset_files: 0,
      dataset_days: 0,
      dataset_readings: 0,
      dataset_summaries: 0,
    })
  })

  it('a bad file among good ones fails the whole import and leaves the library unchanged', async () => {
    await importAndWait([join(voisinFixtures, '15min/CDB001_2022-05-01--2022-05-31_15min.csv')])
    const before = await tableCounts()
    expect(before.datasets).toBe(1)
    const bad = join(temp.dir, 'CDB777.csv')
    writeFileSync(bad, 'ts,p_cons\n2023-01-01 00:00:00Z,1\n2023-01-01 00:15:00Z,oops\n')
    const final = await importAndWait([join(voisinFixtures, '8s/CDB001.csv'), bad])
    expect(final.status).toBe('failed')
    expect(final.error?.message).toBe('CDB777.csv, line 3: p_cons value "oops" is not a number.')
    expect(await tableCounts()).toEqual(before)
  })

  it('the refusals of the real L5 and non-CSV files leave the library unchanged', async () => {
    const before = await tableCounts()
    for (const path of ['rtu/rtu_2022-10_60min.csv', 'invalid/data_cabine_basse_tension.csv']) {
      const final = await importAndWait([join(voisinFixtures, path)])
      expect(final.status).toBe('failed')
      expect(final.error?.message).toMatch(/, line 1: /)
    }
    expect(await tableCounts()).toEqual(before)
  })

  it('a cancelled import leaves the library unchanged', async () => {
    const big = join(temp.dir, 'SYN002.csv')
    const lines = ['home_id,day,ts,p_cons,p_prod,p_tot']
    const start = Date.UTC(2023, 0, 1)
    for (let i = 0; i < 600_000; i++) {
      const ts = new Date(start + i * 8000).toISOString()
      lines.push(`SYN002,${ts.slice(0, 10)},${ts},${300 + (i % 50)},0,${300 + (i % 50)}`)
    }
    writeFileSync(big, lines.join('\n') + '\n')
    const before = await tableCounts()
    const job = await call('dataset:import', { files: readTokens(backend, [big]) })
    await new Promise<void>((resolve) => {
      const off = backend.onEvent((channel, payload) => {
        if (channel === 'job:updated' && (payload as { fraction: number | null }).fraction !== null) {
          off()
          resolve()
        }
      })
    })
    await call('job:cancel', { jobId: job.jobId })
    const final = await backend.context.jobs.wait(job.jobId)
    expect(final.status).toBe('cancelled')
    expect(await tableCounts()).toEqual(before)
  })

  it('imports the bundled sample household', async () => {
    const job = await call('dataset:importSample', {})
    const final = await backend.context.jobs.wait(job.jobId)
    expect(final.status).toBe('done')
    const datasets = (final.result as ImportResult).datasets
    expect(datasets).toHaveLength(1)
    expect(datasets[0].days.length).toBeGreaterThan(60)
  })
})
