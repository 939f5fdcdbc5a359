/**
 * A backtest in words and plain numbers: the p-value as people read it, the Diebold–Mariano verdict,
 * the options, and the per-fold skill chart's data (skill per fold, the mean, ±1 sd).
 */
import type { BacktestSummary, FoldResult } from '../../../../src-main/shared/backtest-schemas'
import type { ChartSeries } from '../charts/chart-data'
import { baselineWords as namedBaseline } from '../../../../src-main/shared/baseline-names'

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
}
const superscript = (n: number) => [...String(n)].map((c) => SUPERSCRIPT[c] ?? c).join('')

/** "0.383", "0.0038", "5.2 × 10⁻⁵", "< 10⁻¹⁶" (below what a double resolves next to 1). */
export function formatPValue(p: number): string {
  if (!Number.isFinite(p)) return '–'
  if (p < 1e-16) return `< 10${superscript(-16)}`
  if (p >= 0.01) return p.toFixed(3)
  if (p >= 0.001) return p.toPrecision(2)
  const exponent = Math.floor(Math.log10(p))
  const mantissa = p / 10 ** exponent
  // 9.96e-5 rounds to "10.0": carry into the exponent
  return mantissa.toFixed(1) === '10.0'
    ? `1.0 × 10${superscript(exponent + 1)}`
    : `${mantissa.toFixed(1)} × 10${superscript(exponent)}`
}

/** The significance level the verdict uses. */
export const DM_LEVEL = 0.05

export type DieboldMariano = NonNullable<BacktestSummary['dieboldMariano']>

/** The baseline's name as the tables write it. */
export function baselineWords(name: string | null | undefined): string {
  return name ? namedBaseline(name) : 'the best baseline'
}

/** The test's verdict in plain words: significant at 5 % or not, and in whose favour. */
export function dmVerdict(dm: DieboldMariano): { significant: boolean; text: string } {
  const significant = dm.pValue < DM_LEVEL
  const baseline = baselineWords(dm.against)
  if (!significant)
    return {
      significant,
      text: `Not significant at 5 %: the difference between the LSTM's errors and ${baseline}'s could be chance.`,
    }
  return {
    significant,
    text:
      dm.statistic < 0
        ? `Significant at 5 %: the LSTM's errors are smaller than ${baseline}'s.`
        : `Significant at 5 %: ${baseline}'s errors are smaller than the LSTM's (the model is worse).`,
  }
}

/** "3 folds × 7 kept days · expanding window · refit every fold · no gap" */
export function optionsWords(options: Record<string, unknown>): string {
  const folds = Number(options.folds ?? 5)
  const parts = [
    `${folds} fold${folds === 1 ? '' : 's'} × ${Number(options.blockDays ?? 7)} kept days`,
    options.window === 'fixed'
      ? `fixed window${options.trainDays ? ` of ${Number(options.trainDays)} days` : ''}`
      : 'expanding window',
    options.refit === 'once'
      ? 'trained once (fold 1)'
      : typeof options.refit === 'number' && options.refit > 1
        ? `refit every ${options.refit} folds`
        : 'refit every fold',
    Number(options.gapDays ?? 0) > 0 ? `gap of ${Number(options.gapDays)} days` : 'no gap',
  ]
  if (options.warmStart) parts.push('warm start')
  return parts.join(' · ')
}

/** `value` with a sign: "+0.123", "−0.045", "–". */
const signed = (value: number | null) =>
  value === null || !Number.isFinite(value) ? '–' : `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(3)}`

/** "+0.226 ± 0.045" (the sd once there are two folds). */
export function skillSpread(summary: Pick<BacktestSummary, 'skillMean' | 'skillStd'>): string {
  const mean = signed(summary.skillMean)
  return summary.skillStd === null ? mean : `${mean} ± ${summary.skillStd.toFixed(3)}`
}

/**
 * The per-fold skill chart: a bar per fold done, the mean across them, and a band of ±1 sd around
 * it (its bounds are columns of the chart's CSV). Folds without a verdict are gaps.
 */
export function foldSkillSeries(
  folds: Pick<FoldResult, 'fold' | 'test'>[],
  summary: Pick<BacktestSummary, 'skillMean' | 'skillStd'> | null,
): ChartSeries[] {
  const x = folds.map((f) => f.fold)
  const series: ChartSeries[] = [
    {
      label: 'skill',
      x,
      y: folds.map((f) => f.test.skill ?? NaN),
      bars: true,
      colorIndex: 0,
    },
  ]
  const mean = summary?.skillMean ?? null
  if (mean === null || x.length === 0) return series
  series.push({ label: 'mean skill', x, y: x.map(() => mean), colorIndex: 1 })
  const sd = summary?.skillStd ?? null
  if (sd !== null)
    series.push(
      { label: 'mean − 1 sd', x, y: x.map(() => mean - sd), colorIndex: 1, quiet: true },
      {
        label: 'mean + 1 sd',
        legendLabel: '±1 sd',
        x,
        y: x.map(() => mean + sd),
        colorIndex: 1,
        fillTo: 'previous',
        fillOpacity: 0.14,
        lineWidth: 0,
      },
    )
  return series
}
