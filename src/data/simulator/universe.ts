/**
 * A simulated universe of correlated assets, for research and tests that need no download.
 *
 * Model. Every bar is `SUBSTEPS` sub-steps of length dt (years of 365.25 days). In regime r
 * (calm, trending, turbulent: a Markov chain shared by all assets, regimes.ts), asset i's log
 * price moves by
 *
 *   dx_i = β_i (μ_r dt + σ_r √dt ε_i + J_market) + J_i
 *
 * where ε_i comes from the market/sector/own factor model of correlation.ts, β_i in [0.7, 1.3] is
 * the asset's fixed volatility scale, μ_r is the regime's drift (its sign drawn on entering a
 * trend, shared by all assets) and J_market, J_i are compound Poisson jumps (jumps.ts).
 *
 * Bars. The open is the previous close; high and low are the extremes of the sub-step path; all
 * four are rounded to a 0.01 tick and floored at one tick. Rounding and `exp` are monotone, so
 * the extremes are taken in log space and rounded once, and the envelope stays valid: high ≥
 * max(open, close), low ≤ min(open, close), all > 0. Volume is the asset's base rate × the bar's
 * length in minutes × the intraday profile (volume-profile.ts) × the regime's multiplier × a lift
 * that grows with the bar's absolute return × log-normal noise of mean 1, rounded to whole units.
 *
 * Determinism. One generator, consumed in a fixed order: per asset its start price, β and base
 * volume; then per bar the regime (and the trend's sign on entry), the market's shocks and jumps
 * for each sub-step, each sector's shocks, each asset's own shocks and jumps, then each asset's
 * volume noise. The same spec gives the same numbers, bit for bit (see normal.ts for what that
 * guarantee rests on).
 *
 * Cost: O(assets × bars × SUBSTEPS), no allocation per bar; three `exp` per asset and bar.
 */
import type { Interval } from '../../domain/time.ts'
import { MS_PER_DAY, MS_PER_MINUTE, bucketStart, parseInterval } from '../../domain/time.ts'
import { BarSeries, type MutableBarColumns, allocateColumns } from '../bar-series.ts'
import { assignSectors, defaultSectorCount, factorLoadings } from './correlation.ts'
import { CompoundPoissonJumps } from './jumps.ts'
import { NormalSampler } from './normal.ts'
import { SeededRandom } from './random.ts'
import { REGIME_LIST, REGIME_NAMES, RegimeChain, type RegimeParameters } from './regimes.ts'
import { intradayVolumeFactor } from './volume-profile.ts'

export interface UniverseSpec {
  /** Number of assets, at least 1. */
  readonly assets: number
  /** Bars per asset, at least 1. */
  readonly bars: number
  /** Any safe integer; the same seed and spec give identical output, bit for bit. */
  readonly seed: number
  /** Default 1m. */
  readonly interval?: Interval
  /**
   * UTC ms of the first bar's open, aligned to the interval. Default 2024-01-02T00:00:00Z, or the
   * start of the interval's bucket holding it (Monday 2024-01-01 for weekly bars).
   */
  readonly start?: number
  /** Default SIM000, SIM001, …; must be distinct and one per asset. */
  readonly symbols?: readonly string[]
  /** Default 100; each asset starts within ±25% of it. */
  readonly initialPrice?: number
  /** Number of sectors, from 1 to `assets`; default about √assets. Assets form contiguous blocks. */
  readonly sectors?: number
  readonly onProgress?: (barsDone: number, barsTotal: number) => void
}

export interface SimulatedUniverse {
  readonly symbols: readonly string[]
  /** One per asset, all with the same open times. */
  readonly series: readonly BarSeries[]
  /** Index into `regimeNames` for every bar. */
  readonly regimes: Uint8Array
  readonly regimeNames: typeof REGIME_NAMES
  /** Sector index of every asset (0-based). */
  readonly sectorOf: Int32Array
}

export const DEFAULT_START = Date.UTC(2024, 0, 2)
/** Sub-steps per bar: enough for a high and low that differ from open and close, cheap enough for millions of bars. */
export const SUBSTEPS = 6
export const TICK_SIZE = 0.01
const TICKS_PER_UNIT = 100
const MS_PER_YEAR = 365.25 * MS_PER_DAY
/** Mean volume per minute of an asset with a base-rate multiplier of 1. */
const BASE_VOLUME_PER_MINUTE = 1000
/** Volume noise: log-normal with σ 0.35 and mean 1 (μ = −σ²/2). */
const VOLUME_NOISE_SIGMA = 0.35
const VOLUME_NOISE_MU = -(VOLUME_NOISE_SIGMA * VOLUME_NOISE_SIGMA) / 2
/** Extra volume per standard deviation of the bar's absolute return, capped at `LIFT_CAP` deviations. */
const LIFT_PER_SIGMA = 0.5
const LIFT_CAP = 10
const PROGRESS_EVERY = 4096

