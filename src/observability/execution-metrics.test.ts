import { describe, expect, it } from 'vitest'
import {
  ACME,
  BOLT,
  type Market,
  ScriptedStrategy,
  external,
  openMarket,
} from '../execution/e2e/testing/market.ts'
import type { JournalRecord } from '../execution/journal-record.ts'
import { MemoryJournal } from '../execution/journal/memory-journal.ts'
import { instrumentExecutionCore, venueOfInstrument } from './execution-metrics.ts'
import { type TradePulseMetrics, createTradePulseMetrics } from './metrics.ts'
import { type Sample, sample, samples } from './testing/read-metrics.ts'

interface Instrumented {
  readonly market: Market
  readonly metrics: TradePulseMetrics
  readonly journal: MemoryJournal<JournalRecord>
  readonly stop: () => void
}

function instrumentedMarket(options: { latencyMs?: number; maxOrderQuantity?: number } = {}): Instrumented {
  const journal = new MemoryJournal<JournalRecord>()
  const market = openMarket({
    journal,
    instruments: [ACME, BOLT],
    ...(options.latencyMs === undefined
      ? {}
      : { submitLatencyMs: options.latencyMs, reportLatencyMs: options.latencyMs }),
    ...(options.maxOrderQuantity === undefined
      ? {}
      : { risk: { account: { maxOrderQuantity: options.maxOrderQuantity } } }),
  })
  const metrics = createTradePulseMetrics(undefined, { defaultMetrics: false })
  const stop = instrumentExecutionCore(market.core, metrics, market.clock)
  return { market, metrics, journal, stop }
}

/** Moves the clock and lets the exchange deliver what is due, as a backtest loop does. */
function advance(market: Market, ms: number): void {
  market.clock.advance(ms)
  market.exchange.advanceTo(market.clock.now())
}

