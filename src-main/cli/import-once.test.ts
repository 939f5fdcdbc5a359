import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir, voisinFixtures } from '../test-support/temp-dir'
import { runCliOn } from '../test-support/cli-io'

const month = (home: 'CDB001' | 'CDB008', name: string) => join(voisinFixtures, 'months', home, name)
const april = month('CDB001', 'CDB001_2021_04_15min.csv')
const may = month('CDB001', 'CDB001_2021_05_15min.csv')
const cdb008 = month('CDB008', 'CDB008_2022_01_15min.csv')

/** Writes a synthetic 8-second export of about `megabytes` MB: an import that runs long enough to be killed. */
async function writeLongExport(path: string, megabytes: number): Promise<void> {
  const out = createWriteStream(path)
  out.write('home_id,day,ts,p_cons,p_prod,p_tot\n')
  const start = Date.UTC(2023, 0, 1)
  let written = 0
  for (let i = 0; written < megabytes * 1e6;) {
    const lines: string[] = []
    for (const end = i + 10_000; i < end; i++) {
      const t = new Date(start + i * 8000).toISOString().replace('T', ' ').replace('.000Z', '+00:00')
      const watts = (300 + 200 * Math.sin(i / 500)).toFixed(3)
      lines.push(`SYN001,${t.slice(0, 10)},${t},${watts},0.0,${watts}`)
    }
    const block = lines.join('\n') + '\n'
    written += block.length
    if (!out.write(block)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
}

describe('importing files the library already holds', () => {
  let temp: ReturnType<typeof makeTempDir>
  beforeEach(() => (temp = makeTempDir()))
  afterEach(() => temp.remove())
  const db = () => join(temp.dir, 'lib.sqlite')
  const cli = (args: string[]) => runCliOn(db(), args, ['--progress', 'none'])
  const importJson = async (...args: string[]) => {
    const result = await cli(['import', ...args, '--json'])
    expect(result.stderr).toBe('')
    return JSON.parse(result.stdout) as { datasetId: number; home: string; alreadyImported: boolean }[]
  }
  const datasetIds = async () =>
    (JSON.parse((await cli(['datasets', '--json'])).stdout) as { datasetId: number }[]).map(
      (d) => d.datasetId,
    )

  it('gives back the dataset of the same file instead of a second one; --copy makes a new one', async () => {
    const [first] = await importJson(april)
    expect(first.alreadyImported).toBe(false)
    const [again] = await importJson(april)
    expect(again).toEqual({ ...first, alreadyImported: true })
    expect(await datasetIds()).toEqual([first.datasetId])

    const human = await cli(['import', april])
    expect(human.code).toBe(0)
    expect(human.stdout).toMatch(
      new RegExp(
        `^Already in the library \\(same files, by SHA-256\\): dataset ${first.datasetId}, nothing was added`,
      ),
    )
    const [copy] = await importJson(april, '--copy')
    expect(copy.alreadyImported).toBe(false)
    expect(copy.datasetId).not.toBe(first.datasetId)
    expect(await datasetIds()).toEqual([first.datasetId, copy.datasetId])
  })

  it('judges each household of an import on its own, and refuses files already in a dataset of other files', async () => {
    const [cdb001] = await importJson(april)
    // CDB001's April is in the library, CDB008 is new: one returned, one created, in the order given
    const mixed = await importJson(april, cdb008)
    expect(mixed.map((d) => [d.home, d.alreadyImported])).toEqual([
      ['CDB001', true],
      ['CDB008', false],
    ])
    expect(mixed[0].datasetId).toBe(cdb001.datasetId)
    // April again with May would hold April's readings twice: refused, naming the file and its dataset
    const refused = await cli(['import', april, may])
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toBe(
      `voisin-forecast: Some files are already in the library: CDB001_2021_04_15min.csv is in dataset ${cdb001.datasetId} ` +
        '(CDB001_2021_04_15min.csv). Import only the files that are not, or import a copy (import --copy) to make a new dataset of them all.\n',
    )
    expect(await datasetIds()).toEqual([cdb001.datasetId, mixed[1].datasetId])
    // May alone is new; then April + May together is a new set of files for CDB001, but each file is
    // already in a dataset, so it is refused too, naming both
    const [mayAlone] = await importJson(may)
    const both = await cli(['import', april, may])
    expect(both.stderr).toContain(`CDB001_2021_04_15min.csv is in dataset ${cdb001.datasetId}`)
    expect(both.stderr).toContain(`CDB001_2021_05_15min.csv is in dataset ${mayAlone.datasetId}`)
    const [together] = await importJson(april, may, '--copy')
    expect(together.alreadyImported).toBe(false)
    const [togetherAgain] = await importJson(may, april)
    expect(togetherAgain).toMatchObject({ datasetId: together.datasetId, alreadyImported: true })
  })

  it('the same file read another way (--naive, --tz) is another dataset, given back when read that way again', async () => {
    const [local] = await importJson(april)
    const [utc] = await importJson(april, '--naive', 'utc')
    expect(utc.alreadyImported).toBe(false)
    expect(utc.datasetId).not.toBe(local.datasetId)
    const [utcAgain] = await importJson(april, '--naive', 'utc')
    expect(utcAgain).toMatchObject({ datasetId: utc.datasetId, alreadyImported: true })
    const [paris] = await importJson(april, '--tz', 'Europe/Paris')
    expect(paris.alreadyImported).toBe(false)
    const [localAgain] = await importJson(april)
    expect(localAgain).toMatchObject({ datasetId: local.datasetId, alreadyImported: true })
    expect(await datasetIds()).toEqual([local.datasetId, utc.datasetId, paris.datasetId])
  })

  it('a group file gives back each home’s dataset', async () => {
    const group = join(voisinFixtures, 'wide/group_1.csv')
    const first = await importJson(group)
    expect(first.length).toBeGreaterThan(1)
    const again = await importJson(group)
    expect(again).toEqual(first.map((d) => ({ ...d, alreadyImported: true })))
    expect(await datasetIds()).toEqual(first.map((d) => d.datasetId))
  })

  it('an import killed part way, then run again, leaves exactly one dataset', async () => {
    const file = join(temp.dir, 'SYN001.csv')
    await writeLongExport(file, 60)
    // the real command in its own process group, so the kill takes its worker too (as a crash would)
    const main = resolve(__dirname, 'main.ts')
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', main, 'import', file, '--db', db(), '--progress', 'json'],
      { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
    )
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      const progressed = stderr
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { status: string; fraction: number | null })
        .some((p) => p.status === 'running' && (p.fraction ?? 0) >= 0.3)
      if (progressed && child.exitCode === null) process.kill(-child.pid!, 'SIGKILL')
    })
    const [, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null]
    expect(signal).toBe('SIGKILL') // killed while importing, not ended on its own
    expect((await datasetIds()).length).toBeLessThanOrEqual(1)

    const [imported] = await importJson(file)
    expect(await datasetIds()).toEqual([imported.datasetId])
    const [again] = await importJson(file)
    expect(again).toMatchObject({ datasetId: imported.datasetId, alreadyImported: true })
    expect(await datasetIds()).toEqual([imported.datasetId])
  }, 180_000)
})
