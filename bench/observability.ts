/**
 * The cost of observability on the order path: submit → risk → paper venue → fill → portfolio,
 * with the Prometheus metrics (`instrumentExecutionCore`) and the structured logs
 * (`logExecutionCore`, info level, to /dev/null through pino's asynchronous writer) on, against
 * the same path with nothing subscribed — in the same run, on fresh rigs, alternating which goes
 * first so neither always gets the warmer machine.
 *
 * Each order is a market order the paper venue acknowledges at once and fills on the next quote,
 * sides alternating so the position stays small. The cost is reported as throughput with ÷
 * without, per repetition: the median and the best of `--reps` (default 5). The target is a ratio
 * of 0.90 or more (under 10 % fewer orders per second).
 */
import { clientOrderId } from '../src/domain/ids.ts'
import { type PriceTicks, type QuantityLots, defineInstrument } from '../src/domain/instrument.ts'
import { money } from '../src/domain/money.ts'
import { ManualClock } from '../src/execution/clock.ts'
import { type ExecutionCore, createExecutionCore } from '../src/execution/execution-core.ts'
import type { JournalRecord } from '../src/execution/journal-record.ts'
import { MemoryJournal } from '../src/execution/journal/memory-journal.ts'
import { PaperVenue } from '../src/execution/venues/paper-venue.ts'
import { instrumentExecutionCore } from '../src/observability/execution-metrics.ts'
import { createLogger, logExecutionCore } from '../src/observability/logger.ts'
import { createTradePulseMetrics } from '../src/observability/metrics.ts'
import { pino } from 'pino'
import type { BenchSuite } from './run.ts'

const ACME = defineInstrument({
  symbol: 'ACME',
  venue: 'PAPER',
  assetClass: 'equity',
  quoteCurrency: 'USD',
  tickSize: '0.01',
  lotSize: '1',
})

interface Rig {
  readonly core: ExecutionCore
  readonly venue: PaperVenue
  readonly clock: ManualClock
  readonly close: () => void
}

function rig(observed: boolean): Rig {
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 14, 30))
  const venue = new PaperVenue({ instruments: [ACME], clock })
  const core = createExecutionCore({
    clock,
    venue,
    instruments: [ACME],
    initialCash: [money(ACME.quoteCurrency, '100000000')],
    accountCurrency: 'USD',
    // Memory journal without a codec: the journal's own cost is measured in bench/execution.ts.
    journal: new MemoryJournal<JournalRecord>(),
    risk: { account: { maxOrderQuantity: 1_000, maxPosition: 10_000 } },
    referencePrice: () => 10_000 as PriceTicks,
  })
  if (!observed) return { core, venue, clock, close: () => undefined }
  const metrics = createTradePulseMetrics(undefined, { defaultMetrics: false })
  instrumentExecutionCore(core, metrics, clock)
  const destination = pino.destination({ dest: '/dev/null', sync: true, minLength: 4096 })
  logExecutionCore(core, createLogger({ level: 'info', destination }))
  return {
    core,
    venue,
    clock,
    close: () => {
      destination.flushSync()
    },
  }
}

/** Orders per second through the whole path. */
function run(observed: boolean, orders: number, tag: string): number {
  const r = rig(observed)
  const step = (i: number): void => {
    r.clock.advance(1)
    r.core.manager.submit({
      clientOrderId: clientOrderId(`${tag}-${i}`),
      instrumentId: ACME.id,
      side: i % 2 === 0 ? 'buy' : 'sell',
      type: 'market',
      quantity: 1 as QuantityLots,
      timeInForce: 'IOC',
    })
    r.venue.onQuote({
      instrumentId: ACME.id,
      tsEvent: r.clock.now(),
      bidPrice: 99.99,
      bidSize: 1_000,
      askPrice: 100.01,
      askSize: 1_000,
    })
  }
  for (let i = 0; i < Math.min(2_000, orders); i++) step(-i - 1) // warm-up on the same rig
  const start = performance.now()
  for (let i = 0; i < orders; i++) step(i)
  const seconds = (performance.now() - start) / 1000
  r.close()
  if (r.core.portfolio.quantity(ACME.id) !== 0 && orders % 2 === 0)
    throw new Error('the orders did not all fill')
  return orders / seconds
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export const observabilitySuite: BenchSuite = {
  name: 'observability',
  description: 'order path throughput with metrics and logging on versus off',
  run: async ({ rows, repetitions, log }) => {
    const orders = Math.max(2, Math.min(rows, 50_000)) & ~1
    const reps = repetitions ?? 5
    const ratios: number[] = []
    const lines: string[] = [
      `observability: ${orders} market orders per run, submit → risk → paper venue → fill → portfolio`,
      'rep | off orders/s | on orders/s | on ÷ off',
    ]
    for (let rep = 0; rep < reps; rep++) {
      log(`observability: repetition ${rep + 1}/${reps}`)
      const onFirst = rep % 2 === 1
      const a = run(onFirst, orders, `a${rep}`)
      const b = run(!onFirst, orders, `b${rep}`)
      const [off, on] = onFirst ? [b, a] : [a, b]
      ratios.push(on / off)
      lines.push(`${rep + 1} | ${off.toFixed(0)} | ${on.toFixed(0)} | ${(on / off).toFixed(3)}`)
      await Promise.resolve()
    }
    const med = median(ratios)
    const best = Math.max(...ratios)
    lines.push(
      `throughput with observability ÷ without: median ${med.toFixed(3)} (cost ${((1 - med) * 100).toFixed(1)} %), best ${best.toFixed(3)} (cost ${((1 - best) * 100).toFixed(1)} %); target ≥ 0.900`,
    )
    return lines
  },
}
