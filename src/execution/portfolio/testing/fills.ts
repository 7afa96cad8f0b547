/**
 * Instruments and a terse fill builder for the portfolio tests: `fill('t1', AAPL, 'buy', 10, 100)`
 * reads like a line of a blotter. The instruments span the conversions that matter — one cent
 * per tick-lot, a futures multiplier, a lot so small that USD needs a finer ledger, an 8-decimal
 * stablecoin and a currency without decimals.
 */
import { clientOrderId, orderId, tradeId } from '../../../domain/ids.ts'
import {
  type Instrument,
  type PriceTicks,
  type QuantityLots,
  defineInstrument,
} from '../../../domain/instrument.ts'
import type { UnixMillis } from '../../../domain/time.ts'
import type { Fill, LiquiditySide, Side } from '../../types.ts'

/** 0.01 USD × 1 share: one cent per tick-lot. */
export const AAPL = defineInstrument({
  symbol: 'AAPL',
  venue: 'XNAS',
  assetClass: 'equity',
  quoteCurrency: 'USD',
  tickSize: '0.01',
  lotSize: '1',
})

/** 0.25 points × 1 contract × 50 USD: 12.50 USD per tick-lot. */
export const ES = defineInstrument({
  symbol: 'ES',
  venue: 'CME',
  assetClass: 'future',
  quoteCurrency: 'USD',
  tickSize: '0.25',
  lotSize: '1',
  multiplier: '50',
})

/** 0.01 USD × 0.0001 BTC: 0.000001 USD per tick-lot, finer than a cent. */
export const BTC_USD = defineInstrument({
  symbol: 'BTC-USD',
  venue: 'COINBASE',
  assetClass: 'crypto-spot',
  quoteCurrency: 'USD',
  tickSize: '0.01',
  lotSize: '0.0001',
})

/** 0.01 USDT × 0.00001 BTC: 0.0000001 USDT, ten of USDT's 8-decimal units. */
export const BTC_USDT = defineInstrument({
  symbol: 'BTCUSDT',
  venue: 'BINANCE',
  assetClass: 'crypto-spot',
  quoteCurrency: 'USDT',
  tickSize: '0.01',
  lotSize: '0.00001',
})

/** 1 JPY × 100 shares: 100 yen per tick-lot. */
export const TOYOTA = defineInstrument({
  symbol: '7203',
  venue: 'XTKS',
  assetClass: 'equity',
  quoteCurrency: 'JPY',
  tickSize: '1',
  lotSize: '100',
})

export interface FillExtra {
  readonly fee?: bigint
  readonly time?: number
  readonly liquidity?: LiquiditySide
  /** The reporting venue; `sim` when absent. */
  readonly venue?: string
}

export function fill(
  id: string,
  instrument: Instrument,
  side: Side,
  quantity: number,
  price: number,
  extra: FillExtra = {},
): Fill {
  return {
    venue: extra.venue ?? 'sim',
    tradeId: tradeId(id),
    orderId: orderId(`o-${id}`),
    clientOrderId: clientOrderId(`c-${id}`),
    instrumentId: instrument.id,
    side,
    price: price as PriceTicks,
    quantity: quantity as QuantityLots,
    fee: extra.fee ?? 0n,
    liquidity: extra.liquidity ?? 'taker',
    time: (extra.time ?? 0) as UnixMillis,
  }
}
