import { describe, expect, it } from 'vitest'
import { dieboldMariano, dieboldMarianoOnDifferentials } from './diebold-mariano'

/**
 * The worked example: two forecasts' errors at 20 origins, tested with R's forecast package 8.20
 * (Debian r-cran-forecast 8.20-1, R 4.2), whose dm.test applies the Harvey–Leybourne–Newbold
 * correction and Student's t with n − 1 degrees of freedom:
 *
 *   library(forecast)
 *   e1 <- c(12.3, -8.1, 5.4, -15.2, 7.7, 3.1, -2.2, 11.8, -6.5, 9.9, -4.4, 14.1, -1.3, 6.6, -9.8, 2.5, 8.8, -12.0, 4.2, -3.7)
 *   e2 <- c(10.1, -12.4, 9.0, -11.7, 13.3, -6.2, 5.5, 8.1, -14.9, 7.2, -9.5, 16.8, -7.7, 3.3, -13.1, 6.0, 12.4, -10.6, 9.1, -8.8)
 *   dm.test(e1, e2, h = 1, power = 1)  # DM = -2.7924714076087356, p-value = 0.011612496683844118
 *   dm.test(e1, e2, h = 3, power = 1)  # DM = -8.6319862240336889, p-value = 5.3209739164497469e-08
 *   dm.test(e1, e2, h = 2, power = 2)  # "Variance is negative … Proceeding with horizon h=1."
 *                                      # DM = -2.2125945806283771, p-value = 0.039367559045941948
 */
const e1 = [
  12.3, -8.1, 5.4, -15.2, 7.7, 3.1, -2.2, 11.8, -6.5, 9.9, -4.4, 14.1, -1.3, 6.6, -9.8, 2.5, 8.8, -12.0, 4.2,
  -3.7,
]
const e2 = [
  10.1, -12.4, 9.0, -11.7, 13.3, -6.2, 5.5, 8.1, -14.9, 7.2, -9.5, 16.8, -7.7, 3.3, -13.1, 6.0, 12.4, -10.6,
  9.1, -8.8,
]

describe('Diebold–Mariano with the HLN correction (against R forecast::dm.test)', () => {
  it('h = 1, absolute errors', () => {
    const result = dieboldMariano(e1, e2, 1)!
    expect(result.statistic).toBeCloseTo(-2.7924714076087356, 10)
    expect(result.pValue).toBeCloseTo(0.011612496683844118, 10)
    expect(result).toMatchObject({ n: 20, horizon: 1 })
    expect(result.meanDifference).toBeLessThan(0) // the first forecast's errors are smaller
  })

  it('h = 3: two autocovariances enter the variance', () => {
    const result = dieboldMariano(e1, e2, 3)!
    expect(result.statistic).toBeCloseTo(-8.6319862240336889, 9)
    expect(result.pValue / 5.3209739164497469e-8).toBeCloseTo(1, 6)
    expect(result.horizon).toBe(3)
  })

  it('falls back to h = 1 when the long-run variance is negative, as R does', () => {
    const result = dieboldMariano(e1, e2, 2, 2)!
    expect(result.horizon).toBe(1)
    expect(result.statistic).toBeCloseTo(-2.2125945806283771, 10)
    expect(result.pValue).toBeCloseTo(0.039367559045941948, 10)
  })

  it('is antisymmetric, and has nothing to say about identical forecasts or a single origin', () => {
    expect(dieboldMariano(e2, e1, 1)!.statistic).toBeCloseTo(2.7924714076087356, 10)
    expect(dieboldMariano(e1, e1, 3)).toBeNull()
    expect(dieboldMarianoOnDifferentials([1], 1)).toBeNull()
    expect(() => dieboldMariano([1, 2], [1], 1)).toThrow(/same origins/)
  })
})
