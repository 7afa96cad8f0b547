/**
 * Market regimes and the Markov chain that switches between them.
 *
 * What matters for the indicators built on simulated data is the contrast between regimes:
 * - `calm`: low volatility, no drift, assets move almost independently (a little within their
 *   sector): phases are scattered, the price graph is sparse.
 * - `trending`: a shared drift whose sign is drawn on entry and clearly visible against the noise
 *   (persistent returns, a Hurst exponent above ½), moderate market-wide correlation.
 * - `turbulent`: volatility four times calm, frequent jumps (rarer but larger down than up, so
 *   returns skew negative), and the market factor dominating every asset, so phases lock
 *   together: the crisis-correlation effect of real markets, which synchronisation and curvature
 *   indicators exist to detect.
 *
 * No regime makes the log price drift on average: calm and turbulent have no drift and
 * zero-mean jumps, and a trend is as likely up as down. Long series therefore wander rather than
 * decay (a fixed downward lean in turbulence sent daily series to the one-tick floor within a
 * few decades).
 *
 * Volatility and jump rates are calendar quantities (a year of 365.25 days, a market that trades
 * around the clock) and are scaled to the bar length. Regime lengths and the trend's strength are
 * counted in bars instead, so the regime structure looks the same at any bar length: a minute
 * series switches regime every few hours, a daily one every year or two.
 */
import type { UniformSource } from './random.ts'

export const REGIME_NAMES = ['calm', 'trending', 'turbulent'] as const
export type RegimeName = (typeof REGIME_NAMES)[number]

export interface RegimeParameters {
  /** Annualised volatility of each asset's diffusion (before its own scale β, 0.7–1.3). */
  readonly volatility: number
  /**
   * Signed trend strength: the drift accumulated over an average stay in the regime, in units of
   * the diffusion's standard deviation over that stay. 2 means a trend twice the noise.
   */
  readonly driftSharpe: number
  /** The drift's sign is drawn on entering the regime (shared by all assets) rather than fixed. */
  readonly randomDriftSign: boolean
  /** Share of each asset's diffusion variance driven by the market factor: the correlation across sectors. */
  readonly marketShare: number
  /** Share driven by the asset's sector factor; within a sector the correlation is marketShare + sectorShare. */
  readonly sectorShare: number
  /** Expected number of bars the regime lasts once entered (geometric). */
  readonly meanDurationBars: number
  /** Idiosyncratic jumps per asset per day. */
  readonly jumpsPerDay: number
  /** Market-wide jumps per day, hitting every asset (scaled by its β). */
  readonly marketJumpsPerDay: number
  /** Probability that a jump is down. */
  readonly jumpDownShare: number
  /** Mean absolute log size of a down jump and of an up jump; set so the mean jump is zero. */
  readonly jumpDownMeanSize: number
  readonly jumpUpMeanSize: number
  /** Multiplies the volume of every bar. */
  readonly volumeMultiplier: number
}

export const REGIMES: Readonly<Record<RegimeName, RegimeParameters>> = {
  calm: {
    volatility: 0.3,
    driftSharpe: 0,
    randomDriftSign: false,
    marketShare: 0.05,
    sectorShare: 0.2,
    meanDurationBars: 480,
    jumpsPerDay: 0.5,
    marketJumpsPerDay: 0.1,
    jumpDownShare: 0.5,
    jumpDownMeanSize: 0.004,
    jumpUpMeanSize: 0.004,
    volumeMultiplier: 1,
  },
  trending: {
    volatility: 0.45,
    driftSharpe: 2,
    randomDriftSign: true,
    marketShare: 0.35,
    sectorShare: 0.2,
    meanDurationBars: 240,
    jumpsPerDay: 1,
    marketJumpsPerDay: 0.5,
    jumpDownShare: 0.5,
    jumpDownMeanSize: 0.006,
    jumpUpMeanSize: 0.006,
    volumeMultiplier: 1.6,
  },
  turbulent: {
    volatility: 1.2,
    driftSharpe: 0,
    randomDriftSign: false,
    marketShare: 0.75,
    sectorShare: 0.1,
    meanDurationBars: 120,
    jumpsPerDay: 4,
    marketJumpsPerDay: 2,
    jumpDownShare: 0.4,
    jumpDownMeanSize: 0.015,
    jumpUpMeanSize: 0.01,
    volumeMultiplier: 3,
  },
}

/** Parameters by regime index, in `REGIME_NAMES` order, for inner loops. */
export const REGIME_LIST: readonly RegimeParameters[] = REGIME_NAMES.map((name) => REGIMES[name])

/**
 * Where the chain goes when it leaves a regime (rows: from; columns: to calm, trending,
 * turbulent). Calm mostly gives way to a trend; trends end calmly or in turbulence; turbulence
 * mostly settles back to calm.
 */
const EXIT_WEIGHTS: readonly (readonly [number, number, number])[] = [
  [0, 0.75, 0.25],
  [0.6, 0, 0.4],
  [0.8, 0.2, 0],
]

/** One step's transition probabilities, P[from][to]: stay with 1 − 1/duration, else leave by EXIT_WEIGHTS. */
export function transitionMatrix(): number[][] {
  return REGIME_LIST.map((regime, from) => {
    const leave = 1 / regime.meanDurationBars
    return EXIT_WEIGHTS[from]!.map((weight, to) => (to === from ? 1 - leave : leave * weight))
  })
}

/** The long-run share of bars in each regime (the chain's stationary distribution). */
export function stationaryShares(): number[] {
  const p = transitionMatrix()
  let shares = REGIME_LIST.map(() => 1 / REGIME_LIST.length)
  for (let iteration = 0; iteration < 100_000; iteration++) {
    const next = shares.map((_, to) => shares.reduce((sum, share, from) => sum + share * p[from]![to]!, 0))
    const change = next.reduce((sum, x, i) => sum + Math.abs(x - shares[i]!), 0)
    shares = next
    if (change < 1e-15) break
  }
  return shares
}

/** The regime Markov chain. It starts calm; each `step` is one bar. */
export class RegimeChain {
  #state = 0

  get state(): number {
    return this.#state
  }

  /**
   * Advances one bar and returns the regime index for it. Draws one uniform to decide whether to
   * leave and, only when leaving, a second to decide where to go.
   */
  step(uniform: UniformSource): number {
    if (uniform.nextFloat() < 1 / REGIME_LIST[this.#state]!.meanDurationBars) {
      const weights = EXIT_WEIGHTS[this.#state]!
      const u = uniform.nextFloat()
      let cumulative = 0
      let next = this.#state
      for (let to = 0; to < weights.length; to++) {
        cumulative += weights[to]!
        if (u < cumulative) {
          next = to
          break
        }
      }
      this.#state = next
    }
    return this.#state
  }
}