/** A regime's parameters turned into per-sub-step quantities for the chosen bar length. */
interface RegimePlan {
  readonly marketLoading: number
  readonly sectorLoading: number
  readonly ownLoading: number
  /** Diffusion standard deviation per sub-step, before β. */
  readonly stepSigma: number
  /** Diffusion standard deviation per bar, before β: the unit of the volume lift. */
  readonly barSigma: number
  /** Drift per sub-step, before β and the trend's sign. */
  readonly stepDrift: number
  readonly randomDriftSign: boolean
  readonly marketJumps: CompoundPoissonJumps
  readonly ownJumps: CompoundPoissonJumps
  readonly volumeMultiplier: number
}

function planRegimes(interval: Interval): RegimePlan[] {
  const barYears = interval.ms / MS_PER_YEAR
  const stepYears = barYears / SUBSTEPS
  const stepDays = interval.ms / SUBSTEPS / MS_PER_DAY
  return REGIME_LIST.map((regime) => {
    const loadings = factorLoadings(regime)
    const barSigma = regime.volatility * Math.sqrt(barYears)
    return {
      marketLoading: loadings.market,
      sectorLoading: loadings.sector,
      ownLoading: loadings.own,
      stepSigma: regime.volatility * Math.sqrt(stepYears),
      barSigma,
      // driftSharpe deviations of the noise over an average stay of D bars: per bar, driftSharpe · σ_bar / √D.
      stepDrift: (regime.driftSharpe * barSigma) / Math.sqrt(regime.meanDurationBars) / SUBSTEPS,
      randomDriftSign: regime.randomDriftSign,
      marketJumps: jumpsFor(regime, regime.marketJumpsPerDay * stepDays),
      ownJumps: jumpsFor(regime, regime.jumpsPerDay * stepDays),
      volumeMultiplier: regime.volumeMultiplier,
    }
  })
}

function jumpsFor(regime: RegimeParameters, jumpsPerStep: number): CompoundPoissonJumps {
  return new CompoundPoissonJumps(jumpsPerStep, regime.jumpDownShare, regime.jumpDownMeanSize, regime.jumpUpMeanSize)
}

