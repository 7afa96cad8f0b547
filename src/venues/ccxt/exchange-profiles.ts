/**
 * What each exchange takes, beyond what ccxt's `has` map says: the order types and times in force
 * the venue sends (anything else is rejected before it leaves, with the reason), the client order
 * id pattern the exchange accepts, and the parameter that looks an order up by client id.
 *
 * Binance spot is the profile tested end to end (against the fake on loopback). Other exchanges
 * get the conservative default: market and limit, GTC and IOC, which every ccxt spot exchange
 * supports; docs/live-trading.md says what is and is not supported on each.
 */
import type { OrderType, TimeInForce } from '../../execution/types.ts'

export interface ExchangeProfile {
  readonly orderTypes: readonly OrderType[]
  readonly timeInForce: readonly TimeInForce[]
  /** Client ids the exchange accepts, leaving room for the `-rN` suffix of a replacement. */
  readonly clientOrderId: RegExp
  /** The `fetchOrder` parameter that finds an order by client id. */
  readonly clientIdLookup: string
  /** Whether the profile has been tested against the exchange's protocol (the fake) end to end. */
  readonly tested: boolean
}

const DEFAULT_PROFILE: ExchangeProfile = {
  orderTypes: ['market', 'limit'],
  timeInForce: ['GTC', 'IOC'],
  clientOrderId: /^[A-Za-z0-9_-]{1,32}$/,
  clientIdLookup: 'clientOrderId',
  tested: false,
}

const PROFILES: Readonly<Record<string, ExchangeProfile>> = {
  // Binance spot: STOP_LOSS and STOP_LOSS_LIMIT are native stops; no trailing stop for spot
  // through ccxt's unified API; no DAY or GTD; newClientOrderId is ^[.A-Z:/a-z0-9_-]{1,36}$.
  binance: {
    orderTypes: ['market', 'limit', 'stop', 'stop-limit'],
    timeInForce: ['GTC', 'IOC', 'FOK'],
    clientOrderId: /^[.A-Z:/a-z0-9_-]{1,32}$/,
    clientIdLookup: 'origClientOrderId',
    tested: true,
  },
}

export function profileOf(exchangeId: string): ExchangeProfile {
  return PROFILES[exchangeId] ?? DEFAULT_PROFILE
}
