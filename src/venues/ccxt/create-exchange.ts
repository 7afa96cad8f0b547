/**
 * A ccxt exchange client, configured the way the venue needs it: rate limiting on (ccxt's own
 * token bucket, at the exchange's published rate), credentials set, the sandbox/testnet when
 * asked, and for Binance, spot markets only — the venue trades spot, and loading the futures
 * and margin catalogues would cost requests (and, for margin, credentials) for nothing.
 */
import type { Exchange } from 'ccxt'
import ccxt from 'ccxt'
import { TradePulseError } from '../../domain/errors.ts'
import type { Credentials } from './credentials.ts'

export interface ExchangeSettings {
  /** ccxt's exchange id, e.g. `binance`. */
  readonly exchange: string
  readonly credentials?: Credentials
  /** Trade on the exchange's testnet (refused for an exchange without one). */
  readonly sandbox?: boolean
  /** Replaces ccxt's `urls.api`, given the original: how tests point the client at a fake. */
  readonly urls?: (original: Readonly<Record<string, unknown>>) => Record<string, string>
  /**
   * A ccxt pro client, which speaks the exchange's WebSocket streams too (`watchOHLCV`,
   * `watchTrades`…), with `newUpdates` off so a watch returns the whole cache (market-stream.ts).
   */
  readonly streaming?: boolean
  /** Replaces ccxt's `urls.api.ws` (the stream URLs), given the original. */
  readonly wsUrls?: (original: Readonly<Record<string, unknown>>) => Record<string, string>
}

const SPOT_ONLY: Readonly<Record<string, Record<string, unknown>>> = {
  binance: { fetchMarkets: { types: ['spot'] }, fetchCurrencies: false, fetchMargins: false },
}

/** Throws VENUE_UNSUPPORTED for an exchange ccxt does not know, or a sandbox it does not have. */
export function createExchange(settings: ExchangeSettings): Exchange {
  const id = settings.exchange
  const streaming = settings.streaming === true
  const classes = (streaming ? ccxt.pro : ccxt) as unknown as Record<
    string,
    new (config: Record<string, unknown>) => Exchange
  >
  const ExchangeClass = ccxt.exchanges.includes(id) && Object.hasOwn(classes, id) ? classes[id] : undefined
  if (ExchangeClass === undefined) {
    throw new TradePulseError(
      'VENUE_UNSUPPORTED',
      `ccxt has no exchange ${JSON.stringify(id)}${streaming ? ' with WebSocket streams' : ''}`,
      {
        field: 'venue',
      },
    )
  }
  const exchange = new ExchangeClass({
    enableRateLimit: true,
    ...(settings.credentials === undefined
      ? {}
      : { apiKey: settings.credentials.apiKey, secret: settings.credentials.secret }),
    options: { ...(SPOT_ONLY[id] ?? {}), ...(streaming ? { newUpdates: false } : {}) },
  })
  if (settings.sandbox === true) {
    // Typed as always there, but ccxt leaves it out for exchanges without a testnet.
    const testnet: unknown = exchange.urls.test
    if (testnet === undefined) {
      throw new TradePulseError('VENUE_UNSUPPORTED', `${id} has no sandbox (testnet) in ccxt`, {
        field: 'sandbox',
      })
    }
    exchange.setSandboxMode(true)
  }
  const ws: unknown = (exchange.urls.api as Record<string, unknown>).ws
  if (settings.urls !== undefined) {
    exchange.urls.api = settings.urls(exchange.urls.api)
    // The REST map replaced, the stream URLs stay the exchange's unless replaced too.
    if (ws !== undefined) (exchange.urls.api as Record<string, unknown>).ws = ws
  }
  if (settings.wsUrls !== undefined) {
    const original = (typeof ws === 'object' && ws !== null ? ws : {}) as Record<string, unknown>
    ;(exchange.urls.api as Record<string, unknown>).ws = settings.wsUrls(original)
  }
  return exchange
}
