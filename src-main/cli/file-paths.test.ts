import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir, voisinFixtures } from '../test-support/temp-dir'
import { runCliOn } from '../test-support/cli-io'

/**
 * Every path the CLI opens for reading (import, analyse, import-model) is checked first: a
 * directory, a FIFO, a link to /dev/zero and a huge sparse file each fail at once with one line
 * naming the path, and leave the library unchanged.
 */
describe('paths the user gives', () => {
  let temp: ReturnType<typeof makeTempDir>
  beforeEach(() => (temp = makeTempDir()))
  afterEach(() => temp.remove())
  const db = () => join(temp.dir, 'lib.sqlite')
  const cli = (args: string[]) => runCliOn(db(), args, ['--progress', 'none'])
  const oneLineError = (result: { code: number; stderr: string }, message: string) => {
    expect(result.code).not.toBe(0)
    expect(result.stderr).toBe(`voisin-forecast: ${message}\n`)
  }

  it('analyse refuses a directory, import a folder without exports, and both a FIFO, by name, importing nothing', async () => {
    const folder = join(temp.dir, 'exports')
    mkdirSync(folder)
    const fifo = join(temp.dir, 'pipe.csv')
    execFileSync('mkfifo', [fifo])
    const good = join(temp.dir, 'CDB001.csv')
    copyFileSync(join(voisinFixtures, '8s/CDB001.csv'), good)

    // a folder is searched for CSV exports (issue 11): this one has none, and the FIFO beside it is not looked at
    oneLineError(
      await cli(['import', folder]),
      `${folder} holds no CSV file (looked in its sub-folders too).`,
    )
    // a good file first does not help: every path is checked before anything is read
    oneLineError(
      await cli(['import', good, fifo]),
      `Cannot open ${fifo}: is not a regular file (a device, FIFO or socket).`,
    )
    oneLineError(await cli(['analyse', folder]), `Cannot open ${folder}: is a directory.`)
    oneLineError(
      await cli(['analyse', fifo]),
      `Cannot open ${fifo}: is not a regular file (a device, FIFO or socket).`,
    )
    const listed = await cli(['datasets', '--json'])
    expect(JSON.parse(listed.stdout)).toEqual([])
  })

  it('import-model refuses a link to /dev/zero and a 3 GB sparse file without reading them', async () => {
    const zero = join(temp.dir, 'zero.vfmodel')
    symlinkSync('/dev/zero', zero)
    oneLineError(
      await cli(['import-model', zero]),
      `Cannot open ${zero} (a link to /dev/zero): is not a regular file (a device, FIFO or socket).`,
    )
    const huge = join(temp.dir, 'huge.vfmodel')
    writeFileSync(huge, '')
    truncateSync(huge, 3_000_000_000)
    oneLineError(
      await cli(['import-model', huge]),
      `Cannot open ${huge}: it is 3 GB, larger than any model file (at most 537 MB).`,
    )
    const folder = join(temp.dir, 'models')
    mkdirSync(folder)
    oneLineError(await cli(['import-model', folder]), `Cannot open ${folder}: is a directory.`)
    const listed = await cli(['models', '--json'])
    expect(JSON.parse(listed.stdout)).toEqual([])
  })
})
