/**
 * A simulated universe of correlated assets, for research and tests that need no download.
 *
 * Model, per bar and asset i, over `SUBSTEPS` sub-steps of length dt (years):
 *   d log S_i = μ_r dt + σ_r β_i (√ρ_r dW_market + √(1−ρ_r) dW_i) + jumps
 * where the regime r (calm, trending, turbulent; see regimes.ts) follows a Markov chain shared by
 * all assets, β_i is a fixed per-asset volatility scale, and jumps are double-exponential (Kou)
 * with a market-wide and an idiosyncratic Poisson clock. Open is the previous close; high and
 * low are the extremes of the sub-step path, so every bar is a valid OHLC envelope. Prices are
 * rounded to a 0.01 tick (monotone rounding keeps the envelope valid) and floored at one tick.
 * Volume is a per-asset base × the intraday profile × the regime multiplier × a lift from the
 * bar's absolute return × log-normal noise, rounded to whole units.
 *
 * Determinism: one generator, consumed in a fixed order (regime, then market shocks, then each
 * asset), so the same spec always yields the same numbers. Cost: O(assets × bars × SUBSTEPS)
 * with no allocation per bar.
 */
import type { Interval } from '../../domain/time.ts'
import { MS_PER_DAY, bucketStart, parseInterval } from '../../domain/time.ts'
import type { BarSeries } from '../bar-series.ts'
import { BarSeriesBuilder } from '../bar-series-builder.ts'
import { SeededRandom } from './random.ts'
import { REGIMES, REGIME_NAMES, RegimeChain, type RegimeParameters } from './regimes.ts'
import { intradayVolumeFactor } from './volume-profile.ts'

export interface UniverseSpec {
  /** Number of assets, at least 1. */
  readonly assets: number
  /** Bars per asset, at least 1. */
  readonly bars: number
  /** Same seed and spec give identical output, bit for bit. */
  readonly seed: number
  /** Default 1m. */
  readonly interval?: Interval
  /** UTC ms of the first bar's open, aligned to the interval; default 2024-01-02T00:00:00Z. */
  readonly start?: number
  /** Default SIM000, SIM001, … */
  readonly symbols?: readonly string[]
  /** Default 100; each asset starts within about ±25% of it. */
  readonly initialPrice?: number
  readonly onProgress?: (barsDone: number, barsTotal: number) => void
}

export interface SimulatedUniverse {
  readonly symbols: readonly string[]
  /** One per asset, all with the same open times. */
  readonly series: readonly BarSeries[]
  /** Index into `regimeNames` for every bar. */
  readonly regimes: Uint8Array
  readonly regimeNames: typeof REGIME_NAMES
}

export const DEFAULT_START = Date.UTC(2024, 0, 2)
const SUBSTEPS = 6
const TICKS_PER_UNIT = 100
const MS_PER_YEAR = 365.25 * MS_PER_DAY
const BASE_VOLUME = 1000
const PROGRESS_EVERY = 4096

interface AssetState {
  logPrice: number
  readonly volatilityScale: number
  readonly baseVolume: number
  readonly builder: BarSeriesBuilder
}

