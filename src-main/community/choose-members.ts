/**
 * Which homes a community total includes. The total is only defined at the slots where EVERY included
 * home has a reading, so one home with a long outage can empty it (on the CDB fixture, all 22 homes are
 * present together in 0.5 % of the slots; without the three sparsest, in 31 %). The choice keeps as many
 * home-readings as it can: homes are left out one at a time, the one whose removal adds the most
 * complete slots first, while (homes left) × (complete slots) grows, so with n homes a removal must add
 * more than 1/(n − 1) of the complete slots. Shares are of the slots where any home reports (the
 * period, or the part of it being scored). Each left-out home is told why.
 */

export interface MemberChoice {
  index: number
  included: boolean
  /** share of the period's slots where this home has a reading */
  coverage: number
  /** why it was left out (null when included) */
  reason: string | null
}

export interface ChoiceResult {
  choices: MemberChoice[]
  /** [T] 1 where every included home has a reading */
  complete: Uint8Array
  /** share of the slots where any home reports that are complete */
  completeShare: number
}

/** Count of slots where every listed home is present. */
function completeCount(presence: Uint8Array[], members: number[], slots: number): number {
  let n = 0
  for (let t = 0; t < slots; t++) {
    let all = 1
    for (const i of members) all &= presence[i][t]
    n += all
  }
  return n
}

const percent = (share: number) => `${(share * 100).toFixed(share < 0.1 ? 1 : 0)} %`

/**
 * @param presence one Uint8Array [T] per home: 1 where it has a reading
 * @param names home ids, for the reasons
 * @param forced indexes that must stay (the user named them); they are never left out
 */
export function chooseMembers(presence: Uint8Array[], options: { forced?: number[] } = {}): ChoiceResult {
  const slots = presence[0]?.length ?? 0
  const forced = new Set(options.forced ?? [])
  // the slots that count: where at least one home reports
  let domain = 0
  for (let t = 0; t < slots; t++) {
    let any = 0
    for (const p of presence) any |= p[t]
    domain += any
  }
  const coverage = presence.map((p) => (domain > 0 ? p.reduce((a, b) => a + b, 0) / domain : 0))
  const reasons = new Map<number, string>()
  let included = presence.map((_, i) => i)
  for (const i of [...included]) {
    if (coverage[i] === 0 && !forced.has(i)) {
      reasons.set(i, 'no cleaned reading in the period')
      included = included.filter((j) => j !== i)
    }
  }
  let current = completeCount(presence, included, slots)
  while (included.length > 1) {
    let best = -1
    let bestCount = current
    for (const i of included) {
      if (forced.has(i)) continue
      const count = completeCount(
        presence,
        included.filter((j) => j !== i),
        slots,
      )
      if (count > bestCount) {
        bestCount = count
        best = i
      }
    }
    if (current === 0 && best < 0) {
      // several homes block together and no single removal helps: drop the sparsest first
      const sparsest = included.filter((i) => !forced.has(i)).sort((a, b) => coverage[a] - coverage[b])[0]
      if (sparsest === undefined) break
      reasons.set(
        sparsest,
        `readings in ${percent(coverage[sparsest])} of the slots, never together with the others`,
      )
      included = included.filter((j) => j !== sparsest)
      current = completeCount(presence, included, slots)
      continue
    }
    if (best < 0 || (included.length - 1) * bestCount <= included.length * current) break
    reasons.set(
      best,
      `readings in ${percent(coverage[best])} of the slots; with it the total would be complete in ` +
        `${percent(current / domain)} of the slots, without it in ${percent(bestCount / domain)}`,
    )
    included = included.filter((j) => j !== best)
    current = bestCount
  }
  const complete = new Uint8Array(slots)
  if (included.length > 0)
    for (let t = 0; t < slots; t++) {
      let all = 1
      for (const i of included) all &= presence[i][t]
      complete[t] = all
    }
  return {
    choices: presence.map((_, index) => ({
      index,
      included: included.includes(index),
      coverage: coverage[index],
      reason: reasons.get(index) ?? null,
    })),
    complete,
    completeShare: domain > 0 ? current / domain : 0,
  }
}
