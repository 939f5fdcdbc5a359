import fc from 'fast-check'
import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import { groupFolds, planFolds, refitEvery, type FoldOptions } from './folds'

const day = (k: number) => DateTime.fromISO('2022-01-01').plus({ days: k }).toISODate()!

/** Kept days: a calendar stretch with some days removed (as a cleaning recipe removes them). */
const keptDaysArbitrary = fc
  .tuple(fc.integer({ min: 3, max: 160 }), fc.array(fc.integer({ min: 0, max: 159 }), { maxLength: 40 }))
  .map(([length, removed]) => {
    const gone = new Set(removed)
    return Array.from({ length }, (_, k) => k)
      .filter((k) => !gone.has(k))
      .map(day)
  })

const optionsArbitrary: fc.Arbitrary<FoldOptions> = fc.record({
  folds: fc.integer({ min: 1, max: 8 }),
  blockDays: fc.integer({ min: 1, max: 10 }),
  gapDays: fc.integer({ min: 0, max: 4 }),
  window: fc.constantFrom('expanding' as const, 'fixed' as const),
  trainDays: fc.option(fc.integer({ min: 2, max: 60 }), { nil: undefined }),
  validationDays: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
  validationShare: fc.constantFrom(0.15 / 0.85, 0.2, 0.5),
  refit: fc.oneof(fc.constantFrom('every' as const, 'once' as const), fc.integer({ min: 1, max: 4 })),
})

describe('planFolds (property: no test day ever trains or validates its own fold)', () => {
  it('for random kept days and options: blocks at the end, disjoint, after the training days, gap kept', () => {
    fc.assert(
      fc.property(keptDaysArbitrary, optionsArbitrary, (kept, options) => {
        const sorted = [...kept].sort()
        const needed = options.folds * options.blockDays + options.gapDays + 2
        if (sorted.length < needed) {
          expect(() => planFolds(kept, options)).toThrow(/need at least \d+ kept days/)
          return
        }
        const plan = planFolds([...kept].reverse(), options)
        expect(plan).toHaveLength(options.folds)
        // the test blocks are the last K × B kept days, consecutive, oldest first
        expect(plan.flatMap((f) => f.test)).toEqual(
          sorted.slice(sorted.length - options.folds * options.blockDays),
        )
        const index = new Map(sorted.map((d, i) => [d, i]))
        const lengths = new Set<number>()
        for (const fold of plan) {
          expect(fold.test).toHaveLength(options.blockDays)
          expect(fold.train.length).toBeGreaterThan(0)
          expect(fold.validation.length).toBeGreaterThan(0)
          const seen = [...fold.train, ...fold.validation]
          for (const d of fold.test) expect(seen).not.toContain(d)
          // train strictly before validation, validation strictly before the gap and the block
          expect(fold.train.at(-1)! < fold.validation[0]).toBe(true)
          const lastSeen = index.get(fold.validation.at(-1)!)!
          const firstTest = index.get(fold.test[0])!
          expect(firstTest - lastSeen - 1).toBe(options.gapDays)
          // contiguous in kept days: nothing between train and validation is dropped
          expect(index.get(fold.validation[0])! - index.get(fold.train.at(-1)!)!).toBe(1)
          if (options.window === 'expanding') expect(fold.train[0]).toBe(sorted[0])
          lengths.add(seen.length)
        }
        if (options.window === 'fixed') {
          // the same training window every fold, as long as asked (or as fold 1 had)
          expect(lengths.size).toBe(1)
          const first = sorted.length - options.folds * options.blockDays - options.gapDays
          expect([...lengths][0]).toBe(Math.min(first, options.trainDays ?? first))
        }
        // with refits every N folds, the model of a group trained before every block it is scored on
        for (const group of groupFolds(plan, options.refit)) {
          const trainer = plan[group.trainedOn - 1]
          const trained = [...trainer.train, ...trainer.validation]
          for (const fold of group.folds)
            for (const d of fold.test) expect(trained.every((t) => t < d)).toBe(true)
        }
      }),
      { numRuns: 400 },
    )
  })

  it('a worked case: 30 days, 3 folds of 7, gap 1, expanding, validation 15 / 85', () => {
    const kept = Array.from({ length: 30 }, (_, k) => day(k))
    const plan = planFolds(kept, {
      folds: 3,
      blockDays: 7,
      gapDays: 1,
      window: 'expanding',
      validationShare: 0.15 / 0.85,
      refit: 'every',
    })
    // the first block starts at day 9 (30 − 21), the gap is day 8, days 0–7 train (7) and validate (1)
    expect(plan[0]).toEqual({
      fold: 1,
      train: kept.slice(0, 7),
      validation: kept.slice(7, 8),
      test: kept.slice(9, 16),
    })
    expect(plan[2].test).toEqual(kept.slice(23, 30))
    // fold 3: 22 days before its gap (day 22), round(22 × 15 / 85) = 4 of them validate
    expect(plan[2].validation).toEqual(kept.slice(18, 22))
    expect(plan[2].train).toEqual(kept.slice(0, 18))
  })

  it('groups folds by refit policy', () => {
    expect(refitEvery('every', 5)).toBe(1)
    expect(refitEvery('once', 5)).toBe(5)
    expect(refitEvery(2, 5)).toBe(2)
    const kept = Array.from({ length: 60 }, (_, k) => day(k))
    const plan = planFolds(kept, {
      folds: 5,
      blockDays: 7,
      gapDays: 0,
      window: 'expanding',
      validationShare: 0.2,
      refit: 2,
    })
    expect(groupFolds(plan, 2).map((g) => [g.trainedOn, g.folds.map((f) => f.fold)])).toEqual([
      [1, [1, 2]],
      [3, [3, 4]],
      [5, [5]],
    ])
  })
})
