/**
 * The WebAssembly row scanner against the JavaScript line parser it stands in for: the same file parsed
 * both ways must leave bit-identical columns, the same file records and the same refusals.
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { makeTempDir, voisinFixtures } from '../../test-support/temp-dir'
import type { HomeAccumulator } from '../import/accumulator'
import { detectLayout } from '../import/layout'
import type { NaiveMode } from '../import/naive-timestamps'
import { parseExportFile } from '../import/parse-export'
import { RowScanner } from './row-scanner'
import { ZoneClock } from '../zone'

const temp = makeTempDir('vf-row-scanner-')
afterAll(() => temp.remove())

/** Every byte of every column of every home, keyed by home and column. */
function columnBytes(homes: Map<string, HomeAccumulator>): Record<string, Buffer> {
  const out: Record<string, Buffer> = {}
  const bytes = (view: ArrayBufferView) => Buffer.from(view.buffer, view.byteOffset, view.byteLength)
  for (const [home, accumulator] of homes) {
    out[`${home} instants`] = bytes(accumulator.instants.view())
    out[`${home} zero`] = bytes(accumulator.zero.view())
    for (const [name, column] of accumulator.columns) out[`${home} ${name}`] = bytes(column.view())
  }
  return out
}

/** Parses `path` as the import does; with `rowScanner` false every line goes through JavaScript. */
async function parse(path: string, rowScanner: boolean, naive: NaiveMode = 'auto') {
  const homes = new Map<string, HomeAccumulator>()
  try {
    const files = await parseExportFile(path, homes, {
      clock: new ZoneClock('Europe/Brussels'),
      naive,
      rowScanner,
    })
    return { files, columns: columnBytes(homes), segments: [...homes.values()].map((h) => h.segments.length) }
  } catch (error) {
    return { error: (error as Error).message }
  }
}

/** Parses both ways and expects the same outcome; returns it with the rows the scanner wrote. */
async function expectSameBothWays(path: string, naive: NaiveMode = 'auto') {
  const reference = await parse(path, false, naive)
  const scan = vi.spyOn(RowScanner.prototype, 'scan')
  const fast = await parse(path, true, naive)
  const scannedRows = scan.mock.results.reduce((sum, r) => sum + (r.value as { rows: number }).rows, 0)
  scan.mockRestore()
  expect(fast.error).toBe(reference.error)
  expect(fast.files).toEqual(reference.files)
  expect(fast.segments).toEqual(reference.segments)
  expect(Object.keys(fast.columns ?? {})).toEqual(Object.keys(reference.columns ?? {}))
  for (const [name, bytes] of Object.entries(reference.columns ?? {})) {
    expect(fast.columns![name].equals(bytes), `column ${name} differs`).toBe(true)
  }
  return { ...reference, scannedRows }
}

