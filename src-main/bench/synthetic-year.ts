/**
 * A realistic year of 8-second data for one home (layout L1, offsets +01:00/+02:00), from a
 * fixed seed: daily and weekly rhythm, appliance bursts, PV by day, and the defects of real
 * exports: absent stretches and whole days, empty p_cons fields, zero-filled outages, spikes.
 */
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { ZoneClock } from '../data/zone'

/** mulberry32: small, fast, reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + n

/** Writes the file and returns the number of data rows. */
export async function writeSyntheticYear(path: string, seed = 20261125, year = 2023): Promise<number> {
  const random = seededRandom(seed)
  const clock = new ZoneClock('Europe/Brussels')
  const out = createWriteStream(path, { highWaterMark: 1 << 20 })
  out.write('home_id,day,ts,p_cons,p_prod,p_tot\n')
  const firstDay = clock.dayOfDate(`${year}-01-01`).epochDay
  const lastDay = clock.dayOfDate(`${year}-12-31`).epochDay
  let rows = 0
  let appliance = 0
  let outage = 0
  let absent = 0
  let emptyRun = 0
  for (let epochDay = firstDay; epochDay <= lastDay; epochDay++) {
    const day = clock.dayByNumber(epochDay)
    // three whole days missing in the year
    if (random() < 3 / 365) continue
    const weekend = (epochDay + 4) % 7 === 0 || (epochDay + 4) % 7 === 6
    const season = Math.cos(((epochDay - firstDay - 172) / 365) * 2 * Math.PI) // 1 in summer
    let block = ''
    for (let t = day.startMs; t < day.endMs; t += 8000) {
      if (absent > 0) {
        absent--
        continue
      }
      if (random() < 1 / 40_000) absent = Math.floor(random() * 900) // gaps up to 2 h
      const offset = clock.offsetAt(t)
      const local = t + offset
      const secondOfDay = Math.floor((local - epochDay * 86_400_000) / 1000)
      const hour = secondOfDay / 3600
      const timestamp =
        `${day.day} ${pad2(Math.floor(secondOfDay / 3600))}:${pad2(Math.floor(secondOfDay / 60) % 60)}:` +
        `${pad2(secondOfDay % 60)}${offset === 7_200_000 ? '+02:00' : '+01:00'}`
      let cons: string
      let prod: string
      let tot: string
      if (outage > 0) {
        outage--
        cons = prod = tot = '0.0'
      } else if (emptyRun > 0) {
        emptyRun--
        cons = ''
        prod = '0.0'
        tot = ''
      } else {
        if (random() < 1 / 30_000) outage = 100 + Math.floor(random() * 400)
        if (random() < 1 / 20_000) emptyRun = 50 + Math.floor(random() * 300)
        if (appliance > 0) appliance--
        else if (random() < (hour > 6 && hour < 23 ? 1 / 600 : 1 / 4000))
          appliance = 20 + Math.floor(random() * 200)
        const rhythm = 80 * Math.sin(((hour - 7) / 24) * 2 * Math.PI) + (weekend ? 60 : 0)
        let c = 180 + rhythm + (appliance > 0 ? 1800 : 0) + random() * 40
        const sun = hour > 6 && hour < 20 ? Math.max(0, Math.sin(((hour - 6) / 14) * Math.PI)) : 0
        const p = -(1500 + 1200 * season) * sun * (0.6 + 0.4 * random())
        if (random() < 1 / 500_000) c = random() < 0.5 ? 1_000_000 : -1_000_000
        cons = String(Math.fround(c))
        prod = String(Math.fround(p))
        tot = String(Math.fround(c + p))
      }
      block += `BEN001,${day.day},${timestamp},${cons},${prod},${tot}\n`
      rows++
      if (block.length > 1 << 20) {
        if (!out.write(block)) await once(out, 'drain')
        block = ''
      }
    }
    if (!out.write(block)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
  return rows
}
