/**
 * The community total as a dataset of its own (kind 'community-total'), so everything the app does with
 * a household (plot, clean, train, forecast, evaluate) works on it unchanged. Its readings are the
 * complete slots of the total; its derivation (members included and left out, with why, sign flips and
 * each member's recipe) is stored with it and copied into every model trained on it. Rebuilding
 * replaces the content under the same dataset id, in one transaction.
 */
import { createHash } from 'node:crypto'
import type { Library, Queryable } from '../db/library'
import { analyseReadings } from '../data/analysis/analyse-readings'
import type { PreparedDataset } from '../data/import/read-exports'
import type { CleaningRecipe } from '../data/cleaning/clean-series'
import { classifyDays } from '../data/cleaning/cleaning'
import { writeDatasetContent } from '../data/store/store-datasets'
import { ZoneClock } from '../data/zone'
import { AppError } from '../shared/result'
import { getCommunity } from './community-store'
import {
  computeCommunityTotal,
  type CommunityTotal,
  type TotalMember,
  type TotalOptions,
} from './community-total'
import { totalHomeName } from './grouping'

/** What a total dataset records about how it was made (datasets.derivation, JSON). */
export interface TotalDerivation {
  kind: 'community-total'
  communityId: number
  communityName: string
  builtAt: string
  members: TotalMember[]
  completeShare: number
  /** the options it was built with (the homes the user chose) */
  options: TotalOptions
  /** hash of the members' data and recipes: a different value means the total is out of date */
  fingerprint: string
}

/**
 * The total's own recipe: its readings are sums of cleaned series, so no spike or zero-row filter
 * (a community may well exceed 100 kW) and no sign flip; a day is kept when enough of its slots are
 * complete, with the same default threshold as a home.
 */
export function totalRecipe(intervalSeconds: number): CleaningRecipe {
  return {
    minCompleteness: 0.9,
    dropZeroDominatedDays: false,
    fillGapsUpToSeconds: intervalSeconds,
    flipSign: false,
    spikeThresholdW: null,
    treatZeroRowsAsMissing: false,
    resampleSeconds: null,
  }
}

/** Hash of what the total depends on: which homes, their imported readings and their recipes. */
export async function totalFingerprint(
  q: Queryable,
  communityId: number,
  options: TotalOptions,
): Promise<string> {
  const community = await getCommunity(q, communityId)
  const ids = community.homes.map((h) => h.datasetId)
  const rows = ids.length
    ? await q.all<{ id: number; readings: number; recipe: string | null; cleaned_at: string | null }>(
        `SELECT id, readings, recipe, cleaned_at FROM datasets WHERE id IN (${ids.map(() => '?').join(', ')}) ORDER BY id`,
        ids,
      )
    : []
  return createHash('sha256')
    .update(JSON.stringify({ rows, homes: options.homes ?? null, choose: options.choose ?? false }))
    .digest('hex')
    .slice(0, 32)
}

function preparedTotal(total: CommunityTotal): PreparedDataset {
  const { grid } = total
  const intervalMs = grid.intervalSeconds * 1000
  const slots: number[] = []
  for (let t = 0; t < grid.slots; t++) if (Number.isFinite(total.cons[t])) slots.push(t)
  if (slots.length < 2)
    throw new AppError(
      'invalid-input',
      `The total of ${total.communityName} has ${slots.length} complete slot(s): its included homes are never reporting together.`,
    )
  const n = slots.length
  const instants = new Float64Array(n)
  const columns = [new Float32Array(n), new Float32Array(n), new Float32Array(n)]
  for (let k = 0; k < n; k++) {
    const t = slots[k]
    instants[k] = grid.start + t * intervalMs
    columns[0][k] = total.cons[t]
    columns[1][k] = total.prod[t]
    columns[2][k] = total.tot[t]
  }
  const home = totalHomeName(total.communityName)
  const readings = {
    home,
    instants,
    columnNames: ['p_cons', 'p_prod', 'p_tot'],
    columns,
    zero: new Uint8Array(n),
    rows: n,
    duplicates: 0,
    conflicting: 0,
  }
  const analysis = analyseReadings(readings, new ZoneClock(grid.zone))
  // the total's readings are sums of cleaned series: the import warnings about raw files do not apply
  analysis.warnings = analysis.warnings.filter((w) => w.code !== 'negative-consumption')
  return { home, zone: grid.zone, readings, analysis, files: [] }
}

