/**
 * Parity: the same recorded bars replayed through a live run on the paper venue and run through
 * the backtest, with the same strategy, parameters and fill model (the backtest configuration
 * gives both: the paper venue's options, `latency.ackMs`, `risk.maxPositionFraction`), give the
 * same decisions (time, side, type, lots, prices) and the same fills (time, price, lots, fee).
 */
import { describe, expect, it } from 'vitest'
import { type BacktestConfigInput, resolveBacktestConfig } from '../backtest/config.ts'
import { paperVenueOptions } from '../backtest/engine/frictions.ts'
import { runDetailed } from '../backtest/engine/run.ts'
import { tickValues } from '../backtest/engine/tick-values.ts'
import type { InstrumentBars } from '../backtest/input.ts'
import { instrumentBars } from '../cli/backtest-inputs.ts'
import { readBarInputs } from '../cli/bar-inputs.ts'
import { pow10 } from '../domain/decimal.ts'
import type { UnixMillis } from '../domain/time.ts'
import { BUILTIN_STRATEGIES } from '../strategy/registry.ts'
import type { AnyStrategy } from '../strategy/types.ts'
import { type LiveResult, runLiveSession } from './live-session.ts'
import { ReplayFeed } from './replay-feed.ts'
import { reactiveStrategy } from './testing/reactive-strategy.ts'

const clock = { now: () => 0 as UnixMillis }

/** Three instruments of 1-minute bars from the bundled universe, or the daily S&P 500 series. */
async function recorded(path: string, config: BacktestConfigInput, bars: number): Promise<InstrumentBars[]> {
  const inputs = await readBarInputs(path, { policy: 'strict', calendar: 'auto' })
  return instrumentBars(inputs.slice(0, 3), config).map((d) => ({ ...d, series: d.series.slice(0, bars) }))
}

export async function replayLive(
  strategy: AnyStrategy,
  data: readonly InstrumentBars[],
  configInput: BacktestConfigInput,
  params: Record<string, unknown> = {},
): Promise<LiveResult> {
  const config = resolveBacktestConfig(configInput)
  const instruments = data.map((d) => d.instrument)
  return runLiveSession({
    strategy,
    params,
    instruments,
    intervals: data.map((d) => d.series.interval),
    feed: new ReplayFeed({ series: data.map((d) => d.series), clock }),
    venue: { kind: 'paper', options: (c) => paperVenueOptions(config, instruments, c) },
    initialCash: config.initialCapital,
    accountCurrency: config.accountCurrency,
    ackMs: config.latency.ackMs,
    positionLimitFraction: config.risk.maxPositionFraction,
    onExit: 'keep',
    signal: new AbortController().signal,
    deterministic: true,
  })
}

/** A live fill as the backtest records one: price in price units, fee in the quote currency. */
function liveFills(result: LiveResult, data: readonly InstrumentBars[]): unknown[] {
  return result.fills.map((f) => {
    const instrument = data.find((d) => d.instrument.id === f.instrumentId)!.instrument
    return {
      time: f.time,
      orderId: f.orderId,
      side: f.side,
      price: tickValues(instrument)(f.price),
      lots: f.quantity,
      fee: Number(f.fee) / Number(pow10(instrument.quoteCurrency.decimals)),
    }
  })
}

const CONFIGS: Record<string, BacktestConfigInput> = {
  defaults: {},
  'latency, next-open, commission, position limit': {
    fill: 'next-open',
    latency: { submitMs: 120_000, ackMs: 180_000 },
    commission: { perOrder: 1, basisPoints: 2 },
    slippage: { model: 'volatility' },
    liquidity: { participation: 0.05, limitFill: 'touch' },
    risk: { maxPositionFraction: 3 },
  },
}

const CASES: readonly { strategy: AnyStrategy; data: string; params?: Record<string, unknown> }[] = [
  ...BUILTIN_STRATEGIES.filter((s) => s.name !== 'regime').map((strategy) => ({
    strategy,
    data: 'data/universe',
  })),
  { strategy: BUILTIN_STRATEGIES.find((s) => s.name === 'regime')!, data: 'data/sp500-2000.csv' },
  { strategy: reactiveStrategy, data: 'data/universe', params: { offset: 0.0003 } },
]

describe('a replay through live --venue paper and a backtest of the same bars', () => {
  for (const [label, config] of Object.entries(CONFIGS)) {
    for (const { strategy, data: path, params } of CASES) {
      it(`decide and fill the same: ${strategy.name} on ${path}, ${label}`, async () => {
        const data = await recorded(path, config, 1500)
        const backtest = runDetailed({ strategy, data, config, ...(params === undefined ? {} : { params }) })
        const live = await replayLive(strategy, data, config, params)
        expect(backtest.decisions.length, 'the strategy trades').toBeGreaterThan(3)
        expect(live.decisions).toEqual(backtest.decisions)
        const backtestFills = backtest.result.fills.map((f) => ({
          time: f.time,
          orderId: f.orderId,
          side: f.side,
          price: f.price,
          lots: f.lots,
          fee: f.fee,
        }))
        expect(backtestFills.length, 'orders fill').toBeGreaterThan(0)
        expect(liveFills(live, data)).toEqual(backtestFills)
        expect(live.orders.map((o) => [o.clientOrderId, o.status, o.filledQuantity])).toEqual(
          backtest.result.orders.map((o) => [o.clientOrderId, o.status, o.filledLots]),
        )
      })
    }
  }
})