export function simulateUniverse(spec: UniverseSpec): SimulatedUniverse {
  const interval = spec.interval ?? parseInterval('1m')
  const start = spec.start ?? DEFAULT_START
  const initialPrice = spec.initialPrice ?? 100
  checkSpec(spec, interval, start, initialPrice)
  const symbols = spec.symbols ?? Array.from({ length: spec.assets }, (_, i) => `SIM${String(i).padStart(3, '0')}`)

  const random = new SeededRandom(spec.seed)
  const assets: AssetState[] = symbols.map(() => ({
    logPrice: Math.log(initialPrice * (0.75 + 0.5 * random.nextFloat())),
    volatilityScale: 0.7 + 0.6 * random.nextFloat(),
    baseVolume: BASE_VOLUME * (0.5 + 1.5 * random.nextFloat()),
    builder: new BarSeriesBuilder(spec.bars),
  }))

  const chain = new RegimeChain()
  const regimes = new Uint8Array(spec.bars)
  const dt = interval.ms / SUBSTEPS / MS_PER_YEAR
  const sqrtDt = Math.sqrt(dt)
  const daysPerSubstep = interval.ms / SUBSTEPS / MS_PER_DAY
  const marketShocks = new Float64Array(SUBSTEPS)
  let trendSign = 1
  let previousRegime = 0

  for (let bar = 0; bar < spec.bars; bar++) {
    const regimeIndex = chain.step(random.nextFloat(), random.nextFloat())
    const regime: RegimeParameters = REGIMES[REGIME_NAMES[regimeIndex]!]
    if (regimeIndex !== previousRegime) trendSign = random.chance(0.5) ? 1 : -1
    previousRegime = regimeIndex
    regimes[bar] = regimeIndex
    const drift = (regimeIndex === 1 ? trendSign : 1) * regime.drift * dt
    const common = Math.sqrt(regime.commonShare)
    const own = Math.sqrt(1 - regime.commonShare)
    const marketJumpChance = regime.marketJumpsPerDay * daysPerSubstep
    const jumpChance = regime.jumpsPerDay * daysPerSubstep
    for (let k = 0; k < SUBSTEPS; k++) {
      let shock = common * random.nextNormal() * sqrtDt
      if (random.chance(marketJumpChance)) shock += jumpSize(random, regime.jumpMeanSize) / regime.volatility
      marketShocks[k] = shock
    }

    const openTime = start + bar * interval.ms
    const profile = intradayVolumeFactor(openTime)
    for (const asset of assets) {
      const sigma = regime.volatility * asset.volatilityScale
      const open = roundToTick(Math.exp(asset.logPrice))
      let high = open
      let low = open
      let x = asset.logPrice
      const startLog = x
      for (let k = 0; k < SUBSTEPS; k++) {
        x += drift + sigma * (marketShocks[k]! + own * random.nextNormal() * sqrtDt)
        if (random.chance(jumpChance)) x += jumpSize(random, regime.jumpMeanSize)
        const price = roundToTick(Math.exp(x))
        if (price > high) high = price
        if (price < low) low = price
      }
      asset.logPrice = x
      const close = roundToTick(Math.exp(x))
      const barVolatility = sigma * sqrtDt * Math.sqrt(SUBSTEPS)
      const lift = 1 + Math.min(10, Math.abs(x - startLog) / barVolatility) * 0.5
      const noise = Math.exp(0.35 * random.nextNormal() - 0.06125)
      const volume = Math.round(asset.baseVolume * (interval.ms / 60_000) * profile * regime.volumeMultiplier * lift * noise)
      asset.builder.push(openTime, openTime + interval.ms, open, high, low, close, volume)
    }
    if (spec.onProgress !== undefined && ((bar + 1) % PROGRESS_EVERY === 0 || bar + 1 === spec.bars)) {
      spec.onProgress(bar + 1, spec.bars)
    }
  }

  return {
    symbols,
    series: assets.map((asset) => asset.builder.build(interval)),
    regimes,
    regimeNames: REGIME_NAMES,
  }
}

/** Double-exponential jump: a fair sign, an exponential size. */
function jumpSize(random: SeededRandom, meanSize: number): number {
  const size = random.nextExponential(meanSize)
  return random.chance(0.5) ? size : -size
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
  if (spec.symbols !== undefined && spec.symbols.length !== spec.assets) {
    throw new RangeError(`symbols lists ${spec.symbols.length} names for ${spec.assets} assets`)
  }
  if (!Number.isSafeInteger(start) || bucketStart(start, interval) !== start) {
    throw new RangeError(`start ${start} is not aligned to the ${interval.label} interval`)
  }
  if (!(initialPrice > 0) || !Number.isFinite(initialPrice)) throw new RangeError(`initialPrice must be > 0, was ${initialPrice}`)
}
