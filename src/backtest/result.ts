/**
 * What a backtest run produces: everything the metrics, the run folder and the HTML report are
 * computed from, and nothing that depends on when or where it ran — so the same inputs give the
 * same result, byte for byte once serialised.
 *
 * Money is in account-currency units as numbers (converted once from the ledger's exact minor
 * units); quantities are in instrument units (lots × lot size) unless named `lots`. Times are
 * UTC epoch milliseconds.
 */
import type { UnixMillis } from '../domain/time.ts'

/** The account at one moment of the run: after every bar time of the merged timeline. */
export interface EquityPoint {
  readonly time: UnixMillis
  /** Cash plus positions at the last known prices. */
  readonly equity: number
  readonly cash: number
  /** Σ |position value| over the instruments: the gross exposure. */
  readonly grossExposure: number
}

export interface FillRecord {
  readonly time: UnixMillis
  readonly instrumentId: string
  readonly orderId: string
  readonly tradeId: string
  readonly side: 'buy' | 'sell'
  /** Price paid, slippage included, in price units. */
  readonly price: number
  readonly lots: number
  /** lots × lot size. */
  readonly quantity: number
  /** Commission charged, in account currency (negative: a rebate). */
  readonly fee: number
  /** What slippage cost against the reference price of the fill, in account currency (≥ 0 when it hurt). */
  readonly slippage: number
  readonly liquidity: 'maker' | 'taker'
}

export interface OrderRecord {
  readonly orderId: string
  readonly clientOrderId: string
  readonly instrumentId: string
  readonly side: 'buy' | 'sell'
  readonly type: string
  readonly lots: number
  readonly price: number | null
  readonly stopPrice: number | null
  readonly status: string
  readonly filledLots: number
  /** Average fill price in price units; null before any fill. */
  readonly averagePrice: number | null
  readonly createdAt: UnixMillis
  readonly updatedAt: UnixMillis
  /** Why it ended as it did, when the venue or the risk engine said so. */
  readonly reason: string | null
  readonly tag: string | null
}

/** A round trip: a position opened from flat and brought back to flat (or still open at the end). */
export interface TradeRecord {
  readonly instrumentId: string
  readonly direction: 'long' | 'short'
  readonly entryTime: UnixMillis
  /** null while still open at the end of the run (marked at the last close). */
  readonly exitTime: UnixMillis | null
  /** Quantity-weighted average prices of the fills that opened and closed it. */
  readonly entryPrice: number
  readonly exitPrice: number
  /** The largest absolute quantity held during the trade. */
  readonly quantity: number
  /** Net of fees, slippage and financing, in account currency. */
  readonly pnl: number
  readonly fees: number
  /** pnl / (entryPrice × quantity × multiplier). */
  readonly returnPct: number
  readonly bars: number
}

export interface InstrumentData {
  readonly instrumentId: string
  /** Where the bars came from (a path as given), or a description for generated data. */
  readonly source: string
  /** sha256 of the bars the run used (times and OHLCV, little-endian float64), hex. */
  readonly fingerprint: string
  readonly bars: number
  readonly firstOpenTime: UnixMillis
  readonly lastOpenTime: UnixMillis
  readonly interval: string
}

export interface FrictionsPaid {
  readonly fees: number
  readonly slippage: number
  /** Borrow and financing cost of short positions. */
  readonly financing: number
}

export interface RunEvent {
  readonly time: UnixMillis
  readonly kind: 'kill-switch' | 'risk-reject' | 'halt' | 'resume' | 'log'
  readonly message: string
}

export interface BacktestResult {
  readonly strategy: { readonly name: string; readonly params: Readonly<Record<string, unknown>> }
  /** The resolved configuration, every default filled in (JSON-safe). */
  readonly config: Readonly<Record<string, unknown>>
  readonly accountCurrency: string
  readonly initialCapital: number
  readonly data: readonly InstrumentData[]
  readonly equity: readonly EquityPoint[]
  /** Buy-and-hold of the same capital split equally across the instruments at their first close, on the same times. */
  readonly benchmark: readonly { readonly time: UnixMillis; readonly equity: number }[]
  /** Close of each instrument at every time of `equity` (NaN before its first bar), for the report's price chart. */
  readonly closes: Readonly<Record<string, readonly number[]>>
  readonly orders: readonly OrderRecord[]
  readonly fills: readonly FillRecord[]
  readonly trades: readonly TradeRecord[]
  readonly frictions: FrictionsPaid
  readonly events: readonly RunEvent[]
  /** Bar events processed (bars × instruments delivered to the strategy). */
  readonly barEvents: number
}
