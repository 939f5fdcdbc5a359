/** The one function of jstat (no types published) the backtest uses: Student's t distribution. */
declare module 'jstat' {
  export const jStat: {
    studentt: { cdf(x: number, degreesOfFreedom: number): number }
  }
}
