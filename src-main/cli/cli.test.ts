import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { makeTempDir, sourceWorkerEntry, voisinFixtures } from '../test-support/temp-dir'
import { captureCliIO } from '../test-support/cli-io'
import { joinNegativeValues, runCli } from './cli'
import { printable, printableJson } from './printable'
import { trainingRequestFromArgs } from './commands/train'

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

describe('usage errors', () => {
  const run = async (args: string[]) => {
    const io = captureCliIO()
    const code = await runCli(args, io, sourceWorkerEntry)
    return { code, stdout: io.stdout, stderr: io.stderr }
  }

  it('every wrong command line exits 2 with one line on stderr and nothing on stdout', async () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /unknown command "frobnicate"/],
      [['info', '--colour'], /Unknown option '--colour'/],
      [['info', '--db'], /Option '--db <value>' argument missing/],
      [['info', '--json=yes'], /Option '--json' does not take an argument/],
      [['train', '--dataset', '1', '--name', '-x'], /argument is ambiguous/],
      [['info', 'extra'], /unexpected argument "extra": info takes none/],
      [['model', '1', '2'], /unexpected argument "2": model takes at most 1/],
      [['info', '--progress', 'loud'], /--progress must be bar, json or none/],
      [['model', 'one'], /expected an id: model <id>/],
      [
        ['train', '--dataset', '1', '--lr', '-1'],
        /^voisin-forecast: --lr: the learning rate must be positive \(got "-1"\)\n$/,
      ],
      [['train', '--dataset', '1', '--lr=-1'], /--lr: the learning rate must be positive \(got "-1"\)/],
      [['train', '--community', '1', '--lr', '-1'], /--lr: the learning rate must be positive \(got "-1"\)/],
      [
        ['train', '--dataset', '1', '--init-from', '1', '--hidden', '0'],
        /--hidden: hidden size must be at least 1/,
      ],
      [['train', '--community', '1', '--target', 'sum'], /--target must be homes or total/],
      [['evaluate', '1'], /evaluate needs --dataset <id>/],
      [['communities', 'extra'], /unexpected argument "extra": communities takes none/],
      [
        ['train', '--dataset', '1', '--hidden', '5000'],
        /--hidden: hidden size must be at most 1024 \(got "5000"\)/,
      ],
      [['train', '--dataset', '1', '--layers', '5'], /--layers: at most 4 LSTM layers \(got "5"\)/],
      [['train', '--dataset', '1', '--seq', '-1e20'], /--seq: seqLen must be a whole number \(got "-1e20"\)/],
      [
        ['train', '--dataset', '1', '--engine', 'gpu'],
        /--engine: Invalid option: expected one of "scratch"\|"tfjs" \(got "gpu"\)/,
      ],
      [
        ['predict', '1', '--dataset', '1', '--from', '-1e20'],
        /--from must be an instant between 2000-01-01 and 2100-01-01 \(got "-1e20"\)/,
      ],
      [['clean', '1', '--min-completeness', '-0.5'], /--min-completeness must be between 0 and 1/],
      [['demo', '--epochs', 'many'], /--epochs must be a whole number from 1 to 100000, got "many"/],
    ]
    for (const [args, pattern] of cases) {
      const result = await run(args)
      expect({ args, ...result }).toMatchObject({
        args,
        code: 2,
        stdout: '',
        stderr: expect.stringMatching(pattern),
      })
      expect(result.stderr.split('\n')).toHaveLength(2) // one line and its newline
    }
  })

  it('a value refused by the contract or a job is a usage error too; an unknown id is not', async () => {
    const temp = makeTempDir()
    try {
      const db = join(temp.dir, 'lib.sqlite')
      const file = join(voisinFixtures, '15min/CDB001_2022-05-01--2022-05-31_15min.csv')
      const zone = await run(['import', file, '--tz', 'Mars/Base', '--db', db, '--progress', 'none'])
      expect([zone.code, zone.stderr]).toEqual([
        2,
        'voisin-forecast: Unknown time zone "Mars/Base" (use an IANA name such as Europe/Brussels).\n',
      ])
      const naive = await run(['predict', '1', '--dataset', '1', '--from', '2022-05-20T10:00:00', '--db', db])
      expect([naive.code, naive.stderr]).toEqual([
        2,
        expect.stringMatching(/"2022-05-20T10:00:00" needs a zone/),
      ])
      const series = await run(['dataset', '1', '--db', db])
      expect([series.code, series.stderr]).toEqual([
        1,
        expect.stringMatching(/^voisin-forecast: No dataset 1/),
      ])
    } finally {
      temp.remove()
    }
  })

  it('joins a negative number to the option before it, and nothing else', () => {
    const options = { lr: { type: 'string' }, json: { type: 'boolean' } } as const
    expect(joinNegativeValues(['--lr', '-1', '--json', '-1'], options)).toEqual(['--lr=-1', '--json', '-1'])
    expect(joinNegativeValues(['--lr', '-.5', '--lr', '-1e20', '--lr', '-x'], options)).toEqual([
      '--lr=-.5',
      '--lr=-1e20',
      '--lr',
      '-x',
    ])
  })
})

describe('control characters from user data', () => {
  it('are printed as escapes: NUL, ESC sequences, C1, bidi overrides; newlines and tabs stay', () => {
    expect(printable('a\u0000b\u001b[2Jc\r\u009bd\u202ee\tf\n')).toBe(
      'a\\x00b\\x1b[2Jc\\x0d\\x9bd\\u202ee\tf\n',
    )
    const json = printableJson(JSON.stringify({ name: 'x\u001b\u009b\u202e' }))
    expect(json).toBe('{"name":"x\\u001b\\u009b\\u202e"}')
    expect(JSON.parse(json).name).toBe('x\u001b\u009b\u202e')
  })

  it('an error quoting a name never sends its raw control characters to the terminal', async () => {
    const io = captureCliIO()
    expect(await runCli(['\u001b]0;pwned\u0007\u001b[2J\u0000x'], io, sourceWorkerEntry)).toBe(2)
    expect(io.stderr).toBe(
      'voisin-forecast: unknown command "\\x1b]0;pwned\\x07\\x1b[2J\\x00x" (see --help)\n',
    )
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
    // the request schema's refusals, naming the flag and what was given
    expect(() => trainingRequestFromArgs({ dataset: '1', threads: '0' })).toThrow(
      '--threads: threads must be at least 1 (got "0")',
    )
    expect(() => trainingRequestFromArgs({ dataset: '1', precision: 'half' })).toThrow(
      /^--precision: .* \(got "half"\)$/,
    )
  })
})
