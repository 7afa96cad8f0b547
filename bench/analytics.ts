/**
 * Analytics throughput: transaction cost analysis and attribution over a run of 1,000,000 fills
 * (500,000 orders of two fills, 250,000 round-trip trades), and VaR/ES of a portfolio of 500
 * instruments × 2,500 days (the covariance matrix, the parametric portfolio VaR and the
 * historical VaR/ES table of the portfolio P&L). `--an-fills N`, `--an-instruments N` and
 * `--an-days N` shrink them.
 *
 * Each is set beside a naive baseline measured in the same run: TCA and attribution summed in
 * floats with one full sort per percentile (no exact minor units, no shared sort), and the
 * covariance matrix computed pair by pair from the raw series (each pair re-deriving its means).
 * Inputs are seeded; each side is timed `--reps` times (default 3), median and best reported.
 */
import { attribute } from '../src/analytics/attribution/attribution.ts'
import type { PhaseLabel } from '../src/analytics/attribution/phase-timeline.ts'
import { covariance, covarianceMatrix } from '../src/analytics/risk/dependence.ts'
import { normalQuantile } from '../src/research/overfitting/normal-distribution.ts'
import { varTable } from '../src/analytics/risk/value-at-risk.ts'
import { transactionCosts } from '../src/analytics/tca/tca.ts'
import type { FillRecord, OrderRecord, TradeRecord } from '../src/backtest/result.ts'
import { NormalSampler } from '../src/data/simulator/normal.ts'
import { SeededRandom } from '../src/data/simulator/random.ts'
import { currency } from '../src/domain/money.ts'
import type { UnixMillis } from '../src/domain/time.ts'
import type { BenchRunOptions, BenchSuite } from './run.ts'

const USD = currency('USD')

interface Timed {
  readonly medianMs: number
  readonly bestMs: number
}

function timeRuns(
  repetitions: number,
  label: string,
  log: (line: string) => void,
  run: () => unknown,
): Timed {
  const times: number[] = []
  for (let k = 0; k < repetitions; k++) {
    const start = performance.now()
    run()
    times.push(performance.now() - start)
    log(`analytics: ${label}: run ${k + 1}/${repetitions}: ${(times.at(-1)! / 1000).toFixed(2)} s`)
  }
  times.sort((a, b) => a - b)
  const mid = times.length >> 1
  return {
    bestMs: times[0]!,
    medianMs: times.length % 2 === 1 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2,
  }
}

