/**
 * Inputs that used to be accepted as they were and now warn or are refused (issue #10): implausible
 * timestamps, UTC offsets that mix clocks, a `day` column that contradicts `ts`, unsafe home ids, a text
 * column, UTF-16 files. Each case is a small file written here (the shared fixtures are never edited).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir, voisinFixtures } from '../../test-support/temp-dir'
import { readExports, type PreparedDataset } from './read-exports'

let temp: ReturnType<typeof makeTempDir>
beforeEach(() => (temp = makeTempDir('vf-input-checks-')))
afterEach(() => temp.remove())

function file(name: string, lines: string[], eol = '\n'): string {
  const path = join(temp.dir, name)
  writeFileSync(path, lines.join(eol) + eol)
  return path
}

const pad = (n: number) => String(n).padStart(2, '0')
const HEADER = 'home_id,day,ts,p_cons,p_prod,p_tot'

/** `n` rows of CDB001 every `stepS` seconds from 2023-05-01 10:00 Brussels (+02:00), `day` the local date. */
function rows(n: number, stepS = 8, from = Date.UTC(2023, 4, 1, 8)): string[] {
  return Array.from({ length: n }, (_, k) => {
    const wall = new Date(from + k * stepS * 1000 + 7_200_000).toISOString()
    return `CDB001,${wall.slice(0, 10)},${wall.slice(0, 10)} ${wall.slice(11, 19)}+02:00,${100 + k},0,${100 + k}`
  })
}

const warning = (dataset: PreparedDataset, code: string) =>
  dataset.analysis.warnings.find((w) => w.code === code)
const NEW_CODES = ['implausible-timestamps', 'day-mismatch', 'column-ignored']

describe('implausible timestamps: rows before 2000-01-01 or more than a year ahead are skipped, with a warning', () => {
  it('skips 1970 and 2100 rows, keeps the rest and names the first skipped line', async () => {
    const lines = [HEADER, ...rows(10)]
    lines.splice(3, 0, 'CDB001,1970-01-01,1970-01-01 00:00:08+01:00,5,0,5')
    lines.splice(8, 0, 'CDB001,2100-01-01,2100-01-01 00:00:00+01:00,5,0,5')
    const [dataset] = await readExports([file('CDB001_clock.csv', lines)])
    expect(dataset.readings.rows).toBe(10)
    expect(dataset.readings.instants[0]).toBe(Date.UTC(2023, 4, 1, 8))
    expect(dataset.analysis.intervalSeconds).toBe(8)
    const skipped = warning(dataset, 'implausible-timestamps')!
    expect(skipped.count).toBe(2)
    expect(skipped.message).toMatch(
      /^CDB001_clock\.csv: 2 rows with a timestamp outside 2000-01-01 – \d{4}-\d\d-\d\d were skipped \(the first at line 4: "1970-01-01 00:00:08\+01:00"\)\.$/,
    )
    expect(dataset.files[0].rows).toBe(10)
  })

  it('draws the line at 2000-01-01 00:00 UTC and at a year from now', async () => {
    const nextYear = new Date(Date.now() + 366 * 86_400_000).toISOString().slice(0, 19)
    const [dataset] = await readExports([
      file('CDB001_edges.csv', [
        'ts,p_cons',
        '1999-12-31 23:59:59Z,1',
        '2000-01-01 00:00:00Z,2',
        '2000-01-01 00:15:00Z,3',
        `${nextYear}Z,4`,
      ]),
    ])
    expect(Array.from(dataset.readings.columns[0])).toEqual([2, 3])
    expect(warning(dataset, 'implausible-timestamps')).toMatchObject({ count: 2 })
  })

  it('refuses a home whose every timestamp is implausible, naming the first line', async () => {
    const lines = [
      HEADER,
      'CDB001,1970-01-01,1970-01-01 00:00:00Z,1,0,1',
      'CDB001,1970-01-01,1970-01-01 00:00:08Z,1,0,1',
    ]
    await expect(readExports([file('CDB001_1970.csv', lines)])).rejects.toThrow(
      /^CDB001_1970\.csv, line 2: every timestamp of CDB001 is outside 2000-01-01 – \d{4}-\d\d-\d\d \("1970-01-01 00:00:00Z"\): the meter's clock or the export is wrong\.$/,
    )
  })
})

