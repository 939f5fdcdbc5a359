/**
 * The clean table as CSV for pandas or R: `time_utc` (ISO-8601, Z), `time_local` (ISO-8601 with the
 * zone's offset of that instant), one column of watts per stored column (empty = no value), and
 * `flag` (see SlotFlag). Numbers are written with at most 3 decimals, no thousands separators.
 */
import { ZoneClock } from '../zone'
import type { CleanTable } from './clean-table'

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** `2022-03-27T03:00:00+02:00`: the local wall time of `ms` with the zone's offset then. */
export function localIso(ms: number, clock: ZoneClock): string {
  const offset = clock.offsetAt(ms)
  const wall = new Date(ms + offset).toISOString().slice(0, 19)
  const minutes = Math.round(offset / 60_000)
  const sign = minutes < 0 ? '-' : '+'
  return `${wall}${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`
}

const number = (v: number) => (Number.isNaN(v) ? '' : String(Math.round(v * 1000) / 1000))

export function tableToCsv(table: CleanTable): string {
  const clock = new ZoneClock(table.zone)
  const stepMs = table.intervalSeconds * 1000
  const lines = [['time_utc', 'time_local', ...table.columns.map((c) => `${c}_w`), 'flag'].join(',')]
  for (let s = 0; s < table.flags.length; s++) {
    const t = table.start + s * stepMs
    lines.push(
      [
        new Date(t).toISOString().replace('.000Z', 'Z'),
        localIso(t, clock),
        ...table.values.map((column) => number(column[s])),
        table.flags[s],
      ].join(','),
    )
  }
  return lines.join('\n') + '\n'
}