describe('instrumentExecutionCore', () => {
  it('counts submissions and fills by venue, side and type, and keeps the position', async () => {
    const { market, metrics } = instrumentedMarket()
    external(market, 'mm', 'sell', 10, 10_000, ACME)
    external(market, 'mm', 'buy', 10, 9_990, ACME)
    const strategy = new ScriptedStrategy(market)
    strategy.market('buy', 3)
    strategy.market('buy', 2)
    strategy.market('sell', 1)
    strategy.limit('buy', 4, 9_000) // rests: submitted, not filled

    expect(await samples(metrics, 'tradepulse_orders_submitted_total')).toEqual<Sample[]>([
      { labels: { venue: 'SIM', side: 'buy', type: 'market' }, value: 2 },
      { labels: { venue: 'SIM', side: 'sell', type: 'market' }, value: 1 },
      { labels: { venue: 'SIM', side: 'buy', type: 'limit' }, value: 1 },
    ])
    expect(await samples(metrics, 'tradepulse_fills_total')).toEqual<Sample[]>([
      { labels: { venue: 'SIM', side: 'buy' }, value: 2 },
      { labels: { venue: 'SIM', side: 'sell' }, value: 1 },
    ])
    expect(await sample(metrics, 'tradepulse_position_quantity', { instrument: ACME.id })).toBe(4)
    expect(await sample(metrics, 'tradepulse_open_orders')).toBe(1)
  })

  it('counts risk rejections by the risk engine’s reason code', async () => {
    const { market, metrics } = instrumentedMarket({ maxOrderQuantity: 5 })
    external(market, 'mm', 'sell', 10, 10_000, ACME)
    const strategy = new ScriptedStrategy(market)
    expect(strategy.market('buy', 6)).toMatchObject({ ok: false, code: 'max-order-quantity' })
    expect(strategy.market('buy', 7)).toMatchObject({ ok: false, code: 'max-order-quantity' })
    strategy.market('buy', 5)
    expect(await sample(metrics, 'tradepulse_orders_rejected_total', { reason: 'max-order-quantity' })).toBe(
      2,
    )
    expect(await samples(metrics, 'tradepulse_orders_submitted_total')).toEqual<Sample[]>([
      { labels: { venue: 'SIM', side: 'buy', type: 'market' }, value: 1 },
    ])
  })

  it('times submit → acknowledged and submit → first fill on the clock, in seconds', async () => {
    const { market, metrics } = instrumentedMarket({ latencyMs: 2 })
    external(market, 'mm', 'sell', 10, 10_000, ACME)
    const strategy = new ScriptedStrategy(market)
    strategy.limit('buy', 1, 10_000)
    // The command reaches the book 2 ms after submission, the acceptance and the fill 2 ms later.
    advance(market, 2)
    advance(market, 2)
    const ack = await samples(metrics, 'tradepulse_order_ack_latency_seconds')
    expect(ack.find((s) => s.metricName === 'tradepulse_order_ack_latency_seconds_sum')?.value).toBeCloseTo(
      0.004,
    )
    expect(ack.find((s) => s.metricName === 'tradepulse_order_ack_latency_seconds_count')?.value).toBe(1)
    // 4 ms lies in the (2.5 ms, 5 ms] bucket.
    const bucket = (le: number): number | undefined =>
      ack.find((s) => s.metricName?.endsWith('_bucket') === true && s.labels.le === le)?.value
    expect([bucket(0.0025), bucket(0.005)]).toEqual([0, 1])
    const fill = await samples(metrics, 'tradepulse_order_fill_latency_seconds')
    expect(fill.find((s) => s.metricName === 'tradepulse_order_fill_latency_seconds_sum')?.value).toBeCloseTo(
      0.004,
    )
    expect(fill.find((s) => s.metricName === 'tradepulse_order_fill_latency_seconds_count')?.value).toBe(1)
  })

  it('observes the fill latency once per order, at its first fill', async () => {
    const { market, metrics } = instrumentedMarket()
    external(market, 'mm', 'sell', 2, 10_000, ACME)
    const strategy = new ScriptedStrategy(market)
    strategy.limit('buy', 5, 10_000) // 2 of 5 fill at once
    market.clock.advance(7)
    external(market, 'late', 'sell', 3, 10_000, ACME) // the other 3, 7 ms later
    expect(await sample(metrics, 'tradepulse_fills_total', { venue: 'SIM', side: 'buy' })).toBe(2)
    const fill = await samples(metrics, 'tradepulse_order_fill_latency_seconds')
    expect(fill.find((s) => s.metricName === 'tradepulse_order_fill_latency_seconds_count')?.value).toBe(1)
    expect(fill.find((s) => s.metricName === 'tradepulse_order_fill_latency_seconds_sum')?.value).toBe(0)
  })

  it('follows the kill switch: engaged on a trip, cancels counted, new orders refused, released on reset', async () => {
    const { market, metrics } = instrumentedMarket()
    const strategy = new ScriptedStrategy(market)
    strategy.limit('buy', 1, 9_000)
    strategy.limit('buy', 1, 9_100)
    expect(await sample(metrics, 'tradepulse_kill_switch_engaged')).toBe(0)
    expect(await sample(metrics, 'tradepulse_open_orders')).toBe(2)

    market.core.killSwitch.trip(market.clock.now(), 'desk: runaway strategy')
    expect(await sample(metrics, 'tradepulse_kill_switch_engaged')).toBe(1)
    expect(await sample(metrics, 'tradepulse_orders_cancelled_total', { venue: 'SIM' })).toBe(2)
    expect(await sample(metrics, 'tradepulse_open_orders')).toBe(0)
    expect(strategy.limit('buy', 1, 9_000)).toMatchObject({ ok: false, code: 'kill-switch' })
    expect(await sample(metrics, 'tradepulse_orders_rejected_total', { reason: 'kill-switch' })).toBe(1)

    market.core.killSwitch.reset(market.clock.now(), 'desk: reviewed')
    expect(await sample(metrics, 'tradepulse_kill_switch_engaged')).toBe(0)
  })

  it('rebuilds gauges from a recovered core without counting the replayed history again', async () => {
    const { market, journal } = instrumentedMarket()
    external(market, 'mm', 'sell', 10, 10_000, ACME)
    new ScriptedStrategy(market).market('buy', 3)
    market.core.killSwitch.trip(market.clock.now(), 'desk: end of day')

    const recovered = openMarket(
      { journal: new MemoryJournal<JournalRecord>(), instruments: [ACME, BOLT] },
      journal.contents().records,
    )
    const metrics = createTradePulseMetrics(undefined, { defaultMetrics: false })
    instrumentExecutionCore(recovered.core, metrics, recovered.clock)
    expect(await sample(metrics, 'tradepulse_kill_switch_engaged')).toBe(1)
    expect(await sample(metrics, 'tradepulse_position_quantity', { instrument: ACME.id })).toBe(3)
    expect(await samples(metrics, 'tradepulse_orders_submitted_total')).toEqual([])
  })

  it('stops counting once unsubscribed', async () => {
    const { market, metrics, stop } = instrumentedMarket()
    stop()
    new ScriptedStrategy(market).limit('buy', 1, 9_000)
    expect(await samples(metrics, 'tradepulse_orders_submitted_total')).toEqual([])
  })

  it('reads the venue from the instrument id, whose symbol may hold dots', () => {
    expect(venueOfInstrument(ACME.id)).toBe('SIM')
    expect(venueOfInstrument('BRK.B.NYSE' as typeof ACME.id)).toBe('NYSE')
  })
})
