import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../test-support/temp-dir'
import { readExports } from './read-exports'

let temp: ReturnType<typeof makeTempDir>
beforeEach(() => (temp = makeTempDir('vf-read-')))
afterEach(() => temp.remove())

function file(name: string, lines: string[], eol = '\n'): string {
  const path = join(temp.dir, name)
  writeFileSync(path, lines.join(eol) + eol)
  return path
}

const dayOf = (datasets: Awaited<ReturnType<typeof readExports>>, day: string) =>
  datasets[0].analysis.days.find((d) => d.day === day)

describe('readExports on small synthetic files (counts worked out by hand)', () => {
  it('counts present, empty and all-zero readings per local day, and infers the interval', async () => {
    // 15-min offsets file: 4 readings on 2023-01-02 local, one empty p_cons, one all-zero row
    const path = file('CDB900_x.csv', [
      'home_id,day,ts,p_cons,p_prod,p_tot',
      'CDB900,2023-01-02,2023-01-02 00:00:00+01:00,100.0,0.0,100.0',
      'CDB900,2023-01-02,2023-01-02 00:15:00+01:00,,0.0,',
      'CDB900,2023-01-02,2023-01-02 00:30:00+01:00,0.0,0.0,0.0',
      'CDB900,2023-01-02,2023-01-02 00:45:00+01:00,-50,0,-50',
    ])
    const [dataset] = await readExports([path])
    expect(dataset.home).toBe('CDB900')
    expect(dataset.analysis.intervalSeconds).toBe(900)
    expect(dataset.analysis.days).toHaveLength(1)
    expect(dataset.analysis.days[0]).toMatchObject({
      day: '2023-01-02',
      expected: 96,
      present: 3,
      empty: 1,
      zero: 1,
    })
    expect(dataset.analysis.days[0].completeness).toBeCloseTo(3 / 96, 12)
    expect(dataset.analysis.stats).toEqual({ min: -50, mean: 50 / 3, max: 100 })
    expect(dataset.analysis.warnings.map((w) => [w.code, w.count])).toContainEqual([
      'negative-consumption',
      1,
    ])
  })

  it('merges files of one home, drops duplicates and keeps the reading that has a value', async () => {
    const header = 'ts,home_id,day,p_cons,p_prod,p_tot'
    const a = file('a.csv', [
      header,
      '2023-03-01 00:00:00+01:00,CDB901,2023-03-01,10,0,10',
      '2023-03-01 00:15:00+01:00,CDB901,2023-03-01,,0,',
    ])
    const b = file('b.csv', [
      header,
      '2023-03-01 00:15:00+01:00,CDB901,2023-03-01,20,0,20',
      '2023-03-01 00:30:00+01:00,CDB901,2023-03-01,30,0,30',
      '2023-03-01 00:00:00+01:00,CDB901,2023-03-01,99,0,99',
    ])
    const [dataset] = await readExports([b, a])
    expect(dataset.readings.rows).toBe(5)
    expect(dataset.readings.duplicates).toBe(2)
    expect(Array.from(dataset.readings.columns[0])).toEqual([99, 20, 30])
    expect(dataset.analysis.days[0]).toMatchObject({ present: 3, empty: 0 })
    expect(dataset.files.map((f) => f.rows)).toEqual([3, 2])
    expect(dataset.analysis.warnings.find((w) => w.code === 'conflicting-duplicates')?.count).toBe(1)
  })

  it('reads naive timestamps as UTC when late rows carry the next date in `day`', async () => {
    const path = file('CDB902_2022-05-08.csv', [
      'home_id,day,ts,p_cons,p_prod,p_tot',
      'CDB902,2022-05-08,2022-05-08 21:59:52,1,0,1',
      'CDB902,2022-05-09,2022-05-08 22:00:00,2,0,2',
      'CDB902,2022-05-09,2022-05-08 23:59:52,3,0,3',
    ])
    const [dataset] = await readExports([path])
    expect(dataset.readings.instants[0]).toBe(Date.UTC(2022, 4, 8, 21, 59, 52))
    expect(dataset.analysis.days.map((d) => [d.day, d.present])).toEqual([
      ['2022-05-08', 1],
      ['2022-05-09', 2],
    ])
    expect(dataset.files[0].naive).toBe('utc')
    // the same file forced to local time
    const [local] = await readExports([path], { naive: 'local' })
    expect(local.readings.instants[0]).toBe(Date.UTC(2022, 4, 8, 19, 59, 52))
  })

  it('reads naive local files across the autumn change: summer at the first 02:xx, winter at the second', async () => {
    const lines = ['home_id,day,ts,p_cons,p_prod,p_tot']
    for (const hhmm of ['01:00', '01:30', '02:00', '02:30', '02:00', '02:30', '03:00']) {
      lines.push(`CDB903,2021-10-31,2021-10-31 ${hhmm}:00,1,0,1`)
    }
    const [dataset] = await readExports([file('CDB903.csv', lines, '\r\n')])
    expect(dataset.analysis.intervalSeconds).toBe(1800)
    expect(Array.from(dataset.readings.instants)).toEqual(
      [-1, -0.5, 0, 0.5, 1, 1.5, 2].map((h) => Date.UTC(2021, 9, 31, 0) + h * 3_600_000),
    )
    expect(dataset.readings.duplicates).toBe(0)
    expect(dataset.analysis.days[0]).toMatchObject({ day: '2021-10-31', expected: 50, present: 7 })
  })

  it('reads a wide single-home file (L3): home from the file name, channels kept', async () => {
    const path = file('data_ECHL01_2023-05-01.csv', [
      ',main-,main,PV,PV-,P_cons,P_prod,P_tot',
      '2023-05-01 00:00:00+02:00,0,500,-20,0,500,-20,480',
      '2023-05-01 00:00:08+02:00,0,510,-20,0,510,-20,490',
    ])
    const [dataset] = await readExports([path])
    expect(dataset.home).toBe('ECHL01')
    expect(dataset.files[0].layout).toBe('L3')
    expect(dataset.readings.columnNames).toEqual(['p_cons', 'p_prod', 'p_tot', 'main-', 'main', 'PV', 'PV-'])
    expect(Array.from(dataset.readings.columns[4])).toEqual([500, 510])
    expect(dataset.analysis.intervalSeconds).toBe(8)
  })

  it('splits a group file (L4) into one dataset per home, deriving power from the channels', async () => {
    const path = file('group_9.csv', [
      ',CDB001_Mains,CDB001_Mains-,CDB001_PV,CDB001_PV-,CDB002_main,P_cons,P_prod,P_tot',
      '2021-12-16 22:16:00+01:00,300,10,0,40,,0,0,0',
      '2021-12-16 22:16:08+01:00,0,0,0,0,100,0,0,0',
    ])
    const datasets = await readExports([path])
    expect(datasets.map((d) => d.home)).toEqual(['CDB001', 'CDB002'])
    const [one, two] = datasets
    // p_cons = Mains − Mains-, p_prod = PV − PV-, p_tot = p_cons + p_prod
    expect(Array.from(one.readings.columns[0])).toEqual([290, 0])
    expect(Array.from(one.readings.columns[1])).toEqual([-40, 0])
    expect(Array.from(one.readings.columns[2])).toEqual([250, 0])
    expect(one.analysis.days[0]).toMatchObject({ present: 2, zero: 1, empty: 0 })
    expect(two.analysis.days[0]).toMatchObject({ present: 1, empty: 1, zero: 0 })
  })

  it('reads the web download (L6): ISO UTC timestamps, extra columns ignored', async () => {
    const path = file('web.csv', [
      'home_id,day,ts,config_id,insertion_time,p_cons,p_prod,p_tot',
      'ECH001,2023-05-01,2023-05-01T07:07:12.000Z,3,2023-05-02T00:00:00Z,10,0,10',
      'ECH001,2023-05-01,2023-05-01T07:07:20.000Z,3,2023-05-02T00:00:00Z,11,0,11',
    ])
    const [dataset] = await readExports([path])
    expect(dataset.files[0].layout).toBe('L6')
    expect(dataset.readings.columnNames).toEqual(['p_cons', 'p_prod', 'p_tot'])
    expect(dataset.readings.instants[0]).toBe(Date.UTC(2023, 4, 1, 7, 7, 12))
  })

  it('finds columns by name in any order and case', async () => {
    const path = file('CDB904.csv', [
      'P_TOT,Ts,P_Prod,P_Cons',
      '5,2023-05-01 10:00:00Z,1,4',
      '7,2023-05-01 11:00:00Z,2,5',
    ])
    const [dataset] = await readExports([path])
    expect(Array.from(dataset.readings.columns[0])).toEqual([4, 5])
    expect(dataset.analysis.intervalSeconds).toBe(3600)
    expect(dayOf([dataset], '2023-05-01')?.expected).toBe(24)
  })
})

