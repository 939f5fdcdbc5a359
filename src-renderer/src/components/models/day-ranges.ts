/**
 * Days as runs of consecutive days: "2022-05-01 → 2022-05-12 (12 days)", so a model's kept and
 * removed days read at a glance. Days are local `YYYY-MM-DD` names; consecutive means the next
 * calendar date.
 */
export interface DayRun {
  first: string
  last: string
  days: number
}

const next = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 1)
  return d.toISOString().slice(0, 10)
}

export function dayRuns(days: readonly string[]): DayRun[] {
  const runs: DayRun[] = []
  for (const day of [...days].sort()) {
    const open = runs.at(-1)
    if (open && next(open.last) === day) {
      open.last = day
      open.days++
    } else if (!open || open.last !== day) runs.push({ first: day, last: day, days: 1 })
  }
  return runs
}

/** "2022-05-01 → 05-12 (12 days)" or "2022-05-14". */
export function dayRunText(run: DayRun): string {
  if (run.days === 1) return run.first
  const sameYear = run.first.slice(0, 4) === run.last.slice(0, 4)
  return `${run.first} → ${sameYear ? run.last.slice(5) : run.last} (${run.days} days)`
}
