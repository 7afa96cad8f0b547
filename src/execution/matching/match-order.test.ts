import { describe, expect, it } from 'vitest'
import { TradePulseError } from '../../domain/errors.ts'
import type { PriceTicks, QuantityLots } from '../../domain/instrument.ts'
import type { UnixMillis } from '../../domain/time.ts'
import { type MatchOrder, validateMatchOrder } from './match-order.ts'
import { limit, market, stop, trailingStop } from './testing/orders.ts'

function fieldOf(order: MatchOrder): string | undefined {
  try {
    validateMatchOrder(order)
    return undefined
  } catch (error) {
    if (!(error instanceof TradePulseError)) throw error
    expect(error.code).toBe('EXECUTION_INVALID_ORDER')
    return error.location.field
  }
}

describe('validateMatchOrder', () => {
  it('accepts every well-formed order type', () => {
    expect(fieldOf(limit('a', 'x', 'buy', 100, 1))).toBeUndefined()
    expect(fieldOf(market('b', 'x', 'sell', 1, 'GTC')), 'a GTC market order acts as IOC').toBeUndefined()
    expect(fieldOf(stop('c', 'x', 'buy', 100, 1))).toBeUndefined()
    expect(fieldOf(stop('d', 'x', 'buy', 100, 1, 101))).toBeUndefined()
    expect(fieldOf(trailingStop('e', 'x', 'sell', 1, { basisPoints: 50 }))).toBeUndefined()
    expect(
      fieldOf(limit('f', 'x', 'buy', 100, 1, { timeInForce: 'GTD', expireAt: 5 as UnixMillis })),
    ).toBeUndefined()
  })

  it('names the field at fault for each malformed order', () => {
    const cases: [MatchOrder, string][] = [
      [{ ...limit('a', 'x', 'buy', 100, 1), ownerId: '' }, 'ownerId'],
      [{ ...limit('a', 'x', 'buy', 100, 1), quantity: 0 as QuantityLots }, 'quantity'],
      [{ ...limit('a', 'x', 'buy', 100, 1), price: 1.5 as PriceTicks }, 'price'],
      [{ ...market('a', 'x', 'buy', 1), price: 100 as PriceTicks }, 'price'],
      [{ ...stop('a', 'x', 'buy', 100, 1), stopPrice: 0 as PriceTicks }, 'stopPrice'],
      [
        { ...trailingStop('a', 'x', 'buy', 1, { ticks: 1 }), trailing: { kind: 'ticks', ticks: 0 } },
        'trailing',
      ],
      [trailingStop('a', 'x', 'buy', 1, { basisPoints: 10_000 }), 'trailing'],
      [{ ...trailingStop('a', 'x', 'buy', 1, { ticks: 1 }), stopPrice: -3 as PriceTicks }, 'stopPrice'],
      [{ ...market('a', 'x', 'buy', 1), type: 'trailing-stop' }, 'trailing'],
      [{ ...limit('a', 'x', 'buy', 100, 1), trailing: { kind: 'ticks', ticks: 1 } }, 'trailing'],
      [{ ...limit('a', 'x', 'buy', 100, 1), stopPrice: 99 as PriceTicks }, 'stopPrice'],
      [{ ...limit('a', 'x', 'buy', 100, 1), timeInForce: 'GTD' }, 'expireAt'],
      [{ ...limit('a', 'x', 'buy', 100, 1), expireAt: 5 as UnixMillis }, 'expireAt'],
      [limit('a', 'x', 'buy', 100, 1, { timeInForce: 'GTD', expireAt: 0.5 as UnixMillis }), 'expireAt'],
      [{ ...market('a', 'x', 'buy', 1), postOnly: true }, 'postOnly'],
      [limit('a', 'x', 'buy', 100, 1, { postOnly: true, timeInForce: 'IOC' }), 'postOnly'],
    ]
    for (const [order, field] of cases) expect(fieldOf(order), JSON.stringify(order)).toBe(field)
  })
})
