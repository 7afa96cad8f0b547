/**
 * A seeded pseudo-random generator: xoshiro128** (Blackman & Vigna, 2018), seeded through
 * splitmix32. Pure 32-bit integer arithmetic (`Math.imul`, shifts, xor), so the integer stream is
 * identical on every platform and every JavaScript engine. `nextFloat` is exact too: 53 random
 * bits scaled by 2^-53. Anything built on it with `Math.log`, `Math.exp`… (normal.ts, jumps.ts)
 * is only as portable as those functions; see normal.ts.
 *
 * Seeds are any safe integer. The low 32 bits seed the state through splitmix32; the high bits,
 * when not zero (a seed above 2^32 − 1 or below 0), are xored in through a Weyl sequence with a
 * different finaliser (MurmurHash3's fmix32), so distinct seeds give distinct streams: seed −1
 * is not 2^32 − 1, 2^32 is not 0, and equal low and high words do not cancel.
 */

/** The part of a generator that samplers need, so they can be tested with a scripted source. */
export interface UniformSource {
  /** Uniform on [0, 1). */
  nextFloat(): number
}

export class SeededRandom implements UniformSource {
  #s0: number
  #s1: number
  #s2: number
  #s3: number

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, was ${seed}`)
    const low = new SplitMix32(seed >>> 0)
    this.#s0 = low.next()
    this.#s1 = low.next()
    this.#s2 = low.next()
    this.#s3 = low.next()
    const high = Math.floor(seed / 2 ** 32) >>> 0
    if (high !== 0) {
      this.#s0 = (this.#s0 ^ fmix32(high)) >>> 0
      this.#s1 = (this.#s1 ^ fmix32(high + 0x9e3779b9)) >>> 0
      this.#s2 = (this.#s2 ^ fmix32(high + 2 * 0x9e3779b9)) >>> 0
      this.#s3 = (this.#s3 ^ fmix32(high + 3 * 0x9e3779b9)) >>> 0
    }
    // xoshiro's one forbidden state; splitmix32 output makes it all but impossible, but cheap to rule out.
    /* c8 ignore next */
    if ((this.#s0 | this.#s1 | this.#s2 | this.#s3) === 0) this.#s0 = 1
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

  /** Uniform on [0, 1), 53 random bits from two draws. */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5 // 27 bits
    const low = this.nextUint32() >>> 6 // 26 bits
    return (high * 67_108_864 + low) / 9_007_199_254_740_992
  }
}

/** splitmix32 (the "lowbias32" finaliser over a Weyl sequence): spreads any seed, even 0, over 32 bits. */
class SplitMix32 {
  #x: number

  constructor(seed: number) {
    this.#x = seed >>> 0
  }

  next(): number {
    this.#x = (this.#x + 0x9e3779b9) >>> 0
    let z = this.#x
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad)
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97)
    return (z ^ (z >>> 15)) >>> 0
  }
}

/** MurmurHash3's 32-bit finaliser: a bijection on 32-bit words with full avalanche. */
function fmix32(value: number): number {
  let h = value >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}