describe('readExports across the 1 MB read chunks', () => {
  it('reads lines cut by a chunk boundary, and one line longer than a whole chunk, like any other', async () => {
    // 40 000 rows of ~60 bytes span three chunks; row 20 000 pads p_cons with 1.5 MB of spaces
    const lines = ['home_id,day,ts,p_cons,p_prod,p_tot']
    let sum = 0
    for (let i = 0; i < 40_000; i++) {
      const ts = new Date(Date.UTC(2023, 0, 2) + i * 8000).toISOString().replace('T', ' ').slice(0, 19)
      const cons = (i % 997) + 0.25
      sum += cons
      lines.push(
        `CDB902,2023-01-02,${ts}+00:00,${i === 20_000 ? `${cons}${' '.repeat(1_500_000)}` : cons},0,${cons}`,
      )
    }
    const [dataset] = await readExports([file('CDB902_long.csv', lines)])
    const { instants, columns, rows } = dataset.readings
    expect(rows).toBe(40_000)
    expect(dataset.analysis.intervalSeconds).toBe(8)
    for (let i = 1; i < instants.length; i++) expect(instants[i] - instants[i - 1]).toBe(8000)
    expect(columns[0].reduce((a, b) => a + b, 0)).toBeCloseTo(sum, 6)
    expect(columns[0][20_000]).toBe((20_000 % 997) + 0.25)
  })
})

