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
 * tests). A first row times fixed arithmetic of about the same length, allocating nothing: the
 * tail the machine itself adds, measured in the same run. Latency is timed per order with `performance.now()`; its own cost (tens of ns) is
 * included, so the figures are slightly pessimistic.
 *
 * Each variant runs `--reps` times (default 5), each on a fresh rig after a warm-up. The table
 * gives the median over the runs of each percentile, with the range beside it, because a shared
 * machine moves the tail from run to run. Beside the latency, two figures that load cannot move:
 * bytes allocated per order (heap growth plus what every GC in the timed window freed, from
 * `v8.GCProfiler`) and young-generation collections (scavenges) per 10,000 orders. The request
 * object and its client order id, built inside the timed call as a strategy would, are counted.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GCProfiler } from 'node:v8'
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

let sink = 0

/**
 * The machine's own tail: a fixed run of integer arithmetic about as long as a market order's
 * median, allocating nothing. Whatever spread it shows (timer, interrupts, a neighbour on the
 * host) is the floor under every other row; the order paths are read against it.
 */
function fixedWork(_r: Rig, i: number): void {
  let x = i
  for (let j = 0; j < 200; j++) x = (x * 1_103_515_245 + 12_345) % 2_147_483_647
  sink += x
}

export interface Timing {
  readonly p50: number
  readonly p99: number
  readonly p999: number
  readonly perSecond: number
  /** Heap bytes allocated per order: growth of the used heap plus what the GCs in the window freed. */
  readonly bytesPerOrder: number
  /** Young-generation collections (scavenges) per 10,000 orders. */
  readonly scavengesPer10k: number
  /** Full (mark-compact) collections, incremental marking included, during the window. */
  readonly majorCollections: number
}

function time(r: Rig, count: number, op: (r: Rig, i: number) => void): Timing {
  const samples = new Float64Array(count)
  const gc = new GCProfiler()
  gc.start()
  const heapBefore = process.memoryUsage().heapUsed
  const start = performance.now()
  for (let i = 0; i < count; i++) {
    if (i % 1000 === 0) r.clock.advance(1)
    const t0 = performance.now()
    op(r, i)
    samples[i] = performance.now() - t0
  }
  const total = performance.now() - start
  const heapAfter = process.memoryUsage().heapUsed
  const collections = gc.stop().statistics
  let freed = 0
  let scavenges = 0
  let major = 0
  for (const c of collections) {
    freed += c.beforeGC.heapStatistics.usedHeapSize - c.afterGC.heapStatistics.usedHeapSize
    if (c.gcType === 'Scavenge' || c.gcType === 'MinorMarkSweep') scavenges++
    else if (c.gcType === 'MarkSweepCompact') major++
  }
  samples.sort()
  const at = (q: number): number => samples[Math.min(count - 1, Math.floor(q * count))]! * 1e3
  return {
    p50: at(0.5),
    p99: at(0.99),
    p999: at(0.999),
    perSecond: (count / total) * 1e3,
    bytesPerOrder: (heapAfter - heapBefore + freed) / count,
    scavengesPer10k: (scavenges / count) * 1e4,
    majorCollections: major,
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** `median (min–max)` of one figure over the runs. */
function spread(runs: readonly Timing[], pick: (t: Timing) => number, digits: number): string {
  const values = runs.map(pick)
  const f = (x: number): string => x.toFixed(digits)
  return runs.length === 1
    ? f(values[0]!)
    : `${f(median(values))} (${f(Math.min(...values))}–${f(Math.max(...values))})`
}

export const executionSuite: BenchSuite = {
  name: 'execution',
  description:
    'in-process submit → risk → venue → fill → portfolio latency (p50/p99/p99.9), bytes allocated and GCs per order, on the simulated exchange',
  // eslint-disable-next-line @typescript-eslint/require-await
  async run({ log, repetitions }) {
    const count = 200_000
    const runs = repetitions ?? 5
    const lines = [
      `Execution path, in process (${count.toLocaleString('en-US')} orders per run after a warm-up, ${runs} runs per variant; µs per order, median over the runs with the range)`,
      '',
      '| path | p50 | p99 | p99.9 | orders/s | bytes/order | scavenges/10k orders | full GCs/run |',
      '|---|---|---|---|---|---|---|---|',
    ]
    const dir = mkdtempSync(join(tmpdir(), 'tradepulse-bench-'))
    const files: { close(): void }[] = []
    try {
      const variants: [string, () => RecordSink, (r: Rig, i: number) => void][] = [
        [
          'baseline: fixed arithmetic, no allocation (the machine’s floor)',
          () => new MemoryJournal<JournalRecord>(),
          fixedWork,
        ],
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
          () => {
            const file = openJournal(join(dir, `bench-${sequence}.jsonl`), {
              codec: journalRecordCodec,
              durability: 'batch',
            })
            files.push(file)
            return file
          },
          marketOrder,
        ],
      ]
      for (const [label, journal, op] of variants) {
        log(`execution: ${label}`)
        const timings: Timing[] = []
        for (let rep = 0; rep < runs; rep++) {
          const r = rig(journal())
          time(r, 20_000, op)
          const t = time(r, count, op)
          timings.push(t)
          log(
            `execution: run ${rep + 1}/${runs}: p50 ${t.p50.toFixed(2)} µs, p99 ${t.p99.toFixed(2)} µs, p99.9 ${t.p999.toFixed(2)} µs, ${t.bytesPerOrder.toFixed(0)} B/order, ${t.scavengesPer10k.toFixed(2)} scavenges/10k`,
          )
          const reconciled = r.core.portfolio.reconcile().every((x) => x.difference === 0n)
          if (!reconciled) throw new Error('the ledger does not reconcile after the benchmark')
          // A refused order takes a short cut: the figures only mean something if every order went the whole way.
          const refused = r.core.manager.orders().filter((o) => o.status === 'rejected')
          if (refused.length > 0)
            throw new Error(`${refused.length} orders were refused; the benchmark measured nothing`)
        }
        lines.push(
          `| ${label} | ${spread(timings, (t) => t.p50, 2)} | ${spread(timings, (t) => t.p99, 2)} | ${spread(timings, (t) => t.p999, 2)} | ${Math.round(median(timings.map((t) => t.perSecond))).toLocaleString('en-US')} | ${spread(timings, (t) => t.bytesPerOrder, 0)} | ${spread(timings, (t) => t.scavengesPer10k, 2)} | ${spread(timings, (t) => t.majorCollections, 0)} |`,
        )
      }
    } finally {
      for (const file of files) file.close()
      rmSync(dir, { recursive: true, force: true })
    }
    if (sink === 0) lines.push('') // keeps the baseline's arithmetic from being optimised away
    return lines
  },
}
