/**
 * A cancel during the parse of a file large enough for the threads (the import job's default
 * threshold, 32 MB) leaves the library as it was. On a one-core machine the same test runs the
 * sequential parse; `parse-parallel.test.ts` checks that a cancel stops the threads themselves.
 */
import { createWriteStream } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Library } from '../../db/library'
import { JobCancelled, type JobContext } from '../../jobs/job-context'
import { importFiles } from '../../jobs/handlers/import-files'
import { makeTempDir, voisinFixtures } from '../../test-support/temp-dir'

let temp: ReturnType<typeof makeTempDir>
beforeEach(() => (temp = makeTempDir('vf-parallel-cancel-')))
afterEach(() => temp.remove())

/** Writes an 8-s export of about 34 MB (a little over the threshold), streamed. */
async function writeBigExport(path: string): Promise<void> {
  const out = createWriteStream(path)
  out.write('home_id,day,ts,p_cons,p_prod,p_tot\n')
  const start = Date.UTC(2023, 0, 1)
  for (let block = 0; block < 60; block++) {
    const lines: string[] = []
    for (let i = block * 10_000; i < (block + 1) * 10_000; i++) {
      const ts = new Date(start + i * 8000).toISOString()
      lines.push(`SYN003,${ts.slice(0, 10)},${ts},${300 + (i % 50)}.25,0.0,${300 + (i % 50)}.25\n`)
    }
    if (!out.write(lines.join(''))) await new Promise<void>((done) => out.once('drain', () => done()))
  }
  await new Promise<void>((done) => out.end(() => done()))
}

/** A job context whose cancel is requested at the first progress report after `when` says so. */
function jobContext(databasePath: string, when: (fraction: number) => boolean) {
  let cancelled = false
  const fractions: number[] = []
  const context: JobContext = {
    databasePath,
    dataDir: temp.dir,
    progress: ({ fraction }) => {
      if (fraction !== null) {
        fractions.push(fraction)
        if (when(fraction)) cancelled = true
      }
    },
    get cancelled() {
      return cancelled
    },
    throwIfCancelled: () => {
      if (cancelled) throw new JobCancelled()
    },
    yieldToEvents: () => new Promise((done) => setImmediate(done)),
  }
  return { context, fractions }
}

async function tableCounts(databasePath: string) {
  const library = await Library.open(databasePath)
  try {
    const counts: Record<string, number> = {}
    for (const table of [
      'datasets',
      'dataset_files',
      'dataset_days',
      'dataset_readings',
      'dataset_summaries',
    ]) {
      counts[table] = (await library.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))!.n
    }
    return counts
  } finally {
    await library.close()
  }
}

describe('import job: cancel during a parallel parse', () => {
  it('leaves the library exactly as it was', async () => {
    const db = join(temp.dir, 'library.sqlite')
    const first = jobContext(db, () => false)
    await importFiles({ paths: [join(voisinFixtures, '8s/CDB001.csv')] }, first.context)
    const before = await tableCounts(db)
    expect(before.datasets).toBe(1)

    const big = join(temp.dir, 'SYN003.csv')
    await writeBigExport(big)
    const second = jobContext(db, (fraction) => fraction > 0.1)
    await expect(importFiles({ paths: [big] }, second.context)).rejects.toBeInstanceOf(JobCancelled)
    // progress was reported, and the cancel came in the parse: it reports up to 0.85 (its last report, when
    // the threads are done, can be the one that sees the cancel), the sort and the store from 0.86 on
    expect(second.fractions.some((f) => f > 0)).toBe(true)
    expect(Math.max(...second.fractions)).toBeLessThanOrEqual(0.85)
    expect(await tableCounts(db)).toEqual(before)
  })
})
