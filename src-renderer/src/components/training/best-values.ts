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