describe('UTC offsets: a file may use one offset, or follow the zone (DST), not mix clocks', () => {
  it('refuses an 8-s file whose rows alternate +00:00 and +02:00 on the same wall clock (it read as 16-s data)', async () => {
    const lines = [HEADER, ...rows(900)].map((line, k) =>
      k > 0 && k % 2 === 0 ? line.replace('+02:00', '+00:00') : line,
    )
    const path = file('CDB001_mixed.csv', lines)
    await expect(readExports([path])).rejects.toThrow(
      'CDB001_mixed.csv, line 3: mixed UTC offsets: +00:00 here, +02:00 at line 2, while Europe/Brussels is at +02:00 at this instant (450 of 900 rows do not follow Europe/Brussels); re-export the file, or import it with the zone its offsets follow.',
    )
    // the same rows, all in the zone's offset, are 8-s data
    const [fine] = await readExports([file('CDB001_fine.csv', [HEADER, ...rows(900)])])
    expect(fine.analysis.intervalSeconds).toBe(8)
  })

  it('accepts the real autumn change (+02:00 then +01:00), here the substation export’s own timestamps', async () => {
    // rtu/ is refused as a substation file, so its ts column is read into a household file of the same rows
    const rtu = readFileSync(join(voisinFixtures, 'rtu/rtu_2022-10_60min.csv'), 'utf8').trim().split('\n')
    const lines = ['day,ts,p_cons', ...rtu.slice(1).map((line) => line.split(',').slice(1, 4).join(','))]
    expect(lines.some((line) => line.includes('2022-10-30 02:00:00+02:00'))).toBe(true)
    expect(lines.some((line) => line.includes('2022-10-30 02:00:00+01:00'))).toBe(true)
    const [dataset] = await readExports([file('RTU001.csv', lines)])
    expect(dataset.analysis.intervalSeconds).toBe(3600)
    expect(dataset.analysis.days.find((d) => d.day === '2022-10-30')).toMatchObject({
      expected: 25,
      present: 25,
    })
    expect(dataset.analysis.warnings.filter((w) => NEW_CODES.includes(w.code))).toEqual([])
  })

  it('accepts one fixed offset that is not the zone’s (UTC all year) and names the zone when it refuses', async () => {
    const utc = rows(20).map((line) =>
      line.replace(/ (\d\d):/, (_, h) => ` ${pad(Number(h) - 2)}:`).replace('+02:00', '+00:00'),
    )
    const [dataset] = await readExports([file('CDB001_utc.csv', [HEADER, ...utc])])
    expect(dataset.readings.instants[0]).toBe(Date.UTC(2023, 4, 1, 8))
    // the Brussels offsets read with another zone's clock do not follow it
    const dst = [HEADER, ...rows(4, 8, Date.UTC(2023, 2, 25, 23)), ...rows(4, 8, Date.UTC(2023, 2, 27, 8))]
    const winter = dst.map((line, k) => (k > 0 && k <= 4 ? line.replace('+02:00', '+01:00') : line))
    await expect(readExports([file('CDB001_dst.csv', winter)], { zone: 'UTC' })).rejects.toThrow(
      /^CDB001_dst\.csv, line 2: mixed UTC offsets: \+01:00 here, \+02:00 at line 6, while UTC is at \+00:00/,
    )
  })
})