/** A small deterministic generator (the tests must not depend on Math.random). */
function lcg(seed: number) {
  let state = seed >>> 0
  return (n: number) => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0
    return Math.floor((state / 2 ** 32) * n) // the high bits: an LCG's low bits repeat with a short period
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** The check window of 2023-05-01 in Brussels, rows at +02:00 with that date in `day` (row-checks.ts). */
const mayDayWindow = {
  lo: Date.UTC(2023, 3, 30, 22),
  hi: Date.UTC(2023, 4, 1, 22),
  naive: false,
  offsetMinutes: 120,
  day: Buffer.from('2023-05-01'),
}

/** Cells of every form the scanner reads, and of forms it leaves to JavaScript. */
const VALUES = [
  '22.899999618530277',
  '-3957.0',
  '0',
  '0.0',
  '-0.0',
  '+5',
  ' 12.5 ',
  '',
  '1e3',
  '1.5E-2',
  '2.5e+1',
  '12.',
  '.5',
  '1234567890123456789012345',
  '0.000000000000000000000001',
  '1e-30',
  '7e400',
  'nan',
  'NaN',
  'null',
  '3.4028235e38',
  '0.1',
  'Infinity',
  '0x10',
]

const brussels = new ZoneClock('Europe/Brussels')

/**
 * A timestamp cell in any form the exports use: `brussels` with Brussels' offset in any spelling (a file
 * may not mix offsets off the zone's clock), `fixed` in UTC in any spelling (Z, +00:00 …), `naive`.
 */
function timestampCell(
  random: (n: number) => number,
  epochMs: number,
  zone: 'brussels' | 'fixed' | 'naive',
): string {
  const offsetMinutes = zone === 'brussels' ? brussels.offsetAt(epochMs) / 60_000 : 0
  const wall = new Date(epochMs + offsetMinutes * 60_000)
  const date = `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`
  const separator = [' ', 'T', 't'][random(3)]
  let time = `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`
  if (random(8) > 0) time += `:${pad(wall.getUTCSeconds())}`
  if (time.length === 8 && random(6) === 0) time += '.' + String(random(1_000_000)).slice(0, 1 + random(6))
  let cell = `${date}${separator}${time}`
  const hours = pad(offsetMinutes / 60)
  if (zone === 'brussels') cell += [`+${hours}:00`, `+${hours}00`, `+${hours}`][random(3)]
  if (zone === 'fixed') cell += ['Z', 'z', '+00:00', '+0000', '+00', '-00:00'][random(6)]
  return random(10) === 0 ? `"${cell}"` : random(10) === 0 ? ` ${cell} ` : cell
}

/** A long file of about `lines` rows, more than a read chunk, with odd lines sprinkled in. */
function generatedExport(
  name: string,
  zone: 'brussels' | 'fixed' | 'naive',
  lines: number,
  seed: number,
): string {
  const random = lcg(seed)
  const out = ['home_id,day,ts,p_cons,p_prod,p_tot']
  let t = Date.UTC(2023, 2, 25, 20, 0, 0)
  for (let k = 0; k < lines; k++) {
    t += 8000 + random(3) * 1000
    const home = random(500) === 0 ? 'CDB002' : 'CDB001'
    // the day column: mostly the local day, sometimes the next one (an exported UTC day)
    const dayDate = new Date(t + (random(4) === 0 ? 7_200_000 : 3_600_000))
    const day = `${dayDate.getUTCFullYear()}-${pad(dayDate.getUTCMonth() + 1)}-${pad(dayDate.getUTCDate())}`
    const value = () => (random(4) === 0 ? VALUES[random(VALUES.length)] : String(random(5000) / 10))
    let line = `${home},${day},${timestampCell(random, t, zone)},${value()},${value()},${value()}`
    if (random(200) === 0) line = '' // an empty line
    if (random(50) === 0) line += '\r'
    out.push(line)
  }
  const path = join(temp.dir, name)
  writeFileSync(path, out.join('\n') + '\n')
  return path
}

/** The first data lines of a file that refuses at line `line` (the header is line 1). */
function refusedExport(name: string, badLine: string, line: number): string {
  const rows = ['home_id,day,ts,p_cons,p_prod,p_tot']
  for (let k = 2; k < line; k++)
    rows.push(`CDB001,2023-05-01,2023-05-01 10:${pad(k % 60)}:00+02:00,${k},0,${k}`)
  rows.push(badLine, 'CDB001,2023-05-01,2023-05-01 11:00:00+02:00,1,0,1')
  const path = join(temp.dir, name)
  writeFileSync(path, rows.join('\n') + '\n')
  return path
}

/** Every CSV under a folder. */
function csvFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) return csvFiles(path)
    return entry.endsWith('.csv') ? [path] : []
  })
}

