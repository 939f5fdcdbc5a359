/**
 * Where a forecast with a saved model may start on a dataset: a start is valid when the model's
 * seqLen input slots before it are all known on the dataset's cleaned grid at the model's
 * resolution (no gap, no removed day). The Forecast panel offers only these; a refused start is
 * answered with the nearest of them.
 */
import { ZoneClock } from '../data/zone'
import type { Queryable } from '../db/library'
import type { ForecastStarts } from '../shared/model-schemas'
import { loadForecastGrid } from './forecast-grid'

/** Valid first-forecast slots `first..last` (inclusive offsets on the grid). */
export interface StartRun {
  first: number
  last: number
}

/**
 * The runs of valid starts: offset `o` (the first forecast slot) is valid when slots
 * [o − seqLen, o) are all known. `o` may be `values.length`: a forecast right after the data.
 * @param values Float64Array [n] watts, NaN = missing
 */
export function validStartRuns(values: Float64Array, seqLen: number): StartRun[] {
  const runs: StartRun[] = []
  let known = 0 // known slots in a row just before o
  for (let o = 1; o <= values.length; o++) {
    known = Number.isFinite(values[o - 1]) ? known + 1 : 0
    if (known < seqLen) continue
    const open = runs.at(-1)
    if (open && open.last === o - 1) open.last = o
    else runs.push({ first: o, last: o })
  }
  return runs
}

/**
 * The latest valid start whose next `horizon` slots are all known too, so the whole forecast can
 * be scored against actual values; null when no start has that.
 */
export function lastFullyObservedStart(
  values: Float64Array,
  runs: StartRun[],
  horizon: number,
): number | null {
  // known[o]: known slots in a row from o on
  const knownFrom = new Int32Array(values.length + 1)
  for (let t = values.length - 1; t >= 0; t--)
    knownFrom[t] = Number.isFinite(values[t]) ? knownFrom[t + 1] + 1 : 0
  for (let r = runs.length - 1; r >= 0; r--) {
    for (let o = runs[r].last; o >= runs[r].first; o--) if (knownFrom[o] >= horizon) return o
  }
  return null
}

/** The run nearest to offset `o` (the one holding it, else the closest by either end). */
export function nearestRun(runs: StartRun[], o: number): StartRun | null {
  let best: StartRun | null = null
  let distance = Infinity
  for (const run of runs) {
    const d = o < run.first ? run.first - o : o > run.last ? o - run.last : 0
    if (d < distance) {
      best = run
      distance = d
    }
  }
  return best
}

/** `2022-05-31T00:00:00+02:00`: the instant as the dataset's clock shows it, and as `--from` accepts it. */
export function isoInZone(ms: number, clock: ZoneClock): string {
  const offset = clock.offsetAt(ms)
  const wall = new Date(ms + offset).toISOString().slice(0, 19)
  const minutes = Math.abs(offset) / 60_000
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0')
  const mm = String(minutes % 60).padStart(2, '0')
  return `${wall}${offset < 0 ? '-' : '+'}${hh}:${mm}`
}

/**
 * What to choose instead of a refused start at offset `o`: the nearest range of valid starts and the
 * latest one, in the dataset's zone. Null when the dataset has no valid start at all.
 */
export function startAdvice(
  runs: StartRun[],
  o: number,
  grid: { start: number; intervalMs: number },
  zone: string,
): string | null {
  const nearest = nearestRun(runs, o)
  if (!nearest) return null
  const clock = new ZoneClock(zone)
  const at = (offset: number) => isoInZone(grid.start + offset * grid.intervalMs, clock)
  const range =
    nearest.first === nearest.last
      ? `the nearest valid start is ${at(nearest.first)}`
      : `the nearest valid starts run from ${at(nearest.first)} to ${at(nearest.last)}`
  const last = runs[runs.length - 1].last
  return nearest.last === last ? `${range} (the latest)` : `${range}; the latest is ${at(last)}`
}

/** `model:forecastStarts`: the valid starts of a model's forecast on a dataset, and the defaults the panel offers. */
export async function forecastStarts(
  q: Queryable,
  request: { modelId: number; datasetId: number; horizon?: number },
): Promise<ForecastStarts> {
  const { manifest, grid, zone } = await loadForecastGrid(q, request.modelId, request.datasetId, false)
  const seqLen = manifest.window.seqLen
  const horizon = request.horizon ?? manifest.window.predSize
  const runs = validStartRuns(grid.values, seqLen)
  const instant = (offset: number) => grid.start + offset * grid.intervalMs
  const scored = lastFullyObservedStart(grid.values, runs, horizon)
  return {
    modelId: request.modelId,
    datasetId: request.datasetId,
    zone,
    step: manifest.intervalSeconds,
    seqLen,
    horizon,
    ranges: runs.map((run) => ({ from: instant(run.first), to: instant(run.last) })),
    last: runs.length > 0 ? instant(runs[runs.length - 1].last) : null,
    lastFullyObserved: scored === null ? null : instant(scored),
  }
}
