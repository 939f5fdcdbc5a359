/**
 * How good a band is: its empirical coverage (share of the actual values inside it), its mean width,
 * and the interval score of Winkler (1972) as in Gneiting & Raftery (2007, eq. 43): for a central band
 * [l, u] of level 1 − α and an actual y,
 *   S = (u − l) + (2/α)(l − y)·[y < l] + (2/α)(y − u)·[y > u],
 * the width plus a penalty for every miss that grows with its distance. Lower is better; a band that is
 * too narrow pays through the penalty, one that is too wide through its width.
 */

export interface IntervalScore {
  /** nominal level, e.g. 0.8 */
  level: number
  /** share of the actual values inside the band */
  coverage: number
  /** mean of (upper − lower), watts */
  meanWidth: number
  /** mean interval (Winkler) score, watts */
  winkler: number
  /** values scored */
  n: number
}

/** The Winkler interval score of one band and one actual value. */
export function winklerScore(lower: number, upper: number, actual: number, level: number): number {
  const alpha = 1 - level
  let score = upper - lower
  if (actual < lower) score += (2 / alpha) * (lower - actual)
  else if (actual > upper) score += (2 / alpha) * (actual - upper)
  return score
}

/** Accumulates a band's figures over any number of values (several folds, homes or windows). */
export class IntervalAccumulator {
  private n = 0
  private inside = 0
  private width = 0
  private score = 0

  constructor(readonly level: number) {}

  add(lower: number, upper: number, actual: number): void {
    if (!Number.isFinite(actual) || !Number.isFinite(lower) || !Number.isFinite(upper)) return
    this.n++
    if (actual >= lower && actual <= upper) this.inside++
    this.width += upper - lower
    this.score += winklerScore(lower, upper, actual, this.level)
  }

  addAll(lower: ArrayLike<number>, upper: ArrayLike<number>, actual: ArrayLike<number>): void {
    for (let i = 0; i < actual.length; i++) this.add(lower[i], upper[i], actual[i])
  }

  /** Merges another accumulator of the same level into this one. */
  merge(other: IntervalAccumulator): void {
    this.n += other.n
    this.inside += other.inside
    this.width += other.width
    this.score += other.score
  }

  result(): IntervalScore {
    const n = this.n
    return {
      level: this.level,
      coverage: n > 0 ? this.inside / n : NaN,
      meanWidth: n > 0 ? this.width / n : NaN,
      winkler: n > 0 ? this.score / n : NaN,
      n,
    }
  }
}

/** Coverage, mean width and Winkler score of one band over aligned arrays (watts). */
export function scoreInterval(
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  actual: ArrayLike<number>,
  level: number,
): IntervalScore {
  const accumulator = new IntervalAccumulator(level)
  accumulator.addAll(lower, upper, actual)
  return accumulator.result()
}