describe('UTC offsets on the day the clocks change (the offset of Brussels changes at 01:00 UTC)', () => {
  const at = (local: string, offset: string) => `2023-03-26 ${local}:00${offset},1`

  it('rows still at +01:00 after the spring change do not follow the zone', async () => {
    const lines = [
      'ts,p_cons',
      at('00:00', '+01:00'),
      at('01:45', '+01:00'),
      at('03:00', '+01:00'),
      at('04:30', '+02:00'),
    ]
    await expect(readExports([file('CDB001_spring.csv', lines)])).rejects.toThrow(
      /^CDB001_spring\.csv, line 4: mixed UTC offsets: \+01:00 here, \+02:00 at line 5, while Europe\/Brussels is at \+02:00 at this instant \(1 of 4 rows/,
    )
  })

  it('rows already at +02:00 before the spring change do not follow the zone', async () => {
    const lines = [
      'ts,p_cons',
      at('04:00', '+02:00'),
      at('05:00', '+02:00'),
      at('01:00', '+02:00'),
      at('00:30', '+01:00'),
    ]
    await expect(readExports([file('CDB001_early.csv', lines)])).rejects.toThrow(
      /^CDB001_early\.csv, line 4: mixed UTC offsets: \+02:00 here, \+01:00 at line 5, while Europe\/Brussels is at \+01:00 at this instant \(1 of 4 rows/,
    )
  })
})

describe('a `day` column that contradicts ts: a warning with the count and the first line', () => {
  it('exact timestamps: day is compared with the local date of ts in the dataset zone', async () => {
    const lines = [HEADER, ...rows(10)]
    lines[4] = lines[4].replace('CDB001,2023-05-01', 'CDB001,2023-05-02')
    lines[7] = lines[7].replace('CDB001,2023-05-01', 'CDB001,2023-04-30')
    const [dataset] = await readExports([file('CDB001_day.csv', lines)])
    expect(dataset.readings.rows).toBe(10)
    expect(warning(dataset, 'day-mismatch')).toEqual({
      code: 'day-mismatch',
      message:
        'CDB001_day.csv: 2 rows whose day column is not the local date of ts in Europe/Brussels (the first at line 5: day 2023-05-02, ts on 2023-05-01).',
      count: 2,
    })
  })

  it('the local date, not the UTC one: 23:30 local is the same day, 00:30 local the next', async () => {
    const lines = [
      HEADER,
      'CDB001,2023-05-01,2023-05-01T21:30:00Z,1,0,1',
      'CDB001,2023-05-02,2023-05-01T22:30:00Z,1,0,1',
      'CDB001,2023-05-02,2023-05-01T23:30:00Z,1,0,1',
    ]
    const [dataset] = await readExports([file('CDB001_z.csv', lines)])
    expect(warning(dataset, 'day-mismatch')).toBeUndefined()
  })

  it('naive timestamps: judged as the file is read (UTC when late rows carry the next date, else local)', async () => {
    const utcLines = [
      HEADER,
      'CDB001,2022-05-08,2022-05-08 21:59:52,1,0,1',
      'CDB001,2022-05-09,2022-05-08 22:00:00,2,0,2',
      'CDB001,2022-05-09,2022-05-08 23:59:52,3,0,3',
    ]
    const [utc] = await readExports([file('CDB001_utc.csv', utcLines)])
    expect(utc.files[0].naive).toBe('utc')
    expect(warning(utc, 'day-mismatch')).toBeUndefined()
    // forced to local time, the late rows' next date contradicts their wall-clock date
    const [local] = await readExports([file('CDB001_utc.csv', utcLines)], { naive: 'local' })
    expect(warning(local, 'day-mismatch')).toMatchObject({
      count: 2,
      message: expect.stringContaining('(the first at line 3: day 2022-05-09, ts on 2022-05-08)'),
    })
  })
})

describe('home ids: names and file names are made of them, so only a safe shape is accepted', () => {
  const bad: [string, string][] = [
    ['<b>CDB001</b>', '"<b>CDB001</b>"'],
    ['../etc', '"../etc"'],
    ['a/b', '"a/b"'],
    ['a\\b', '"a\\\\b"'],
    ['CDB\u0001', '"CDB\\u0001"'],
    ['.hidden', '".hidden"'],
    ['a..b', '"a..b"'],
    ['x'.repeat(65), `"${'x'.repeat(40)}…"`],
  ]
  for (const [home, shown] of bad) {
    it(`refuses home_id ${JSON.stringify(home.slice(0, 20))}`, async () => {
      const lines = [HEADER, ...rows(3)]
      lines[3] = lines[3].replace('CDB001', home)
      await expect(readExports([file('bad-home.csv', lines)])).rejects.toThrow(
        `bad-home.csv, line 4: home_id ${shown} is not a valid home id: use letters, digits, "_", "-" and "." (not first, no ".."), at most 64 characters.`,
      )
    })
  }

  it('accepts the real shapes and letters, digits, _ - . within 64 characters', async () => {
    const homes = ['CDB001', 'ECHL01', 'home_2.b-3', 'x'.repeat(64)]
    const lines = [HEADER, ...homes.flatMap((home) => rows(2).map((line) => line.replace('CDB001', home)))]
    const datasets = await readExports([file('homes.csv', lines)])
    expect(datasets.map((d) => d.home)).toEqual(homes)
  })

  it('refuses a home id taken from a file name that is not of that shape, asking for a rename', async () => {
    const path = file('my <home>.csv', [
      ',main,P_cons',
      '2023-05-01 10:00:00+02:00,1,1',
      '2023-05-01 10:00:08+02:00,1,1',
    ])
    await expect(readExports([path])).rejects.toThrow(
      'my <home>.csv, line 1: home id (from the file name) "my <home>" is not a valid home id: use letters, digits, "_", "-" and "." (not first, no ".."), at most 64 characters; rename the file (e.g. CDB001.csv).',
    )
  })
})

describe('an extra column of text is ignored with a warning, the rest imported', () => {
  it('a text column from the first row on', async () => {
    const lines = [
      'home_id,day,ts,p_cons,p_prod,p_tot,note,voltage',
      ...rows(5).map((line, k) => `${line},${k === 2 ? 'meter swapped' : 'ok'},${230 + k}`),
    ]
    const [dataset] = await readExports([file('CDB001_note.csv', lines)])
    expect(dataset.readings.columnNames).toEqual(['p_cons', 'p_prod', 'p_tot', 'voltage'])
    expect(Array.from(dataset.readings.columns[3])).toEqual([230, 231, 232, 233, 234])
    expect(warning(dataset, 'column-ignored')).toEqual({
      code: 'column-ignored',
      message: 'CDB001_note.csv: column "note" ignored: it holds text ("ok" at line 2), not numbers.',
      count: 1,
    })
  })

  it('a column that turns to text half-way: its numbers before are dropped too, for this file only', async () => {
    const first = file('CDB001_a.csv', [
      'home_id,day,ts,p_cons,p_prod,p_tot,voltage',
      ...rows(3, 8).map((line, k) => `${line},${230 + k}`),
    ])
    const second = file('CDB001_b.csv', [
      'home_id,day,ts,p_cons,p_prod,p_tot,voltage',
      ...rows(4, 8, Date.UTC(2023, 4, 1, 9)).map((line, k) => `${line},${k === 2 ? 'n/a' : 240 + k}`),
    ])
    const [dataset] = await readExports([first, second])
    expect(dataset.readings.columnNames).toEqual(['p_cons', 'p_prod', 'p_tot', 'voltage'])
    expect(Array.from(dataset.readings.columns[3])).toEqual([230, 231, 232, NaN, NaN, NaN, NaN])
    expect(
      dataset.analysis.warnings.filter((w) => w.code === 'column-ignored').map((w) => w.message),
    ).toEqual(['CDB001_b.csv: column "voltage" ignored: it holds text ("n/a" at line 4), not numbers.'])
    // a power column is never ignored: text there refuses the file
    const power = file(
      'CDB001_c.csv',
      [HEADER, ...rows(2)].map((line, k) => (k === 2 ? line.replace(',101,', ',n/a,') : line)),
    )
    await expect(readExports([power])).rejects.toThrow(
      'CDB001_c.csv, line 3: p_cons value "n/a" is not a number.',
    )
  })
})

describe('text encodings', () => {
  const text = [HEADER, ...rows(3)].join('\r\n') + '\r\n'
  const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16()
  const cases: [string, Buffer, string][] = [
    ['le-bom.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'UTF-16LE'],
    ['be-bom.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]), 'UTF-16BE'],
    ['le.csv', Buffer.from(text, 'utf16le'), 'UTF-16LE'],
    ['be.csv', utf16be(text), 'UTF-16BE'],
  ]
  for (const [name, bytes, encoding] of cases) {
    it(`says a ${encoding} file${name.includes('bom') ? ' with a byte-order mark' : ''} is UTF-16, not binary`, async () => {
      const path = join(temp.dir, name)
      writeFileSync(path, bytes)
      await expect(readExports([path])).rejects.toThrow(
        `${name}, line 1: the file is UTF-16 text (${encoding}): save it as UTF-8 (Excel: "CSV UTF-8") and import it again.`,
      )
    })
  }

  it('reads UTF-8 with a byte-order mark, as without', async () => {
    const path = join(temp.dir, 'CDB001_bom.csv')
    writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))
    const [dataset] = await readExports([path])
    expect(dataset.readings.rows).toBe(3)
    expect(dataset.home).toBe('CDB001')
  })
})

describe('a dataset lists each warning code once', () => {
  it('sums the files’ counts and names the first three files', async () => {
    const paths = [0, 1, 2, 3, 4].map((k) => {
      const lines = [HEADER, ...rows(3, 8, Date.UTC(2023, 4, 1 + k, 8))]
      lines[2] = lines[2].replace(/^CDB001,\d{4}-\d\d-\d\d/, 'CDB001,2020-01-01')
      return file(`CDB001_${k}.csv`, lines)
    })
    const [dataset] = await readExports(paths)
    const days = dataset.analysis.warnings.filter((w) => w.code === 'day-mismatch')
    expect(days).toHaveLength(1)
    expect(days[0].count).toBe(5)
    expect(days[0].message).toBe(
      [0, 1, 2]
        .map(
          (k) =>
            `CDB001_${k}.csv: 1 rows whose day column is not the local date of ts in Europe/Brussels ` +
            `(the first at line 3: day 2020-01-01, ts on 2023-05-0${k + 1}).`,
        )
        .join(' ') + ' And 2 more like these.',
    )
  })
})
