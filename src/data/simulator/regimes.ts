/**
 * Market regimes and the Markov chain that switches between them.
 *
 * Parameters are annualised for a market that trades around the clock (as crypto does); the
 * simulator scales them to its bar length. What matters for the geometric indicators is the
 * contrast: in `calm` assets wander almost independently, in `trending` they share a drift and
 * a moderate common factor, in `turbulent` volatility triples and the common factor dominates,
 * so their phases lock together — the crisis-correlation effect seen in real markets.
 */
export const REGIME_NAMES = ['calm', 'trending', 'turbulent'] as const
export type RegimeName = (typeof REGIME_NAMES)[number]

export interface RegimeParameters {
  /** Annualised volatility of log returns before jumps. */
  readonly volatility: number
  /** Annualised drift magnitude; trending regimes draw a sign on entry, shared by all assets. */
  readonly drift: number
  /** Share of each asset's variance driven by the common market factor: pairwise correlation. */
  readonly commonShare: number
  /** Expected number of bars the regime lasts once entered. */
  readonly meanDurationBars: number
  /** Idiosyncratic and market-wide jumps per day, and their mean absolute log size. */
  readonly jumpsPerDay: number
  readonly marketJumpsPerDay: number
  readonly jumpMeanSize: number
  /** Multiplies the volume of every bar. */
  readonly volumeMultiplier: number
}

export const REGIMES: Readonly<Record<RegimeName, RegimeParameters>> = {
  calm: {
    volatility: 0.3,
    drift: 0,
    commonShare: 0.1,
    meanDurationBars: 480,
    jumpsPerDay: 0.5,
    marketJumpsPerDay: 0.1,
    jumpMeanSize: 0.004,
    volumeMultiplier: 1,
  },
  trending: {
    volatility: 0.45,
    drift: 3,
    commonShare: 0.45,
    meanDurationBars: 240,
    jumpsPerDay: 1,
    marketJumpsPerDay: 0.5,
    jumpMeanSize: 0.006,
    volumeMultiplier: 1.6,
  },
  turbulent: {
    volatility: 1.2,
    drift: -1,
    commonShare: 0.8,
    meanDurationBars: 120,
    jumpsPerDay: 4,
    marketJumpsPerDay: 2,
    jumpMeanSize: 0.012,
    volumeMultiplier: 3,
  },
}

/**
 * Where the chain goes when it leaves a regime (rows: from; columns: to calm, trending,
 * turbulent). Calm mostly gives way to a trend; trends end calmly or in turbulence; turbulence
 * settles back to calm.
 */
const EXIT_WEIGHTS: readonly (readonly [number, number, number])[] = [
  [0, 0.75, 0.25],
  [0.6, 0, 0.4],
  [0.8, 0.2, 0],
]

export class RegimeChain {
  #state = 0

  get state(): number {
    return this.#state
  }

  /** Advances one bar; `u1` decides whether to leave, `u2` where to go. Uniform draws on [0, 1). */
  step(u1: number, u2: number): number {
    const current = REGIMES[REGIME_NAMES[this.#state]!]
    if (u1 < 1 / current.meanDurationBars) {
      const weights = EXIT_WEIGHTS[this.#state]!
      let cumulative = 0
      for (let next = 0; next < weights.length; next++) {
        cumulative += weights[next]!
        if (u2 < cumulative) {
          this.#state = next
          break
        }
      }
    }
    return this.#state
  }
}
