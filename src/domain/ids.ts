/**
 * Identifiers. Each kind has its own branded type and one checked constructor; the checks are
 * the ones an exchange or a journal would choke on (empty, too long, whitespace, control
 * characters), so a bad id fails at the edge where it entered.
 */
import type { Brand } from './brand.ts'
import { TradePulseError } from './errors.ts'

export type OrderId = Brand<string, 'OrderId'>
export type ClientOrderId = Brand<string, 'ClientOrderId'>
export type RunId = Brand<string, 'RunId'>
export type StrategyId = Brand<string, 'StrategyId'>
export type TradeId = Brand<string, 'TradeId'>

/** Printable ASCII without spaces: what FIX tags and exchange REST APIs accept. */
const ID_PATTERN = /^[\x21-\x7e]+$/
const MAX_ID_LENGTH = 64

function checkId(kind: string, value: string): string {
  if (value.length === 0 || value.length > MAX_ID_LENGTH || !ID_PATTERN.test(value)) {
    throw new TradePulseError(
      'DOMAIN_INVALID_ID',
      `${kind} must be 1-${MAX_ID_LENGTH} printable ASCII characters without spaces, was ${JSON.stringify(value)}`,
    )
  }
  return value
}

export function orderId(value: string): OrderId {
  return checkId('OrderId', value) as OrderId
}

export function clientOrderId(value: string): ClientOrderId {
  return checkId('ClientOrderId', value) as ClientOrderId
}

export function runId(value: string): RunId {
  return checkId('RunId', value) as RunId
}

export function strategyId(value: string): StrategyId {
  return checkId('StrategyId', value) as StrategyId
}

export function tradeId(value: string): TradeId {
  return checkId('TradeId', value) as TradeId
}
