/**
 * Standard normal variates by Marsaglia's polar method: draw (u, v) uniform in the unit disc,
 * then u·f and v·f with f = √(−2 ln s / s), s = u² + v², are two independent N(0, 1). The second
 * is kept for the next call, so the stream of normals depends only on the stream of uniforms.
 *
 * Portability: the uniforms are exact (random.ts), but `Math.log` and `Math.sqrt` are not
 * specified bit for bit by ECMAScript. `Math.sqrt` is correctly rounded everywhere (IEEE 754);
 * `Math.log` in V8 is its own port of fdlibm, so it gives the same bits on every machine for a
 * given V8 and has been stable across Node releases. Byte-identical output is therefore
 * guaranteed for a given Node major version and expected, not promised, across versions: tests
 * pin a SHA-256 of generated data so a change is noticed rather than silently absorbed.
 */
import type { UniformSource } from './random.ts'

export class NormalSampler {
  readonly #uniform: UniformSource
  /** The second variate of the last accepted pair; NaN when there is none. */
  #spare = NaN

  constructor(uniform: UniformSource) {
    this.#uniform = uniform
  }

  /** One N(0, 1) variate. */
  next(): number {
    const spare = this.#spare
    if (spare === spare) {
      this.#spare = NaN
      return spare
    }
    let u: number
    let v: number
    let s: number
    do {
      u = 2 * this.#uniform.nextFloat() - 1
      v = 2 * this.#uniform.nextFloat() - 1
      s = u * u + v * v
    } while (s >= 1 || s === 0)
    const factor = Math.sqrt((-2 * Math.log(s)) / s)
    this.#spare = v * factor
    return u * factor
  }
}
