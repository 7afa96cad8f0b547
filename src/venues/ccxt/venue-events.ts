/**
 * What a ccxt venue tells an operator besides execution reports: reconciliation differences,
 * orders and fills the journal does not know, retries and their delays, balances. The live
 * runner journals them as log lines; tests read them to see what the venue decided.
 */
import type { Balances } from 'ccxt'
import type { OrderId } from '../../domain/ids.ts'

export type VenueEvent =
  | { readonly kind: 'reconciled'; readonly tookMs: number }
  | {
      readonly kind: 'retry'
      readonly what: string
      readonly attempt: number
      readonly delayMs: number
      readonly reason: string
    }
  | {
      readonly kind: 'unknown-order'
      readonly exchangeOrderId: string
      readonly symbol: string
      readonly clientOrderId: string | undefined
      readonly policy: 'adopt' | 'cancel'
    }
  | { readonly kind: 'unknown-fill'; readonly exchangeOrderId: string; readonly tradeId: string }
  | { readonly kind: 'difference'; readonly orderId: OrderId; readonly what: string }
  | {
      readonly kind: 'fills-pending'
      readonly orderId: OrderId
      readonly exchangeLots: number
      readonly reportedLots: number
    }
  | {
      readonly kind: 'fee-not-booked'
      readonly tradeId: string
      readonly currency: string
      readonly cost: number
    }
  | { readonly kind: 'submit-abandoned'; readonly orderId: OrderId; readonly reason: string }
  | { readonly kind: 'balances'; readonly balances: Balances }
  | { readonly kind: 'cancelled-everything'; readonly count: number }
  | { readonly kind: 'command-failed'; readonly reason: string }
  | { readonly kind: 'sync-failed'; readonly reason: string }
