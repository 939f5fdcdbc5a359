/**
 * Recognises the layout of a Voisin d'Énergie export from its header row (columns found by
 * name, case-insensitively, in any order) and says where each value lives. Layouts:
 * L1/L2/L6 long files with `home_id`, L3 wide single home (first header cell empty, meter
 * channels + `P_cons/P_prod/P_tot`), L4 wide group (`<home>_<channel>` columns), L5 substation
 * (refused: not a household).
 */
import { AppError } from '../../shared/result'

export const POWER_COLUMNS = ['p_cons', 'p_prod', 'p_tot'] as const
export type PowerColumn = (typeof POWER_COLUMNS)[number]

export type LayoutName = 'L1' | 'L2' | 'L3' | 'L4' | 'L6' | 'long'

/** A meter channel of a wide file: `PV-` is the reverse channel of `PV`. */
export interface Channel {
  /** header cell index */
  index: number
  /** channel name as stored (home prefix removed) */
  name: string
  /** production channel (its name mentions PV) */
  production: boolean
  /** reverse channel (name ends with `-`): counts negatively */
  reverse: boolean
}

/** Where one home's values are in a row. */
export interface HomeColumns {
  /** home id, or null when it is read per row from `home_id` */
  home: string | null
  /** header index of p_cons / p_prod / p_tot, or -1 */
  power: Record<PowerColumn, number>
  /** meter channels kept as extra series */
  channels: Channel[]
  /** p_cons/p_prod/p_tot are derived from the channels (group files) */
  derived: boolean
}

export interface Layout {
  name: LayoutName
  timestamp: number
  day: number
  homeId: number
  fieldCount: number
  homes: HomeColumns[]
  /** the header cells, trimmed */
  header: string[]
}

const HOME_PATTERN = /^(?:data_)?((?:CDB|ECH)[A-Z0-9]{3})/i
const GROUP_COLUMN = /^((?:CDB|ECH)[A-Z0-9]{3})_(.+)$/i
const TIMESTAMP_NAMES = new Set(['ts', 'timestamp', 'time', 'datetime', 'date_time'])
const IGNORED = new Set(['home_id', 'day', 'config_id', 'insertion_time', 'ip'])

/** Home id from a file name such as `CDB001_2022-05-01.csv` or `data_ECHL01_2023-05-01.csv`. */
export function homeFromFileName(fileName: string): string | null {
  const match = HOME_PATTERN.exec(fileName)
  return match ? match[1].toUpperCase() : null
}

function channel(index: number, name: string): Channel {
  const trimmed = name.trim()
  return {
    index,
    name: trimmed,
    production: /pv/i.test(trimmed),
    reverse: trimmed.endsWith('-'),
  }
}

/**
 * The layout of a file from its header cells; throws an AppError naming the file and line 1
 * when the header is not that of a household export.
 */
export function detectLayout(header: string[], fileName: string): Layout {
  const cells = header.map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'))
  const lower = cells.map((cell) => cell.toLowerCase())
  const where = `${fileName}, line 1`
  const shown = cells.slice(0, 8).join(', ') + (cells.length > 8 ? ', …' : '')
  let timestamp = lower.findIndex((cell) => TIMESTAMP_NAMES.has(cell))
  if (timestamp === -1 && cells.length > 1 && cells[0] === '') timestamp = 0
  const find = (name: string) => lower.indexOf(name)
  if (find('ip') !== -1 && find('active') !== -1 && find('p_cons') === -1) {
    throw new AppError(
      'invalid-input',
      `${where}: this is a substation (RTU) export (columns ${shown}), not a household's power; ` +
        'Voisin Forecast imports household exports (p_cons, p_prod, p_tot) only.',
    )
  }
  if (timestamp === -1) {
    throw new AppError(
      'invalid-input',
      `${where}: not a Voisin d'Énergie CSV export: the header has no timestamp column ` +
        `(ts, or an empty first cell for wide files); found: ${shown}.`,
    )
  }
  const power = {
    p_cons: find('p_cons'),
    p_prod: find('p_prod'),
    p_tot: find('p_tot'),
  }
  const homeId = find('home_id')
  const day = find('day')
  const channels: Channel[] = []
  for (let i = 0; i < cells.length; i++) {
    if (i === timestamp || IGNORED.has(lower[i]) || (POWER_COLUMNS as readonly string[]).includes(lower[i]))
      continue
    if (cells[i] === '') continue
    channels.push(channel(i, cells[i]))
  }
  const grouped = channels.map((c) => GROUP_COLUMN.exec(c.name))
  const isGroup = channels.length > 0 && grouped.every((m) => m !== null) && homeId === -1
  if (isGroup) {
    const homes = new Map<string, Channel[]>()
    channels.forEach((c, i) => {
      const [, home, name] = grouped[i]!
      const key = home.toUpperCase()
      homes.set(key, [...(homes.get(key) ?? []), channel(c.index, name)])
    })
    return {
      name: 'L4',
      timestamp,
      day,
      homeId,
      fieldCount: cells.length,
      header: cells,
      homes: [...homes].map(([home, list]) => ({
        home,
        power: { p_cons: -1, p_prod: -1, p_tot: -1 },
        channels: list,
        derived: true,
      })),
    }
  }
  if (power.p_cons === -1 && channels.length === 0) {
    throw new AppError(
      'invalid-input',
      `${where}: no power column: a household export needs p_cons (or meter channels); found: ${shown}.`,
    )
  }
  const home = homeId === -1 ? (homeFromFileName(fileName) ?? fileName.replace(/\.[^.]*$/, '')) : null
  const name: LayoutName =
    cells[timestamp] === ''
      ? 'L3'
      : find('config_id') !== -1
        ? 'L6'
        : timestamp === 0
          ? 'L2'
          : homeId === 0
            ? 'L1'
            : 'long'
  return {
    name,
    timestamp,
    day,
    homeId,
    fieldCount: cells.length,
    header: cells,
    homes: [{ home, power, channels, derived: power.p_cons === -1 }],
  }
}
