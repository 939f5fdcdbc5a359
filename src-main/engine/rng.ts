/**
 * Seeded pseudo-random numbers (xoshiro128**, seeded through splitmix32), so a run is reproducible bit for bit:
 * initialisation, minibatch shuffling and dropout masks all draw from one generator whose 128-bit state can be
 * saved and restored with the model.
 */
export class Rng {
  private s0 = 0
  private s1 = 0
  private s2 = 0
  private s3 = 0

  constructor(seed: number) {
    // splitmix32 spreads any 32-bit seed over the four words (xoshiro must not start from all zeros)
    let x = seed >>> 0
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0
      let z = x
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
      return (z ^ (z >>> 16)) >>> 0
    }
    this.s0 = next()
    this.s1 = next()
    this.s2 = next()
    this.s3 = next()
  }

  /** Uniform 32-bit unsigned integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0
    const t = this.s1 << 9
    this.s2 ^= this.s0
    this.s3 ^= this.s1
    this.s1 ^= this.s2
    this.s0 ^= this.s3
    this.s2 ^= t
    this.s3 = rotl(this.s3, 11)
    return result
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextU32() >>> 5 // 27 bits
    const lo = this.nextU32() >>> 6 // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992
  }

  /** Uniform double in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next()
  }

  /** Standard normal (Box–Muller; one value per call, so the state stays four words). */
  normal(): number {
    const u = 1 - this.next() // (0, 1]: log is finite
    const v = this.next()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n)
  }

  /** Fisher–Yates shuffle in place. */
  shuffle(a: Uint32Array | number[]): void {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1)
      const t = a[i]
      a[i] = a[j]
      a[j] = t
    }
  }

  /** The generator's state, to store with a model so training resumes on the same random stream. */
  getState(): [number, number, number, number] {
    return [this.s0, this.s1, this.s2, this.s3]
  }

  setState(state: readonly number[]): void {
    if (state.length !== 4 || state.every((w) => w === 0)) throw new Error('invalid RNG state')
    this.s0 = state[0] >>> 0
    this.s1 = state[1] >>> 0
    this.s2 = state[2] >>> 0
    this.s3 = state[3] >>> 0
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0
}
