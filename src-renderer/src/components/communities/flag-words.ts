import { warningHelp } from '../datasets/warning-help'

/** Short words for a home's flags in the community table (its import warnings and the total's own flags). */
const FLAG_WORDS: Record<string, string> = {
  'negative-consumption': 'negative consumption',
  spikes: 'spikes',
  'zero-runs': 'zero-filled outages',
  'flat-lines': 'stuck readings',
  'p-tot-mismatch': 'p_tot ≠ p_cons + p_prod',
  'mixed-intervals': 'off-grid readings',
  'conflicting-duplicates': 'conflicting duplicates',
  'naive-timestamps': 'timestamps without zone',
  'no-readings': 'no readings',
  'implausible-timestamps': 'implausible timestamps',
  'day-mismatch': 'day column mismatch',
  'column-ignored': 'column ignored',
  'sign-flipped': 'recorded backwards (flipped in the sums)',
  'left-out': 'left out of the total',
}

const FLAG_HELP: Record<string, string> = {
  ...warningHelp,
  'sign-flipped':
    'Some of its days were recorded with the sign reversed (negative consumption at night); the total flips them back.',
  'left-out':
    'The total sums only the slots where every included home reports; this home would leave too few of them.',
}

/** A flag in words, with its explanation (unknown codes are shown as they are). */
export function flagWords(code: string): { text: string; help: string } {
  return { text: FLAG_WORDS[code] ?? code.replace(/-/g, ' '), help: FLAG_HELP[code] ?? '' }
}
