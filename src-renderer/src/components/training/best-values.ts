/**
 * Which of several figures is best as a table shows them (rounded to `digits`): every index tied at
 * the best shown value, and none when there is no contest (fewer than two values, or every value
 * shown the same, as 37.7 against 37.7), so a highlight never picks a winner the reader cannot see.
 */
export function bestShown(values: (number | null)[], digits: number, direction: 'low' | 'high'): number[] {
  const shown = values.map((v) => (v === null || !Number.isFinite(v) ? null : Number(v.toFixed(digits))))
  const present = shown.filter((v): v is number => v !== null)
  if (present.length < 2) return []
  const best = direction === 'low' ? Math.min(...present) : Math.max(...present)
  const winners = shown.flatMap((v, k) => (v === best ? [k] : []))
  return winners.length === present.length ? [] : winners
}

/** The figures' columns of every verdict table: the key, its header, its digits and which way is better. */
export const METRIC_COLUMNS = [
  { key: 'mae', header: 'MAE (W)', digits: 1, better: 'low' },
  { key: 'rmse', header: 'RMSE (W)', digits: 1, better: 'low' },
  { key: 'mape', header: 'MAPE (%)', digits: 1, better: 'low' },
  { key: 'smape', header: 'sMAPE (%)', digits: 1, better: 'low' },
  { key: 'r2', header: 'R²', digits: 3, better: 'high' },
] as const

export type MetricColumnKey = (typeof METRIC_COLUMNS)[number]['key']

/** Per column, the rows holding its best value as shown (none on a displayed tie). */
export function bestRowsPerColumn(
  value: (row: number, key: MetricColumnKey) => number | null,
  rowCount: number,
): Record<MetricColumnKey, Set<number>> {
  return Object.fromEntries(
    METRIC_COLUMNS.map((c) => [
      c.key,
      new Set(
        bestShown(
          Array.from({ length: rowCount }, (_, row) => value(row, c.key)),
          c.digits,
          c.better,
        ),
      ),
    ]),
  ) as Record<MetricColumnKey, Set<number>>
}
