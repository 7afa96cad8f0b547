/**
 * Jumps in log price: a compound Poisson process with double-exponential (Kou) sizes. In each
 * time step the number of jumps is Poisson with mean `jumpsPerStep`; each jump is down with
 * probability `downShare`, and its absolute log size is exponential with mean `downMeanSize` or
 * `upMeanSize`. Kou sizes have fat, exponential tails (a jump of four times the mean is about 50
 * times rarer than one of the mean), and rarer but larger down jumps give the negative skew of
 * real crashes while the mean jump, downShare·downMeanSize − (1 − downShare)·upMeanSize, can be
 * kept at zero so jumps do not make prices drift.
 *
 * The count is drawn by inverting the Poisson distribution function, so it is exact for any mean
 * (a Bernoulli "at most one jump per step" shortcut undercounts when steps are long, as they are
 * for daily or weekly bars). Cost: one uniform per step when no jump arrives, which is almost
 * always; the probability of none, e^−λ, is computed once.
 */
import type { UniformSource } from './random.ts'

/** More jumps than this in one step would mean a mean far outside anything the simulator asks for. */
const MAX_JUMPS_PER_STEP = 1000

export class CompoundPoissonJumps {
  readonly jumpsPerStep: number
  readonly downShare: number
  readonly downMeanSize: number
  readonly upMeanSize: number
  readonly #noJumpProbability: number

  constructor(jumpsPerStep: number, downShare: number, downMeanSize: number, upMeanSize: number) {
    if (!(jumpsPerStep >= 0) || !Number.isFinite(jumpsPerStep)) {
      throw new RangeError(`jumpsPerStep must be finite and >= 0, was ${jumpsPerStep}`)
    }
    if (!(downShare >= 0 && downShare <= 1)) throw new RangeError(`downShare must lie in [0, 1], was ${downShare}`)
    for (const [name, size] of [['downMeanSize', downMeanSize], ['upMeanSize', upMeanSize]] as const) {
      if (!(size >= 0) || !Number.isFinite(size)) throw new RangeError(`${name} must be finite and >= 0, was ${size}`)
    }
    this.jumpsPerStep = jumpsPerStep
    this.downShare = downShare
    this.downMeanSize = downMeanSize
    this.upMeanSize = upMeanSize
    this.#noJumpProbability = Math.exp(-jumpsPerStep)
  }

  /** The sum of the log jumps arriving in one step: 0 most of the time. */
  draw(uniform: UniformSource): number {
    const count = this.#count(uniform.nextFloat())
    let total = 0
    for (let j = 0; j < count; j++) {
      const down = uniform.nextFloat() < this.downShare
      const exponential = -Math.log(1 - uniform.nextFloat())
      total += down ? -this.downMeanSize * exponential : this.upMeanSize * exponential
    }
    return total
  }

  /** Poisson count by inversion of its distribution function at `u`. */
  #count(u: number): number {
    let probability = this.#noJumpProbability
    let cumulative = probability
    let k = 0
    while (u >= cumulative && k < MAX_JUMPS_PER_STEP) {
      k++
      probability *= this.jumpsPerStep / k
      cumulative += probability
    }
    return k
  }
}
