/**
 * Early stopping on the validation loss: remembers the best epoch's weights and says when
 * `patience` epochs have passed without improvement. The caller restores the best weights.
 */
export class EarlyStopping {
  bestLoss = Infinity
  bestEpoch = 0
  bestWeights: Float64Array | null = null
  private sinceBest = 0

  constructor(
    private readonly patience: number,
    private readonly enabled: boolean,
    /** relative improvement below which a new loss does not count as better */
    private readonly minRelativeDelta = 1e-4,
  ) {}

  /** Records an epoch's validation loss; returns true when training should stop. */
  update(epoch: number, loss: number, weights: () => Float64Array): boolean {
    if (Number.isFinite(loss) && loss < this.bestLoss * (1 - this.minRelativeDelta)) {
      this.bestLoss = loss
      this.bestEpoch = epoch
      this.bestWeights = weights()
      this.sinceBest = 0
      return false
    }
    this.sinceBest++
    return this.enabled && this.sinceBest >= this.patience
  }
}