/**
 * Builds (or rebuilds, when its members' data or recipes changed) the dataset holding a community's
 * total and returns its id. Unchanged totals are returned as they are.
 */
export async function ensureTotalDataset(
  library: Library,
  communityId: number,
  options: TotalOptions = {},
): Promise<{ datasetId: number; rebuilt: boolean; derivation: TotalDerivation }> {
  const fingerprint = await totalFingerprint(library, communityId, options)
  const existing = await library.get<{ id: number; derivation: string | null }>(
    `SELECT id, derivation FROM datasets WHERE kind = 'community-total' AND source_community_id = ? AND deleted_at IS NULL ORDER BY id DESC LIMIT 1`,
    [communityId],
  )
  if (existing?.derivation) {
    const derivation = JSON.parse(existing.derivation) as TotalDerivation
    if (derivation.fingerprint === fingerprint) return { datasetId: existing.id, rebuilt: false, derivation }
  }
  const total = await computeCommunityTotal(library, communityId, options)
  const prepared = preparedTotal(total)
  const derivation: TotalDerivation = {
    kind: 'community-total',
    communityId,
    communityName: total.communityName,
    builtAt: new Date().toISOString(),
    members: total.members,
    completeShare: total.completeShare,
    options: { ...(options.homes && { homes: options.homes }), ...(options.choose && { choose: true }) },
    fingerprint,
  }
  const recipe = totalRecipe(prepared.analysis.intervalSeconds)
  const { keptDays, removedDays } = classifyDays(prepared.analysis.days, recipe)
  if (keptDays.length === 0) {
    const sparse = [...total.members]
      .filter((m) => m.included)
      .sort((a, b) => a.coverage - b.coverage)
      .slice(0, 3)
      .map((m) => `${m.home} (readings in ${Math.round(m.coverage * 100)} % of the slots)`)
    throw new AppError(
      'invalid-input',
      `The total of ${total.communityName}'s ${total.members.filter((m) => m.included).length} homes is complete ` +
        `(all of them reporting) on ${Math.round(total.completeShare * 100)} % of the slots and on no whole day: ` +
        `leave out the sparsest homes (${sparse.join(', ')}), or let the app choose (no list of homes).`,
    )
  }
  const { readings, analysis } = prepared
  const row = [
    prepared.home,
    `${total.communityName} total (${total.members.filter((m) => m.included).length} homes)`,
    prepared.zone,
    analysis.intervalSeconds,
    readings.instants[0],
    readings.instants[readings.instants.length - 1],
    readings.rows,
    readings.instants.length,
    0,
    JSON.stringify(readings.columnNames),
    JSON.stringify(analysis.stats),
    JSON.stringify(analysis.warnings),
    JSON.stringify(recipe),
    JSON.stringify(keptDays),
    JSON.stringify(removedDays),
    JSON.stringify(derivation),
  ]
  const datasetId = await library.transaction(async (tx) => {
    let id: number
    if (existing) {
      id = existing.id
      for (const table of ['dataset_files', 'dataset_days', 'dataset_readings', 'dataset_summaries'])
        await tx.run(`DELETE FROM ${table} WHERE dataset_id = ?`, [id])
      await tx.run(
        `UPDATE datasets SET home = ?, name = ?, zone = ?, interval_seconds = ?, start_ms = ?, end_ms = ?, rows = ?,
           readings = ?, duplicates = ?, columns = ?, stats = ?, warnings = ?, recipe = ?, kept_days = ?,
           removed_days = ?, derivation = ?, cleaned_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
        [...row, id],
      )
    } else {
      id = (
        await tx.run(
          `INSERT INTO datasets (home, name, zone, interval_seconds, start_ms, end_ms, rows, readings, duplicates, columns,
             stats, warnings, recipe, kept_days, removed_days, derivation, cleaned_at, kind, source_community_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'community-total', ?)`,
          [...row, communityId],
        )
      ).lastID
    }
    await writeDatasetContent(tx, id, prepared)
    return id
  })
  return { datasetId, rebuilt: true, derivation }
}