export function simulateUniverse(spec: UniverseSpec): SimulatedUniverse {
  const interval = spec.interval ?? parseInterval('1m')
  // The default start is moved back to its bucket's start when the interval needs it (weekly bars open on Mondays).
  const start = spec.start ?? bucketStart(DEFAULT_START, interval)
  const initialPrice = spec.initialPrice ?? 100
  checkSpec(spec, interval, start, initialPrice)
  const assetCount = spec.assets
  const barCount = spec.bars
  const symbols = spec.symbols ?? Array.from({ length: assetCount }, (_, i) => `SIM${String(i).padStart(3, '0')}`)
  const sectorCount = spec.sectors ?? defaultSectorCount(assetCount)
  const sectorOf = assignSectors(assetCount, sectorCount)

  const random = new SeededRandom(spec.seed)
  const normal = new NormalSampler(random)
  const logPrice = new Float64Array(assetCount)
  const beta = new Float64Array(assetCount)
  const baseVolume = new Float64Array(assetCount)
  for (let i = 0; i < assetCount; i++) {
    logPrice[i] = Math.log(initialPrice * (0.75 + 0.5 * random.nextFloat()))
    beta[i] = 0.7 + 0.6 * random.nextFloat()
    baseVolume[i] = BASE_VOLUME_PER_MINUTE * (0.5 + 1.5 * random.nextFloat())
  }
  const columns: MutableBarColumns[] = symbols.map(() => allocateColumns(barCount))

  const plans = planRegimes(interval)
  const chain = new RegimeChain()
  const regimes = new Uint8Array(barCount)
  const marketMove = new Float64Array(SUBSTEPS)
  const sectorMove = new Float64Array(sectorCount * SUBSTEPS)
  const minutesPerBar = interval.ms / MS_PER_MINUTE
  let previousRegime = chain.state
  let driftSign = 1

  for (let bar = 0; bar < barCount; bar++) {
    const regimeIndex = chain.step(random)
    const plan = plans[regimeIndex]!
    if (regimeIndex !== previousRegime) {
      driftSign = plan.randomDriftSign && random.nextFloat() < 0.5 ? -1 : 1
      previousRegime = regimeIndex
    }
    regimes[bar] = regimeIndex
    const { stepSigma, ownLoading, ownJumps } = plan
    const drift = driftSign * plan.stepDrift
    for (let k = 0; k < SUBSTEPS; k++) {
      marketMove[k] = stepSigma * plan.marketLoading * normal.next() + plan.marketJumps.draw(random)
    }
    for (let j = 0; j < sectorMove.length; j++) sectorMove[j] = stepSigma * plan.sectorLoading * normal.next()

    const openTime = start + bar * interval.ms
    const knownAt = openTime + interval.ms
    const volumeScale = minutesPerBar * intradayVolumeFactor(openTime, interval.ms) * plan.volumeMultiplier
    for (let i = 0; i < assetCount; i++) {
      const b = beta[i]!
      const sectorBase = sectorOf[i]! * SUBSTEPS
      const startLog = logPrice[i]!
      let x = startLog
      let maxLog = x
      let minLog = x
      for (let k = 0; k < SUBSTEPS; k++) {
        x += b * (drift + marketMove[k]! + sectorMove[sectorBase + k]! + stepSigma * ownLoading * normal.next()) + ownJumps.draw(random)
        if (x > maxLog) maxLog = x
        else if (x < minLog) minLog = x
      }
      logPrice[i] = x
      const open = roundToTick(Math.exp(startLog))
      const close = roundToTick(Math.exp(x))
      const lift = 1 + LIFT_PER_SIGMA * Math.min(LIFT_CAP, Math.abs(x - startLog) / (b * plan.barSigma))
      const noise = Math.exp(VOLUME_NOISE_MU + VOLUME_NOISE_SIGMA * normal.next())
      const c = columns[i]!
      c.openTime[bar] = openTime
      c.knownAt[bar] = knownAt
      c.open[bar] = open
      c.high[bar] = Math.max(open, roundToTick(Math.exp(maxLog)))
      c.low[bar] = Math.min(open, roundToTick(Math.exp(minLog)))
      c.close[bar] = close
      c.volume[bar] = Math.round(baseVolume[i]! * volumeScale * lift * noise)
    }
    if (spec.onProgress !== undefined && ((bar + 1) % PROGRESS_EVERY === 0 || bar + 1 === barCount)) {
      spec.onProgress(bar + 1, barCount)
    }
  }

  return {
    symbols,
    series: columns.map((c) => new BarSeries(c, interval)),
    regimes,
    regimeNames: REGIME_NAMES,
    sectorOf,
  }
}

/** To the 0.01 grid, never below one tick. */
function roundToTick(price: number): number {
  // Dividing the integer tick count (rather than multiplying by 0.01) gives the double that
  // prints as the intended decimal: 12345 / 100 is 123.45, 12345 * 0.01 is 123.45000000000002.
  return Math.max(1, Math.round(price * TICKS_PER_UNIT)) / TICKS_PER_UNIT
}

function checkSpec(spec: UniverseSpec, interval: Interval, start: number, initialPrice: number): void {
  if (!Number.isSafeInteger(spec.assets) || spec.assets < 1) throw new RangeError(`assets must be an integer >= 1, was ${spec.assets}`)
  if (!Number.isSafeInteger(spec.bars) || spec.bars < 1) throw new RangeError(`bars must be an integer >= 1, was ${spec.bars}`)
  if (!Number.isSafeInteger(spec.seed)) throw new RangeError(`seed must be a safe integer, was ${spec.seed}`)
  if (spec.symbols !== undefined) {
    if (spec.symbols.length !== spec.assets) throw new RangeError(`symbols lists ${spec.symbols.length} names for ${spec.assets} assets`)
    const seen = new Set<string>()
    for (const symbol of spec.symbols) {
      if (symbol === '' || seen.has(symbol)) throw new RangeError(`symbols must be distinct and non-empty, ${JSON.stringify(symbol)} is not`)
      seen.add(symbol)
    }
  }
  if (!Number.isSafeInteger(start) || bucketStart(start, interval) !== start) {
    throw new RangeError(`start ${start} is not aligned to the ${interval.label} interval`)
  }
  if (!Number.isSafeInteger(start + spec.bars * interval.ms)) {
    throw new RangeError(`${spec.bars} bars of ${interval.label} from ${start} run past the largest exact timestamp`)
  }
  if (!(initialPrice > 0) || !Number.isFinite(initialPrice)) throw new RangeError(`initialPrice must be finite and > 0, was ${initialPrice}`)
}