function sizeFlag(args: readonly string[], flag: string, fallback: number): number {
  const i = args.indexOf(flag)
  if (i < 0) return fallback
  const value = Number((args[i + 1] ?? '').replaceAll('_', ''))
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${flag} wants a positive integer`)
  return value
}

function syntheticRun(fillCount: number): {
  orders: OrderRecord[]
  fills: FillRecord[]
  trades: TradeRecord[]
  times: number[]
  closes: number[]
} {
  const random = new SeededRandom(20_261_206)
  const normal = new NormalSampler(random)
  const bars = Math.max(2, fillCount / 2)
  const times = Array.from({ length: bars }, (_, i) => i * 60_000)
  const closes: number[] = [100]
  for (let i = 1; i < bars; i++) closes.push(closes[i - 1]! * Math.exp(0.001 * normal.next()))
  const orders: OrderRecord[] = []
  const fills: FillRecord[] = []
  const trades: TradeRecord[] = []
  for (let o = 0; o < fillCount / 2; o++) {
    const side = o % 2 === 0 ? 'buy' : 'sell'
    const at = times[o]!
    const close = closes[o]!
    orders.push({
      orderId: `O${o}`,
      clientOrderId: `C${o}`,
      instrumentId: o % 3 === 0 ? 'AAA.XNAS' : 'BBB.XNYS',
      side,
      type: o % 5 === 0 ? 'limit' : 'market',
      lots: 10,
      price: null,
      stopPrice: null,
      status: 'filled',
      filledLots: 10,
      averagePrice: close,
      createdAt: at as UnixMillis,
      updatedAt: (at + 30_000) as UnixMillis,
      reason: null,
      tag: null,
    })
    for (let f = 0; f < 2; f++) {
      const price = Math.round(close * (1 + 0.0002 * normal.next()) * 100) / 100
      fills.push({
        time: (at + f * 30_000) as UnixMillis,
        instrumentId: orders[o]!.instrumentId,
        orderId: `O${o}`,
        tradeId: `T${o}-${f}`,
        side,
        price,
        lots: 5,
        quantity: 5,
        fee: Math.round(price * 5 * 0.0001 * 100) / 100,
        slippage: 0.01,
        liquidity: 'taker',
      })
    }
    if (o % 2 === 1) {
      trades.push({
        instrumentId: orders[o]!.instrumentId,
        direction: 'long',
        entryTime: times[o - 1]! as UnixMillis,
        exitTime: at as UnixMillis,
        entryPrice: closes[o - 1]!,
        exitPrice: close,
        quantity: 10,
        pnl: Math.round((close - closes[o - 1]!) * 10 * 100) / 100,
        fees: 0,
        returnPct: 0,
        bars: 1,
      })
    }
  }
  return { orders, fills, trades, times, closes }
}

function naiveCosts(
  orders: readonly OrderRecord[],
  fills: readonly FillRecord[],
  closes: readonly number[],
): number {
  const byOrder = new Map<string, FillRecord[]>()
  for (const fill of fills) byOrder.set(fill.orderId, [...(byOrder.get(fill.orderId) ?? []), fill])
  const shortfalls: number[] = []
  let fees = 0
  for (const [i, order] of orders.entries()) {
    const own = byOrder.get(order.orderId) ?? []
    const quantity = own.reduce((s, f) => s + f.quantity, 0)
    const average = own.reduce((s, f) => s + f.price * f.quantity, 0) / quantity
    fees += own.reduce((s, f) => s + f.fee, 0)
    shortfalls.push(((order.side === 'buy' ? 1 : -1) * (average - closes[i]!) * 10_000) / closes[i]!)
  }
  const pick = (p: number): number =>
    [...shortfalls].sort((a, b) => a - b)[Math.floor(p * (shortfalls.length - 1))]!
  return pick(0.5) + pick(0.9) + pick(0.99) + fees
}

function naiveAttribution(trades: readonly TradeRecord[]): number {
  const by = new Map<string, number>()
  for (const trade of trades) by.set(trade.instrumentId, (by.get(trade.instrumentId) ?? 0) + trade.pnl)
  return [...by.values()].reduce((a, b) => a + b, 0)
}

function measure({ args, log, repetitions }: BenchRunOptions): string[] {
  const reps = repetitions ?? 3
  const fillCount = sizeFlag(args, '--an-fills', 1_000_000)
  const instruments = sizeFlag(args, '--an-instruments', 500)
  const days = sizeFlag(args, '--an-days', 2_500)
  const run = syntheticRun(fillCount)
  const market = new Map([
    ['AAA.XNAS', { times: run.times, closes: run.closes }],
    ['BBB.XNYS', { times: run.times, closes: run.closes }],
  ])
  const tca = timeRuns(reps, 'tca', log, () =>
    transactionCosts({ strategy: 'bench', currency: USD, orders: run.orders, fills: run.fills, market }),
  )
  const tcaNaive = timeRuns(reps, 'tca naive', log, () => naiveCosts(run.orders, run.fills, run.closes))
  const phases = new Map([
    [
      'AAA.XNAS',
      {
        times: run.times,
        labels: run.times.map((_, i): PhaseLabel => (i % 7 < 3 ? 'chaotic' : 'proto-emergent')),
      },
    ],
  ])
  const attribution = timeRuns(reps, 'attribution', log, () =>
    attribute({ strategy: 'bench', currency: USD, initialCapital: 1e6, trades: run.trades, phases }),
  )
  const attributionNaive = timeRuns(reps, 'attribution naive', log, () => naiveAttribution(run.trades))

  const normal = new NormalSampler(new SeededRandom(7))
  const returns = Array.from({ length: instruments }, () =>
    Float64Array.from({ length: days }, () => 0.01 * normal.next()),
  )
  const values = Array.from({ length: instruments }, (_, i) => 1000 + i)
  const portfolioVar = (cov: ArrayLike<number>): number => {
    let variance = 0
    for (let i = 0; i < instruments; i++)
      for (let j = 0; j < instruments; j++) variance += values[i]! * values[j]! * cov[i * instruments + j]!
    return -normalQuantile(0.01) * Math.sqrt(variance)
  }
  const pnl = (): Float64Array => {
    const out = new Float64Array(days)
    for (let i = 0; i < instruments; i++)
      for (let t = 0; t < days; t++) out[t]! += values[i]! * returns[i]![t]!
    return out
  }
  const risk = timeRuns(reps, 'var/es', log, () => [portfolioVar(covarianceMatrix(returns)), varTable(pnl())])
  const riskNaive = timeRuns(reps, 'var/es naive', log, () => {
    const cov = new Float64Array(instruments * instruments)
    for (let i = 0; i < instruments; i++)
      for (let j = 0; j < instruments; j++) cov[i * instruments + j] = covariance(returns[i]!, returns[j]!)
    return [portfolioVar(cov), varTable(pnl())]
  })
  const row = (label: string, work: string, a: Timed, b: Timed): string =>
    `  ${label.padEnd(24)} ${work.padStart(26)}  median ${(a.medianMs / 1000).toFixed(3)} s  best ${(a.bestMs / 1000).toFixed(3)} s  naive median ${(b.medianMs / 1000).toFixed(3)} s  ratio ${(b.medianMs / a.medianMs).toFixed(2)}x`
  return [
    `analytics: ${reps} runs each; ratio = naive median / analytics median (above 1: analytics faster)`,
    row('tca', `${fillCount.toLocaleString('en')} fills`, tca, tcaNaive),
    row(
      'attribution (exact)',
      `${run.trades.length.toLocaleString('en')} trades`,
      attribution,
      attributionNaive,
    ),
    row('var/es portfolio', `${instruments} × ${days} days`, risk, riskNaive),
  ]
}

export const analyticsSuite: BenchSuite = {
  name: 'analytics',
  description: 'TCA and attribution over 1M fills; VaR/ES of 500 instruments × 2,500 days',
  run: (options) => Promise.resolve(measure(options)),
}