describe('readExports refuses bad input with file, line and problem', () => {
  const cases: [string, string[], RegExp][] = [
    [
      'no-ts.csv',
      ['home_id,p_cons', 'CDB001,1'],
      /^no-ts\.csv, line 1: not a Voisin d'Énergie CSV export: the header has no timestamp column/,
    ],
    [
      'no-power.csv',
      ['ts,home_id', '2023-01-01 00:00:00Z,CDB001'],
      /^no-power\.csv, line 1: no power column/,
    ],
    [
      'bad-ts.csv',
      ['ts,p_cons', '2023-01-01 00:00:00Z,1', '2023-01-01 00:15:00Z,1', 'yesterday,1'],
      /^bad-ts\.csv, line 4: unparseable timestamp "yesterday"\.$/,
    ],
    [
      'bad-value.csv',
      ['ts,p_cons', '2023-01-01 00:00:00Z,abc'],
      /^bad-value\.csv, line 2: p_cons value "abc" is not a number\.$/,
    ],
    [
      'short-row.csv',
      ['ts,p_cons,p_prod', '2023-01-01 00:00:00Z,1'],
      /^short-row\.csv, line 2: 2 fields where the header has 3/,
    ],
    ['header-only.csv', ['home_id,day,ts,p_cons,p_prod,p_tot'], /^header-only\.csv, line 2: no readings/],
    ['empty.csv', [''], /^empty\.csv, line 1: the file is empty/],
    [
      'one.csv',
      ['ts,p_cons', '2023-01-01 00:00:00Z,1'],
      /^one\.csv: .* single reading instant; the interval cannot be inferred/,
    ],
  ]
  for (const [name, lines, message] of cases) {
    it(name, async () => {
      await expect(readExports([file(name, lines)])).rejects.toThrow(message)
    })
  }

  it('a missing file', async () => {
    await expect(readExports([join(temp.dir, 'nope.csv')])).rejects.toThrow(
      /^Cannot open .*nope\.csv: no such file\.$/,
    )
  })

  it('binary content', async () => {
    const path = join(temp.dir, 'blob.csv')
    writeFileSync(path, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x0a]))
    await expect(readExports([path])).rejects.toThrow(
      /^blob\.csv, line 1: not a CSV text file \(binary content\)\.$/,
    )
  })
})
