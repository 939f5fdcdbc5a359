/**
 * The naive baselines' names in words: the one place that names them, for every view of the
 * renderer and the CLI's human output (plain data, the renderer may import it). The keys are the
 * ones of the JSON output and of the CSV columns (`persistence`, `sameTimeYesterday`, ...).
 */

export const BASELINE_KEYS = ['persistence', 'sameTimeYesterday', 'sameTimeLastWeek'] as const
export type BaselineKey = (typeof BASELINE_KEYS)[number]

const NAMES: Record<BaselineKey, string> = {
  persistence: 'Persistence (last value)',
  sameTimeYesterday: 'Same time yesterday',
  sameTimeLastWeek: 'Same time last week',
}

const EXPLANATIONS: Record<BaselineKey, string> = {
  persistence: 'repeats the last value before the forecast for every step',
  sameTimeYesterday: 'copies the value 24 hours before each forecast slot',
  sameTimeLastWeek: 'copies the value 7 days before each forecast slot',
}

/** "Persistence (last value)", "Same time yesterday": a table row or a chart legend. */
export function baselineName(key: string): string {
  return (NAMES as Record<string, string>)[key] ?? key
}

/** The same name inside a sentence: "persistence (last value)", "same time yesterday". */
export function baselineWords(key: string): string {
  const name = baselineName(key)
  return name === key ? key : name.charAt(0).toLowerCase() + name.slice(1)
}

/** What the baseline forecasts, for a tooltip: "Same time yesterday: copies the value 24 hours before…". */
export function baselineExplanation(key: string): string {
  const why = (EXPLANATIONS as Record<string, string>)[key]
  return why ? `${baselineName(key)}: ${why}.` : baselineName(key)
}

/**
 * How many of the candidate windows were scored, and why the others were not: a window is scored
 * only where every baseline has the history it needs, so a header's count of test windows and a
 * verdict's count differ by the windows left out.
 * "all 1,300 test windows scored" or "1,234 of 1,300 test windows scored (66 left out: a baseline lacked the history it needs)".
 */
export function scoredWindowsWords(
  windows: { total: number; evaluated: number; excluded: number },
  what = 'test windows',
): string {
  const n = (v: number) => v.toLocaleString('en')
  if (windows.excluded === 0) return `all ${n(windows.total)} ${what} scored`
  return (
    `${n(windows.evaluated)} of ${n(windows.total)} ${what} scored ` +
    `(${n(windows.excluded)} left out: a baseline lacked the history it needs)`
  )
}
