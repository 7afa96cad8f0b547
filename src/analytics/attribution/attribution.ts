/**
 * P&L and return attribution of a run's trades (docs/analytics.md#attribution): by strategy,
 * instrument, side, time (the month a trade closed; `open` for one still open) and market phase.
 *
 * Each trade's P&L is converted once to exact minor units. Along every dimension but the phase,
 * a trade falls in one bucket whole. Along the phase it is shared among the phases in force over
 * the bars it was held (entry to exit inclusive), in proportion to the number of bars in each,
 * by the largest-remainder method — so every dimension sums to the run's total P&L exactly, to
 * the last minor unit (a property test holds this). The phase in force when the trade was opened
 * is a dimension of its own (`entryPhase`). Return contributions are P&L over initial capital.
 */
import type { Currency } from '../../domain/money.ts'
import type { TradeRecord } from '../../backtest/result.ts'
import { toMinorUnits } from '../money-units.ts'
import { firstIndexAtOrAfter, lastIndexAtOrBefore } from '../tca/market-tape.ts'
import { allocateUnits } from './allocate.ts'
import type { PhaseLabel, PhaseTimeline } from './phase-timeline.ts'

export const ATTRIBUTION_DIMENSIONS = [
  'strategy',
  'instrument',
  'side',
  'month',
  'entryPhase',
  'phase',
] as const
export type AttributionDimension = (typeof ATTRIBUTION_DIMENSIONS)[number]

export interface AttributionBucket {
  readonly key: string
  /** Trades that put P&L in this bucket (a trade held through three phases counts in three). */
  readonly trades: number
  readonly pnl: bigint
  /** pnl / initial capital. */
  readonly returnContribution: number
  /** Closed trades in the bucket with pnl > 0, over its closed trades (null without one). */
  readonly winRate: number | null
}

export interface AttributionInput {
  readonly strategy: string
  readonly currency: Currency
  readonly initialCapital: number
  readonly trades: readonly TradeRecord[]
  /** Phase labels per instrument; an instrument without one is `warm-up` throughout. */
  readonly phases: ReadonlyMap<string, PhaseTimeline>
}

export interface AttributionReport {
  readonly currency: Currency
  readonly total: bigint
  readonly by: Readonly<Record<AttributionDimension, readonly AttributionBucket[]>>
}

interface Accumulator {
  trades: number
  pnl: bigint
  closed: number
  wins: number
}

function monthOf(time: number): string {
  return new Date(time).toISOString().slice(0, 7)
}

/** The labels of the bars from entry to exit, counted per label, in first-seen order. */
function phaseCounts(timeline: PhaseTimeline | undefined, from: number, to: number): Map<PhaseLabel, number> {
  const counts = new Map<PhaseLabel, number>()
  if (timeline !== undefined) {
    const first = firstIndexAtOrAfter(timeline.times, from)
    const last = lastIndexAtOrBefore(timeline.times, to)
    for (let i = first; i <= last; i++) {
      const label = timeline.labels[i]!
      counts.set(label, (counts.get(label) ?? 0) + 1)
    }
  }
  if (counts.size === 0) counts.set(entryPhaseOf(timeline, from), 1)
  return counts
}

function entryPhaseOf(timeline: PhaseTimeline | undefined, time: number): PhaseLabel {
  if (timeline === undefined) return 'warm-up'
  const index = lastIndexAtOrBefore(timeline.times, time)
  return index < 0 ? 'warm-up' : timeline.labels[index]!
}

export function attribute(input: AttributionInput): AttributionReport {
  const buckets = Object.fromEntries(
    ATTRIBUTION_DIMENSIONS.map((dimension) => [dimension, new Map<string, Accumulator>()]),
  ) as Record<AttributionDimension, Map<string, Accumulator>>
  const add = (dimension: AttributionDimension, key: string, pnl: bigint, trade: TradeRecord): void => {
    const map = buckets[dimension]
    let bucket = map.get(key)
    if (bucket === undefined) {
      bucket = { trades: 0, pnl: 0n, closed: 0, wins: 0 }
      map.set(key, bucket)
    }
    bucket.trades++
    bucket.pnl += pnl
    if (trade.exitTime !== null) {
      bucket.closed++
      if (trade.pnl > 0) bucket.wins++
    }
  }
  let total = 0n
  // A loop, not Math.max(...spread): a run can hold more trades than the call stack has room for.
  let lastTime = 0
  for (const t of input.trades) lastTime = Math.max(lastTime, t.exitTime ?? t.entryTime)
  for (const [index, trade] of input.trades.entries()) {
    const pnl = toMinorUnits(trade.pnl, input.currency, `trades[${index}].pnl`)
    total += pnl
    add('strategy', input.strategy, pnl, trade)
    add('instrument', trade.instrumentId, pnl, trade)
    add('side', trade.direction, pnl, trade)
    add('month', trade.exitTime === null ? 'open' : monthOf(trade.exitTime), pnl, trade)
    const timeline = input.phases.get(trade.instrumentId)
    add('entryPhase', entryPhaseOf(timeline, trade.entryTime), pnl, trade)
    const counts = phaseCounts(timeline, trade.entryTime, trade.exitTime ?? lastTime)
    const labels = [...counts.keys()]
    const shares = allocateUnits(
      pnl,
      labels.map((label) => counts.get(label)!),
    )
    for (const [i, label] of labels.entries()) add('phase', label, shares[i]!, trade)
  }
  const scale = 10 ** input.currency.decimals
  const by = Object.fromEntries(
    ATTRIBUTION_DIMENSIONS.map((dimension) => [
      dimension,
      [...buckets[dimension].entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, b]) => ({
          key,
          trades: b.trades,
          pnl: b.pnl,
          returnContribution: input.initialCapital > 0 ? Number(b.pnl) / scale / input.initialCapital : 0,
          winRate: b.closed > 0 ? b.wins / b.closed : null,
        })),
    ]),
  ) as Record<AttributionDimension, AttributionBucket[]>
  return { currency: input.currency, total, by }
}
