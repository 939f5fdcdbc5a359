import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { makeTempDir, sourceWorkerEntry, voisinFixtures } from '../test-support/temp-dir'
import { captureCliIO } from '../test-support/cli-io'
import { runCli } from './cli'
import { trainingRequestFromArgs } from './commands/train'
import { TrainingParams } from '../shared/training-params'

describe('runCli', () => {
  let temp: ReturnType<typeof makeTempDir>
  beforeEach(() => (temp = makeTempDir()))
  afterEach(() => temp.remove())
  const db = () => join(temp.dir, 'lib.sqlite')

  it('prints help listing the commands', async () => {
    const io = captureCliIO()
    expect(await runCli(['--help'], io, sourceWorkerEntry)).toBe(0)
    expect(io.stdout).toMatch(/Usage: voisin-forecast <command>/)
    expect(io.stdout).toMatch(/\n {2}info /)
    expect(io.stdout).toMatch(/\n {2}analyse /)
  })

  it('info --json prints the version, database path and schema version', async () => {
    const io = captureCliIO()
    expect(await runCli(['info', '--db', db(), '--json'], io, sourceWorkerEntry)).toBe(0)
    const info = JSON.parse(io.stdout)
    expect(info).toMatchObject({ name: 'Voisin Forecast', databasePath: db() })
    expect(info.schemaVersion).toBeGreaterThanOrEqual(1)
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('analyse runs the worker job and prints JSON', async () => {
    const io = captureCliIO()
    const file = join(voisinFixtures, 'wide/group_1.csv')
    expect(await runCli(['analyse', file, '--db', db(), '--json'], io, sourceWorkerEntry)).toBe(0)
    const result = JSON.parse(io.stdout)
    expect(result.path).toBe(file)
    expect(result.header[0]).toBe('')
    expect(result.rows).toBeGreaterThan(100)
  })

  it('fails with one line and a non-zero exit code', async () => {
    const unknown = captureCliIO()
    expect(await runCli(['frobnicate'], unknown, sourceWorkerEntry)).toBe(2)
    expect(unknown.stderr).toBe('voisin-forecast: unknown command "frobnicate" (see --help)\n')

    const badOption = captureCliIO()
    expect(await runCli(['info', '--colour'], badOption, sourceWorkerEntry)).toBe(2)
    expect(badOption.stderr.trim().split('\n')).toHaveLength(1)

    const missing = captureCliIO()
    expect(
      await runCli(
        ['analyse', join(temp.dir, 'nope.csv'), '--db', db(), '--progress', 'none'],
        missing,
        sourceWorkerEntry,
      ),
    ).toBe(1)
    expect(missing.stderr).toMatch(/^voisin-forecast: Cannot open .*nope\.csv: no such file\.\n$/)
  })
})

describe('trainingRequestFromArgs', () => {
  it('starts from the preset and lets every flag override it', () => {
    const request = trainingRequestFromArgs({
      dataset: '3',
      preset: 'day-ahead',
      seq: '96',
      layers: '2',
      hidden: '64',
      loss: 'mse',
      'lr-decay': '0.95',
      resample: '1h',
      'no-calendar': true,
    })
    expect(request).toMatchObject({
      datasetId: 3,
      seqLen: 96,
      predSize: 96,
      hiddenSizes: [64, 64],
      loss: 'mse',
      lrDecay: 0.95,
      resolution: '1h',
      calendar: false,
    })
    expect(() => trainingRequestFromArgs({ dataset: '1', seq: 'ten' })).toThrow(
      '--seq must be a number, got "ten"',
    )
    expect(() => trainingRequestFromArgs({ seq: '10' })).toThrow(/needs --dataset/)
    expect(() => trainingRequestFromArgs({ dataset: '1', preset: 'tomorrow' })).toThrow(
      /unknown preset "tomorrow"/,
    )
  })

  it('takes the precision and the threads (a count or auto; the preset says auto)', () => {
    expect(trainingRequestFromArgs({ dataset: '1' })).toMatchObject({ precision: 'float32', threads: 'auto' })
    expect(trainingRequestFromArgs({ dataset: '1', threads: '2', precision: 'float64' })).toMatchObject({
      precision: 'float64',
      threads: 2,
    })
    expect(trainingRequestFromArgs({ dataset: '1', threads: 'auto' })).toMatchObject({ threads: 'auto' })
    expect(() => trainingRequestFromArgs({ dataset: '1', threads: 'lots' })).toThrow(
      '--threads must be a number, got "lots"',
    )
    // the request schema refuses what the command line cannot know is absurd
    const parsed = TrainingParams.safeParse(trainingRequestFromArgs({ dataset: '1', threads: '0' }))
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues[0].message).toBe('threads must be at least 1')
    const precision = TrainingParams.safeParse(trainingRequestFromArgs({ dataset: '1', precision: 'half' }))
    expect(precision.error?.issues[0].path).toEqual(['precision'])
  })
})
