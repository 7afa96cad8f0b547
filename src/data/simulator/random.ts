/**
 * A seeded pseudo-random generator: xoshiro128** (Blackman & Vigna), seeded through splitmix32.
 * Pure 32-bit integer arithmetic (`Math.imul`, shifts), so the integer stream is identical on
 * every platform. Floats built from it are exact (53 random bits scaled by 2^-53). Normal and
 * exponential variates use `Math.log`, `Math.sqrt` and `Math.exp`: V8 computes them with its own
 * fdlibm port, so output is byte-identical across machines for a given Node major version; a
 * test pins a hash of generated data so a change would be noticed.
 */
export class SeededRandom {
  #s0: number
  #s1: number
  #s2: number
  #s3: number
  #spareNormal = NaN

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, was ${seed}`)
    // splitmix32 spreads any seed, even 0, over the four state words.
    let x = (seed ^ Math.floor(seed / 2 ** 32)) >>> 0
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0
      let z = x
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad)
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97)
      return (z ^ (z >>> 15)) >>> 0
    }
    this.#s0 = next()
    this.#s1 = next()
    this.#s2 = next()
    this.#s3 = next()
  }

  /** Uniform on 0 .. 2^32 − 1. */
  nextUint32(): number {
    const s1 = this.#s1
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0
    const t = s1 << 9
    this.#s2 ^= this.#s0
    this.#s3 ^= s1
    this.#s1 ^= this.#s2
    this.#s0 ^= this.#s3
    this.#s2 ^= t
    this.#s3 = rotl(this.#s3, 11)
    return result
  }

  /** Uniform on [0, 1), 53 random bits. */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5 // 27 bits
    const low = this.nextUint32() >>> 6 // 26 bits
    return (high * 67_108_864 + low) / 9_007_199_254_740_992
  }

  /** Standard normal, by Marsaglia's polar method (two variates per accepted pair). */
  nextNormal(): number {
    if (this.#spareNormal === this.#spareNormal) {
      const spare = this.#spareNormal
      this.#spareNormal = NaN
      return spare
    }
    let u: number
    let v: number
    let s: number
    do {
      u = 2 * this.nextFloat() - 1
      v = 2 * this.nextFloat() - 1
      s = u * u + v * v
    } while (s >= 1 || s === 0)
    const factor = Math.sqrt((-2 * Math.log(s)) / s)
    this.#spareNormal = v * factor
    return u * factor
  }

  /** Exponential with the given mean. */
  nextExponential(mean: number): number {
    return -mean * Math.log(1 - this.nextFloat())
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.nextFloat() < p
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}
