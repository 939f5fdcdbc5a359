import { baselineWords } from '../../../../src-main/shared/baseline-names'
import type { ScoredForecast } from '../../../../src-main/shared/training-outcome'

/** One line of a verdict table: a forecast on one home's test days against that home's best baseline. */
export interface VerdictLine {
  key: string
  /** the first column: a home, or a model */
  label: string
  /** an optional second column (how it was scored, for example) */
  note?: string
  modelMae: number | null
  /** the best baseline on these test days, in words */
  baseline: string | null
  baselineMae: number | null
  /** 1 − MAE(model) / MAE(best baseline) */
  skill: number | null
  /** beat its best baseline; null when there is no verdict (no baseline could be scored) */
  won: boolean | null
  windows: number
}

const finite = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/** The line of a scored forecast (a home's test days, or a model evaluated on one dataset). */
export function verdictLine(key: string, label: string, test: ScoredForecast, note?: string): VerdictLine {
  const best = test.bestBaseline
  const baselineMetrics = best
    ? (test[best as keyof ScoredForecast] as { mae: number } | undefined)
    : undefined
  return {
    key,
    label,
    ...(note !== undefined && { note }),
    modelMae: test.windows.evaluated > 0 ? finite(test.model.mae) : null,
    baseline: best ? baselineWords(best) : null,
    baselineMae: finite(baselineMetrics?.mae),
    skill: finite(test.skill),
    won: test.skill === null ? null : test.skill > 0,
    windows: test.windows.evaluated,
  }
}

/** Homes won, homes with a verdict and their mean skill, as the lines say. */
export function winsOf(lines: VerdictLine[]): { wins: number; scored: number; meanSkill: number | null } {
  const skills = lines.map((l) => l.skill).filter((s): s is number => s !== null)
  return {
    wins: skills.filter((s) => s > 0).length,
    scored: skills.length,
    meanSkill: skills.length > 0 ? skills.reduce((a, b) => a + b, 0) / skills.length : null,
  }
}

/** `+0.123`, `−0.045`, or `–` without a verdict. */
export function formatSkill(skill: number | null): string {
  return skill === null ? '–' : `${skill >= 0 ? '+' : '−'}${Math.abs(skill).toFixed(3)}`
}
