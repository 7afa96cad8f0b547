/**
 * Statistics of the round trips. Only closed trades count towards the win rate, the profit
 * factor and the average win and loss: a trade still open at the end is marked at the last close,
 * and its outcome is not yet known. A trade with a pnl of exactly 0 is neither a win nor a loss
 * but counts in the win rate's denominator.
 */
import type { TradeRecord } from '../result.ts'
import { finiteOrNull } from './returns.ts'

export interface TradeStats {
  readonly trades: number
  readonly closedTrades: number
  readonly openTrades: number
  /** Winning closed trades / closed trades. */
  readonly winRate: number | null
  /** Σ pnl of winners / |Σ pnl of losers|; null without a loser (it would be infinite). */
  readonly profitFactor: number | null
  /** Mean pnl of the winners, in account currency. */
  readonly averageWin: number | null
  /** Mean pnl of the losers, a negative amount in account currency. */
  readonly averageLoss: number | null
  readonly netPnl: number
}

export function tradeStats(trades: readonly TradeRecord[]): TradeStats {
  let closed = 0
  let wins = 0
  let losses = 0
  let grossProfit = 0
  let grossLoss = 0
  let netPnl = 0
  for (const trade of trades) {
    netPnl += trade.pnl
    if (trade.exitTime === null) continue
    closed++
    if (trade.pnl > 0) {
      wins++
      grossProfit += trade.pnl
    } else if (trade.pnl < 0) {
      losses++
      grossLoss -= trade.pnl
    }
  }
  return {
    trades: trades.length,
    closedTrades: closed,
    openTrades: trades.length - closed,
    winRate: closed === 0 ? null : wins / closed,
    profitFactor: grossLoss === 0 ? null : finiteOrNull(grossProfit / grossLoss),
    averageWin: wins === 0 ? null : grossProfit / wins,
    averageLoss: losses === 0 ? null : -grossLoss / losses,
    netPnl,
  }
}
