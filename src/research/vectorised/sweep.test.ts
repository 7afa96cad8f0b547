import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { runBacktest } from '../../backtest/engine.ts'
import { instrumentForSeries } from '../../backtest/engine/instruments.ts'
import { simulateUniverse } from '../../data/simulator/universe.ts'
import { TradePulseError } from '../../domain/errors.ts'
import { getStrategy } from '../../strategy/registry.ts'
import { fastPathFrictions } from './frictions.ts'
import { vectorisedSweep } from './sweep.ts'

const series = simulateUniverse({ assets: 1, bars: 2000, seed: 3 }).series[0]!
const instrument = instrumentForSeries('SIM000', series)
const frictions = fastPathFrictions({
  initialCapital: 50_000,
  fill: 'next-open',
  liquidity: { participation: 1 },
})

function thrown(run: () => unknown): TradePulseError {
  try {
    run()
  } catch (error) {
    if (error instanceof TradePulseError) return error
    throw error
  }
  throw new Error('did not throw')
}

describe('vectorisedSweep', () => {
  it('reports one result per combination, in order, with the parameters completed by the schema', () => {
    const results = vectorisedSweep({
      strategy: 'ma-crossover',
      series,
      instrument,
      combos: [{ fast: 5, slow: 20 }, {}],
      frictions,
    })
    expect(results.map((r) => r.params)).toEqual([
      { fast: 5, slow: 20, average: 'sma', allowShort: false, fraction: 0.95 },
      { fast: 10, slow: 30, average: 'sma', allowShort: false, fraction: 0.95 },
    ])
    expect(results[0]!.equity, 'equity points only when asked').toBeUndefined()
  })

  it('names the combination and the parameter of a bad combination before any work', () => {
    const error = thrown(() =>
      vectorisedSweep({
        strategy: 'ma-crossover',
        series,
        instrument,
        combos: [{}, { fast: 30, slow: 10 }],
        frictions,
      }),
    )
    expect(error.code).toBe('STRATEGY_INVALID_PARAMS')
    expect(error.message).toMatch(/^ma-crossover\.fast: combos\[1\]: fast must be below slow/)
  })

  it('refuses a strategy without a vectorised form', () => {
    const error = thrown(() => vectorisedSweep({ strategy: 'regime', series, instrument, combos: [{}] }))
    expect(error.code).toBe('RESEARCH_FAST_PATH_UNSUPPORTED')
    expect(error.message).toContain('ma-crossover, mean-reversion, breakout')
  })

  it('refuses a configuration it cannot model when given one instead of frictions', () => {
    const error = thrown(() =>
      vectorisedSweep({
        strategy: 'breakout',
        series,
        instrument,
        combos: [{}],
        frictions: { latency: { submitMs: 5 } },
      }),
    )
    expect(error.location.field).toBe('latency.submitMs')
  })

  it('refuses an instrument quoted in another currency than the account', () => {
    const euro = instrumentForSeries('SIM000', series, 'EUR')
    expect(
      thrown(() =>
        vectorisedSweep({ strategy: 'ma-crossover', series, instrument: euro, combos: [{}], frictions }),
      ).location.field,
    ).toBe('instrument.quoteCurrency')
  })

  it('counts the fills larger than participation × the bar volume, where the engine would part ways', () => {
    const big = fastPathFrictions({ initialCapital: 100_000_000, liquidity: { participation: 0.1 } })
    const [result] = vectorisedSweep({
      strategy: 'ma-crossover',
      series,
      instrument,
      combos: [{}],
      frictions: big,
    })
    expect(result!.fills).toBeGreaterThan(0)
    expect(result!.participationExceeded).toBe(result!.fills)
  })

  it('reports progress after each combination', () => {
    const seen: [number, number][] = []
    vectorisedSweep({
      strategy: 'mean-reversion',
      series,
      instrument,
      combos: [{}, {}, {}],
      frictions,
      onProgress: (done, total) => seen.push([done, total]),
    })
    expect(seen).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ])
  })

  it('agrees with runBacktest on final equity and fills for any crossover, frictions and capital (property)', () => {
    const short = series.slice(0, 400)
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom('sma', 'ema'),
        fc.boolean(),
        fc.integer({ min: 1, max: 100 }).map((k) => k / 100),
        fc.integer({ min: 0, max: 500 }).map((k) => k / 100),
        fc.integer({ min: 0, max: 20 }),
        fc.constantFrom(5_000, 20_000, 75_000),
        fc.constantFrom(0.5, 1, 3),
        (
          fast,
          gap,
          average,
          allowShort,
          fraction,
          commission,
          slippage,
          initialCapital,
          maxPositionFraction,
        ) => {
          const params = { fast, slow: fast + gap, average, allowShort, fraction }
          const config = {
            initialCapital,
            fill: 'next-open' as const,
            commission: { basisPoints: commission },
            slippage: { model: 'fixed-bps' as const, basisPoints: slippage },
            liquidity: { participation: 1 },
            risk: { maxPositionFraction },
          }
          const [v] = vectorisedSweep({
            strategy: 'ma-crossover',
            series: short,
            instrument,
            combos: [params],
            frictions: config,
          })
          const result = runBacktest({
            strategy: getStrategy('ma-crossover'),
            params,
            data: [{ instrument, series: short, source: 'simulated' }],
            config,
          })
          if (v!.participationExceeded > 0) return
          expect(v!.fills).toBe(result.fills.length)
          expect(v!.orders).toBe(result.orders.length)
          expect(v!.finalEquity).toBe(result.equity.at(-1)!.equity)
        },
      ),
      { numRuns: 40 },
    )
  })
})
