import type { DatasetWarning } from '../../../../src-main/shared/contract'
import { warningTitle } from '../../../../src-main/shared/warning-titles'

/** Warnings shown together because they come from the same readings, under a heading in words. */
export interface WarningGroup {
  code: string
  title: string
  warning: DatasetWarning
  /** other warnings about (probably) the same readings */
  related: DatasetWarning[]
}

/** A spike's sign and p_tot used to be counted again by these warnings (datasets imported before). */
const COUNTED_WITH_SPIKES = ['negative-consumption', 'p-tot-mismatch']

/**
 * One group per warning, except that a dataset imported before spikes were counted once (its spike
 * warning does not say so) shows its negative and p_tot warnings under the spike one when they count
 * no more readings than it: one glitch row, one entry.
 */
export function groupWarnings(warnings: DatasetWarning[]): WarningGroup[] {
  const spikes = warnings.find((w) => w.code === 'spikes')
  const countedOnce = spikes?.message.includes('do not count') ?? true
  const absorbed = (w: DatasetWarning) =>
    !countedOnce && spikes !== undefined && COUNTED_WITH_SPIKES.includes(w.code) && w.count <= spikes.count
  return warnings
    .filter((w) => !absorbed(w))
    .map((warning) => ({
      code: warning.code,
      title: warningTitle(warning.code),
      warning,
      related: warning.code === 'spikes' ? warnings.filter(absorbed) : [],
    }))
}
