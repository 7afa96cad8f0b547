/**
 * The vectorised fast path for parameter sweeps: many combinations of one strategy's parameters
 * over one instrument's bars, each reported with the figures the event-driven engine's metrics
 * give, at a fraction of the engine's cost. The engine (`runBacktest`) stays the truth; this
 * reproduces it for the strategies with a vectorised form (strategies.ts) under the frictions
 * frictions.ts accepts, and says per combination when a fill outgrew the bar's volume.
 *
 * Shape of a sweep: parse every combination first (a bad one fails before any work, naming its
 * index and parameter), compute each distinct indicator array once, then per combination one
 * pass writing the decision bytes into a buffer shared by all and one pass of the account
 * (simulate.ts). Single-threaded; the sweep runner spreads sweeps over workers.
 */
import type { BarSeries } from '../../data/bar-series.ts'
import { TradePulseError, formatLocated } from '../../domain/errors.ts'
import type { Instrument } from '../../domain/instrument.ts'
import { inferAnnualisation } from '../../backtest/metrics/annualisation.ts'
import type { BacktestConfigInput } from '../../backtest/config.ts'
import { type VectorFrictions, fastPathFrictions } from './frictions.ts'
import { IndicatorArrays } from './indicator-arrays.ts'
import { SweepMarket } from './market.ts'
import type { VectorResult } from './result.ts'
import { type Sampling, simulate } from './simulate.ts'
import { getVectorisedStrategy } from './strategies.ts'
import type { AnyVectorisedStrategy } from './vectorised-strategy.ts'

export interface VectorisedSweepInput {
  /** A strategy name with a vectorised form (`ma-crossover`, `mean-reversion`, `breakout`), or the form itself. */
  readonly strategy: string | AnyVectorisedStrategy
  readonly series: BarSeries
  readonly instrument: Instrument
  /** Raw parameters per combination, checked and completed by the strategy's schema. */
  readonly combos: readonly unknown[]
  /** From `fastPathFrictions(config)`, or a backtest configuration to map (and refuse) here. */
  readonly frictions?: VectorFrictions | BacktestConfigInput
  /** Keep each combination's recorded equity points (`VectorResult.equity`). */
  readonly keepEquity?: boolean
  /** Called after each combination with the number done and the total. */
  readonly onProgress?: (done: number, total: number) => void
}

function isFrictions(value: VectorFrictions | BacktestConfigInput): value is VectorFrictions {
  return 'commissionCentiBasisPoints' in value
}

/** The equity points' sampling, as the engine records them: bar 0, then every `every` bars. */
function samplingOf(series: BarSeries, every: number): Sampling {
  const times: number[] = []
  for (let i = 0; i < series.length; i += every) times.push(series.knownAt[i]!)
  return { every, points: times.length, periodsPerYear: inferAnnualisation(times).periodsPerYear }
}

export function vectorisedSweep(input: VectorisedSweepInput): VectorResult[] {
  const strategy = typeof input.strategy === 'string' ? getVectorisedStrategy(input.strategy) : input.strategy
  const rawFrictions = input.frictions ?? {}
  const frictions = isFrictions(rawFrictions) ? rawFrictions : fastPathFrictions(rawFrictions)
  const params = input.combos.map((raw, index) => {
    try {
      return strategy.parse(raw) as Record<string, unknown>
    } catch (error) {
      if (error instanceof TradePulseError) {
        // Same code and field, the combination's index before the bare message.
        const bare = error.message.slice(formatLocated('', error.location).length)
        throw new TradePulseError(error.code, `combos[${index}]: ${bare}`, error.location)
      }
      throw error
    }
  })
  const market = new SweepMarket(input.series, input.instrument, frictions)
  const arrays = new IndicatorArrays(input.series)
  for (const p of params) for (const spec of strategy.indicators(p)) arrays.get(spec)
  const sampling = samplingOf(input.series, frictions.equityEvery)
  const bars = input.series.length
  const equity = new Float64Array(bars)
  const held = new Uint8Array(bars)
  const returns = new Float64Array(Math.max(1, sampling.points))
  const signals = new Uint8Array(input.series.length)
  const results: VectorResult[] = []
  for (const p of params) {
    strategy.signals(arrays, p, signals)
    const stopRule = strategy.stop?.(p)
    const outcome = simulate({
      market,
      signals,
      fraction: strategy.fraction(p),
      stop:
        stopRule === undefined
          ? undefined
          : { distance: arrays.get(stopRule.distance), multiple: stopRule.multiple },
      sampling,
      equity,
      held,
      returns,
      keepEquity: input.keepEquity === true,
    })
    results.push({ params: p, ...outcome })
    input.onProgress?.(results.length, params.length)
  }
  return results
}
