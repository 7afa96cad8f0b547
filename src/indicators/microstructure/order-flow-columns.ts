/**
 * Order-flow input columns from trade and quote data, aligned on a series' bars: per bar, the
 * volume of trades whose aggressor bought (`buyVolume`) and sold (`sellVolume`), and the last
 * quote known at the bar's close (`bid`, `ask`, `bidSize`, `askSize`). What a venue feed or a tick
 * file gives, handed to `inputsFromSeries` as `orderFlow`.
 *
 * A trade belongs to the bar whose [openTime, openTime + interval) holds its tsEvent; a trade with
 * no known aggressor is split half and half (it is volume, but says nothing about direction). A
 * quote is in force from its tsEvent on; a bar before the first quote has NaN quotes (skipped by
 * the non-finite rule). Trades and quotes must be in time order, as a feed delivers them.
 */
import { TradePulseError } from '../../domain/errors.ts'
import type { Quote, TradeTick } from '../../domain/market-data.ts'
import type { OrderFlowInputName } from '../core/definition.ts'

export function orderFlowColumns(
  openTime: Float64Array,
  intervalMs: number,
  trades: readonly TradeTick[],
  quotes: readonly Quote[] = [],
): Record<OrderFlowInputName, Float64Array> {
  const n = openTime.length
  const columns: Record<OrderFlowInputName, Float64Array> = {
    buyVolume: new Float64Array(n),
    sellVolume: new Float64Array(n),
    bid: new Float64Array(n).fill(Number.NaN),
    ask: new Float64Array(n).fill(Number.NaN),
    bidSize: new Float64Array(n).fill(Number.NaN),
    askSize: new Float64Array(n).fill(Number.NaN),
  }
  let bar = 0
  let previous = Number.NEGATIVE_INFINITY
  for (const [index, trade] of trades.entries()) {
    if (trade.tsEvent < previous) {
      throw new TradePulseError(
        'INDICATOR_INVALID_INPUT',
        `trade ${index} at ${trade.tsEvent} is earlier than the trade before it (${previous})`,
        { field: 'trades' },
      )
    }
    previous = trade.tsEvent
    while (bar < n && trade.tsEvent >= openTime[bar]! + intervalMs) bar++
    if (bar === n) break
    if (trade.tsEvent < openTime[bar]!) continue
    const size = trade.size > 0 ? trade.size : 0
    const buy = trade.aggressor === 'buy' ? size : trade.aggressor === 'sell' ? 0 : size / 2
    columns.buyVolume[bar] = columns.buyVolume[bar]! + buy
    columns.sellVolume[bar] = columns.sellVolume[bar]! + (size - buy)
  }
  let q = -1
  for (let i = 0; i < n; i++) {
    const close = openTime[i]! + intervalMs
    while (q + 1 < quotes.length && quotes[q + 1]!.tsEvent < close) q++
    const quote = quotes[q]
    if (quote === undefined) continue
    columns.bid[i] = quote.bidPrice
    columns.ask[i] = quote.askPrice
    columns.bidSize[i] = quote.bidSize
    columns.askSize[i] = quote.askSize
  }
  return columns
}
