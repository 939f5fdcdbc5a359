/**
 * The series a backtest cuts into folds: each dataset's cleaned series at the run's resolution, with
 * its usable kept days (a household, a community total, or every home of a global model).
 */
import { loadCleanSeries } from '../../data/cleaning/clean-series'
import type { Queryable } from '../../db/library'
import { AppError } from '../../shared/result'
import { RESOLUTIONS } from '../../shared/training-params'
import type { ModelParams } from '../pipeline'
import { daySlotRange } from '../split'
import type { FoldSeries } from './fold-work'

export async function loadFoldSeries(
  library: Queryable,
  params: ModelParams,
  datasetIds: number[],
): Promise<{ series: FoldSeries[]; zone: string; skipped: string[] }> {
  const series: FoldSeries[] = []
  const zones = new Set<string>()
  const skipped: string[] = []
  for (const datasetId of datasetIds) {
    const clean = await loadCleanSeries(library, datasetId, params.column, {
      ...(params.minCompleteness !== undefined && { minCompleteness: params.minCompleteness }),
      ...(params.zeroRowsAsMissing !== undefined && { treatZeroRowsAsMissing: params.zeroRowsAsMissing }),
      resampleSeconds: RESOLUTIONS[params.resolution],
    })
    const grid = { start: clean.start, intervalMs: clean.intervalSeconds * 1000, values: clean.values }
    const days = clean.keptDays.filter((day) => {
      const { from, to } = daySlotRange(grid, day, clean.zone)
      for (let t = from; t < to; t++) if (Number.isFinite(grid.values[t])) return true
      return false
    })
    if (days.length === 0) {
      skipped.push(`${clean.home} was left out: no complete day.`)
      continue
    }
    zones.add(clean.zone)
    series.push({
      datasetId,
      home: clean.home,
      start: grid.start,
      intervalMs: grid.intervalMs,
      values: grid.values,
      days,
    })
  }
  if (series.length === 0)
    throw new AppError(
      'invalid-input',
      `No usable day in dataset ${datasetIds.join(', ')}: lower the completeness threshold.`,
    )
  if (zones.size > 1 || new Set(series.map((s) => s.intervalMs)).size > 1)
    throw new AppError(
      'invalid-request',
      'The homes of a global backtest need one time zone and one interval: choose a common resolution (15min or 1h).',
    )
  return { series, zone: [...zones][0], skipped }
}
