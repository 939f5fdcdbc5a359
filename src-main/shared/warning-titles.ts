/**
 * Dataset warnings in words: the heading the app and the CLI show for each warning code (the code
 * stays in `--json` and in `data-code` for scripts). Plain data, so the renderer may import it.
 */
const titles: Record<string, string> = {
  'no-readings': 'No consumption readings',
  spikes: 'Spikes (measurement glitches)',
  'negative-consumption': 'Negative consumption',
  'zero-runs': 'Outages filled with zeros',
  'flat-lines': 'Flat lines (stuck meter?)',
  'p-tot-mismatch': 'Total power disagrees with consumption + production',
  'mixed-intervals': 'Mixed sampling intervals',
  'conflicting-duplicates': 'Conflicting duplicate readings',
  'naive-timestamps': 'Timestamps without a time zone',
  'implausible-timestamps': 'Implausible timestamps skipped',
  'day-mismatch': 'Day column disagrees with the timestamps',
  'column-ignored': 'Column left out',
}

/** "Spikes (measurement glitches)" for `spikes`; an unknown code becomes its words ("some-code" → "Some code"). */
export function warningTitle(code: string): string {
  const known = titles[code]
  if (known) return known
  const words = code.replace(/[-_]+/g, ' ').trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}