describe('WebAssembly row scanner', () => {
  it('reads every real export exactly as the JavaScript parser does, and most rows itself', async () => {
    const files = csvFiles(voisinFixtures)
    expect(files.length).toBeGreaterThan(10)
    let rows = 0
    let scanned = 0
    for (const path of files) {
      const outcome = await expectSameBothWays(path)
      rows += outcome.files?.reduce((sum, file) => sum + file.rows, 0) ?? 0
      scanned += outcome.scannedRows
    }
    // group files (sums of channels) and the lines with odd cells stay with JavaScript
    expect(scanned / rows).toBeGreaterThan(0.5)
  })

  it('reads generated long files with odd cells, two homes, empty and CRLF lines across read chunks', async () => {
    const exact = generatedExport('exact.csv', 'brussels', 60_000, 7)
    const fixed = generatedExport('fixed.csv', 'fixed', 60_000, 5)
    const naive = generatedExport('naive.csv', 'naive', 60_000, 11)
    expect(statSync(exact).size).toBeGreaterThan(2 << 20)
    for (const [path, mode] of [
      [exact, 'auto'],
      [fixed, 'auto'],
      [naive, 'auto'],
      [naive, 'utc'],
      [naive, 'local'],
    ] as const) {
      const outcome = await expectSameBothWays(path, mode)
      expect(outcome.error).toBeUndefined()
      const rows = outcome.files?.reduce((sum, file) => sum + file.rows, 0) ?? 0
      // the odd cells here are rarer than one row in three
      expect(outcome.scannedRows).toBeGreaterThan(rows * 0.6)
    }
  })

  it('leaves refusals to the JavaScript parser: same message, same line number', async () => {
    const cases: [string, string][] = [
      ['fields.csv', 'CDB001,2023-05-01,2023-05-01 10:00:00+02:00,1,0'],
      ['extra-field.csv', 'CDB001,2023-05-01,2023-05-01 10:00:00+02:00,1,0,1,9'],
      ['junk.csv', 'CDB001,2023-05-01,2023-05-01 10:00:00+02:00,12abc,0,1'],
      ['minus.csv', 'CDB001,2023-05-01,2023-05-01 10:00:00+02:00,1,-,1'],
      ['exponent.csv', 'CDB001,2023-05-01,2023-05-01 10:00:00+02:00,1,0,1e+'],
      ['timestamp.csv', 'CDB001,2023-05-01,2023-02-30 10:00:00+02:00,1,0,1'],
      ['hour.csv', 'CDB001,2023-05-01,2023-05-01 24:00:00+02:00,1,0,1'],
      ['offset.csv', 'CDB001,2023-05-01,2023-05-01 10:00:00+15:00,1,0,1'],
      [
        'home.csv',
        'CDB001,2023-05-01,2023-05-01 10:00:00+02:00,1,0,1\n,2023-05-01,2023-05-01 10:00:00,1,0,1',
      ],
    ]
    for (const [name, bad] of cases) {
      const outcome = await expectSameBothWays(refusedExport(name, bad, 5_000))
      expect(outcome.error).toMatch(new RegExp(`^${name}, line 50\\d\\d: `))
    }
  })

  it('gives the same check warnings and refusals as the JavaScript parser (day, 1970, text column, offsets, home id)', async () => {
    /** 3 000 rows at 30 s across local midnight, with the cells `edit` changes. */
    const checked = (name: string, edit: (k: number, cells: string[]) => void) => {
      const out = ['home_id,day,ts,p_cons,p_prod,p_tot,note']
      for (let k = 0; k < 3000; k++) {
        const wall = new Date(Date.UTC(2023, 4, 1, 8) + k * 30_000 + 7_200_000).toISOString()
        const cells = [
          'CDB001',
          wall.slice(0, 10),
          `${wall.slice(0, 10)} ${wall.slice(11, 19)}+02:00`,
          `${k}.5`,
        ]
        cells.push('0', `${k}.5`, String(k % 10))
        edit(k, cells)
        out.push(cells.join(','))
      }
      const path = join(temp.dir, name)
      writeFileSync(path, out.join('\n') + '\n')
      return path
    }
    const warned = checked('CDB001_checks.csv', (k, cells) => {
      if (k % 400 === 7) cells[1] = '2023-04-30' // a day that contradicts ts
      if (k % 700 === 11) cells[2] = cells[2].replace(/^2023/, '1970')
      if (k >= 1500) cells[6] = 'text'
    })
    const outcome = await expectSameBothWays(warned)
    expect(outcome.files![0].warnings.map((w) => [w.code, w.count])).toEqual([
      ['implausible-timestamps', 5],
      ['day-mismatch', 8],
      ['column-ignored', 1],
    ])
    expect(outcome.scannedRows).toBeGreaterThan(2000)
    const refusals: [string, (k: number, cells: string[]) => void, RegExp][] = [
      [
        'offsets.csv',
        (k, cells) => k === 2500 && (cells[2] = cells[2].replace('+02:00', '+01:00')),
        /^offsets\.csv, line 2502: mixed UTC offsets/,
      ],
      [
        'home.csv',
        (k, cells) => k === 2500 && (cells[0] = '../CDB001'),
        /^home\.csv, line 2502: home_id "\.\.\/CDB001"/,
      ],
      [
        'all-1970.csv',
        (_, cells) => (cells[2] = cells[2].replace(/^2023/, '1970')),
        /^all-1970\.csv, line 2: every timestamp of CDB001/,
      ],
    ]
    for (const [name, edit, message] of refusals) {
      expect((await expectSameBothWays(checked(name, edit))).error).toMatch(message)
    }
  })

  it('agrees with the JavaScript parser on lines damaged at random (property)', async () => {
    // one family of good lines per file: a file may not mix naive and zoned timestamps, nor UTC offsets
    const families = [
      [
        'CDB001,2023-05-01,2023-05-01 10:00:00+02:00,22.899999618530277,0.0,22.899999618530277',
        'CDB001,2023-05-01,2023-05-01T10:00:08.250+02,-3957.0,12.5,-3944.5',
        'CDB001,2023-05-01,2023-05-01 10:00:16+0200,0,0,0',
      ],
      [
        'CDB001,2023-05-01,2023-05-01T08:00:00Z,22.899999618530277,0.0,22.899999618530277',
        'CDB001,2023-05-01,2023-05-01 08:00:08.250z,-3957.0,12.5,-3944.5',
        'CDB001,2023-05-01,2023-05-01 08:00:16+00:00,0,0,0',
      ],
      [
        'CDB001,2023-10-29,2023-10-29 02:30:00,1e3,,1000',
        'CDB001,2023-10-29,2023-10-29 23:30:00.5,170.31216430664062,0,170.31216430664062',
        'CDB001,2023-10-30,2023-10-29 23:45,5,-2.5,2.5',
      ],
    ]
    // bytes a damaged cell may gain: digits, separators and signs the parsers treat specially, junk
    const alphabet = '0123456789.,-+:eEZT "\rxn'
    let file = 0
    let parsed = 0
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: families.length - 1 }),
        fc.array(
          fc.record({
            line: fc.integer({ min: 0, max: 2 }),
            at: fc.nat(),
            cut: fc.integer({ min: 0, max: 2 }),
            insert: fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 3 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        async (family, edits) => {
          const good = families[family]
          const rows = edits.map(({ line, at, cut, insert }) => {
            const text = good[line]
            const where = at % (text.length + 1)
            return text.slice(0, where) + insert + text.slice(where + cut)
          })
          const path = join(temp.dir, `damaged-${file++}.csv`)
          writeFileSync(
            path,
            ['home_id,day,ts,p_cons,p_prod,p_tot', ...good, ...rows, ...good].join('\n') + '\n',
          )
          if ((await expectSameBothWays(path)).error === undefined) parsed++
        },
      ),
      { numRuns: 200 },
    )
    // some damage is harmless (a digit more, a space, a CR): both parsers then store the same columns
    expect(parsed).toBeGreaterThan(10)
  })

  it('stops before a line it leaves to JavaScript, having counted only the lines before it', () => {
    const header = 'home_id,day,ts,p_cons,p_prod,p_tot'
    const layout = detectLayout(header.split(','), 'a.csv')
    const scanner = RowScanner.create(layout, layout.homes[0])!
    const lines = [
      'CDB001,2023-05-01,2023-05-01 10:00:00+02:00,1.5,0,1.5',
      '',
      'CDB001,2023-05-01,2023-05-01 12:00:08+0200,0,0,0',
      'CDB001,2023-05-01,2023-05-01 10:00:16+02:00,nan,0,1',
    ]
    const piece = Buffer.from(lines.join('\n') + '\n')
    expect(scanner.setHome(Buffer.from('CDB001'))).toBe(true)
    expect(scanner.load(piece)).toBe(true)
    // the check window JavaScript opens at the first row of the day (row-checks.ts)
    scanner.setWindow(mayDayWindow)
    const outcome = scanner.scan(0, piece.length)
    expect(outcome).toMatchObject({ rows: 2, lines: 3, exactRows: 2, naiveRows: 0, lineForJavaScript: true })
    expect(piece.toString('latin1', outcome.stop)).toBe(lines[3] + '\n')
    expect([...scanner.instants(2)]).toEqual([Date.UTC(2023, 4, 1, 8, 0, 0), Date.UTC(2023, 4, 1, 10, 0, 8)])
    expect([...scanner.values(0, 2)]).toEqual([1.5, 0])
    expect([...scanner.zero(2)]).toEqual([0, 1])
  })

  it('leaves every row outside the check window to JavaScript', () => {
    const header = 'home_id,day,ts,p_cons,p_prod,p_tot'
    const layout = detectLayout(header.split(','), 'a.csv')
    const inside = 'CDB001,2023-05-01,2023-05-01 10:00:00+02:00,1.5,0,1.5'
    const outside = [
      'CDB001,2023-05-02,2023-05-01 10:00:08+02:00,1,0,1', // another day cell
      'CDB001,2023-05-01 ,2023-05-01 10:00:08+02:00,1,0,1', // the same date, but not the same 10 bytes
      'CDB001,2023-05-01,2023-05-01 08:00:08Z,1,0,1', // the same instant, another designator
      'CDB001,2023-05-01,2023-05-01 23:00:08+01:00,1,0,1', // another offset, the next day
      'CDB001,2023-05-01,2023-05-02 00:00:00+02:00,1,0,1', // the window's end: the next local day
      'CDB001,2023-05-01,2023-05-01 10:00:08,1,0,1', // naive
    ]
    for (const line of outside) {
      const scanner = RowScanner.create(layout, layout.homes[0])!
      const piece = Buffer.from(`${inside}\n${line}\n`)
      scanner.setHome(Buffer.from('CDB001'))
      scanner.load(piece)
      scanner.setWindow(mayDayWindow)
      const outcome = scanner.scan(0, piece.length)
      expect(outcome, line).toMatchObject({ rows: 1, lines: 1, lineForJavaScript: true })
      expect(piece.toString('latin1', outcome.stop), line).toBe(line + '\n')
    }
    // an empty window (lo = hi), as before JavaScript opened one: not even the first row
    const scanner = RowScanner.create(layout, layout.homes[0])!
    const piece = Buffer.from(`${inside}\n`)
    scanner.setHome(Buffer.from('CDB001'))
    scanner.load(piece)
    expect(scanner.scan(0, piece.length)).toMatchObject({ rows: 0, stop: 0, lineForJavaScript: true })
  })

  it('is not made for group files, whose powers are sums of channels', () => {
    const header = ',CDB001_Mains,CDB001_PV,CDB002_Mains,CDB002_PV'.split(',')
    const layout = detectLayout(header, 'group.csv')
    expect(layout.homes.every((home) => home.derived)).toBe(true)
    expect(RowScanner.create(layout, layout.homes[0])).toBeNull()
  })
})
