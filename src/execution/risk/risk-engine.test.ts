import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { clientOrderId } from '../../domain/ids.ts'
import {
  type InstrumentId,
  type PriceTicks,
  type QuantityLots,
  instrumentId,
} from '../../domain/instrument.ts'
import type { UnixMillis } from '../../domain/time.ts'
import type { OrderRequest } from '../orders/order.ts'
import type { Side } from '../types.ts'
import { KillSwitch } from './kill-switch.ts'
import { type RiskConfig, type RiskDecision, RiskEngine } from './risk-engine.ts'
import { RISK_REJECT_REASONS } from './risk-limits.ts'
import type { RiskView, TradingStatus } from './risk-view.ts'

const BTC = instrumentId('BTC-USD', 'SIM')
const ETH = instrumentId('ETH-USD', 'SIM')
const t = (ms: number): UnixMillis => ms as UnixMillis

/** A scripted account: one tick is worth one minor unit per lot. */
class Account implements RiskView {
  positions = new Map<InstrumentId, number>()
  working = { buy: 0, sell: 0 }
  open = 0
  prices = new Map<InstrumentId, number>([
    [BTC, 10_000],
    [ETH, 2_000],
  ])
  pnl = 0n
  dd = 0n
  halted = new Set<InstrumentId>()

  position(i: InstrumentId): number {
    return this.positions.get(i) ?? 0
  }
  workingQuantity(_i: InstrumentId, side: Side): number {
    return this.working[side]
  }
  openOrders(): number {
    return this.open
  }
  referencePrice(i: InstrumentId): PriceTicks | undefined {
    return this.prices.get(i) as PriceTicks | undefined
  }
  notional(_i: InstrumentId, price: PriceTicks, lots: number): bigint {
    return BigInt(price) * BigInt(lots)
  }
  grossExposure(): bigint {
    let sum = 0n
    for (const [i, q] of this.positions) sum += BigInt(Math.abs(q)) * BigInt(this.prices.get(i) ?? 0)
    return sum
  }
  netExposure(): bigint {
    let sum = 0n
    for (const [i, q] of this.positions) sum += BigInt(q) * BigInt(this.prices.get(i) ?? 0)
    return sum
  }
  dailyPnl(): bigint {
    return this.pnl
  }
  drawdown(): bigint {
    return this.dd
  }
  tradingStatus(i: InstrumentId): TradingStatus {
    return this.halted.has(i) ? 'halted' : 'trading'
  }
}

function order(side: Side, quantity: number, extra: Partial<OrderRequest> = {}): OrderRequest {
  return {
    clientOrderId: clientOrderId(`c-${side}-${quantity}`),
    instrumentId: BTC,
    side,
    type: 'limit',
    quantity: quantity as QuantityLots,
    price: 10_000 as PriceTicks,
    timeInForce: 'GTC',
    ...extra,
  }
}

function engine(config: RiskConfig): { risk: RiskEngine; kill: KillSwitch } {
  const kill = new KillSwitch()
  return { risk: new RiskEngine(config, kill), kill }
}

function code(decision: RiskDecision): string {
  return decision.ok ? 'ok' : decision.code
}

describe('RiskEngine', () => {
  it('refuses an order over the per-order quantity and notional limits', () => {
    const { risk } = engine({ account: { maxOrderQuantity: 10, maxOrderNotional: 50_000n } })
    const account = new Account()
    expect(code(risk.check(order('buy', 11), account, t(0)))).toBe('max-order-quantity')
    const big = risk.check(order('buy', 6), account, t(0))
    expect(big).toEqual({
      ok: false,
      code: 'max-order-notional',
      message: 'notional 60000 exceeds the limit 50000',
    })
    expect(code(risk.check(order('buy', 5), account, t(0)))).toBe('ok')
  })

  it('applies per-instrument limits on top of the account ones', () => {
    const { risk } = engine({
      account: { maxOrderQuantity: 100 },
      instruments: { [BTC]: { maxOrderQuantity: 2 } },
    })
    const account = new Account()
    expect(code(risk.check(order('buy', 3), account, t(0)))).toBe('max-order-quantity')
    expect(
      code(risk.check(order('buy', 3, { instrumentId: ETH, price: 2_000 as PriceTicks }), account, t(0))),
    ).toBe('ok')
  })

  it('counts working orders toward the position limit, but always lets a position shrink', () => {
    const { risk } = engine({ account: { maxPosition: 10 } })
    const account = new Account()
    account.positions.set(BTC, 6)
    account.working.buy = 3
    expect(code(risk.check(order('buy', 2), account, t(0)))).toBe('max-position')
    expect(code(risk.check(order('buy', 1), account, t(0)))).toBe('ok')
    account.positions.set(BTC, 15)
    account.working.buy = 0
    expect(code(risk.check(order('sell', 2), account, t(0)))).toBe('ok')
    expect(code(risk.check(order('sell', 40), account, t(0)))).toBe('max-position')
  })

  it('lets reduce-only orders reduce, never open or flip', () => {
    const { risk } = engine({})
    const account = new Account()
    expect(code(risk.check(order('sell', 1, { reduceOnly: true }), account, t(0)))).toBe('reduce-only')
    account.positions.set(BTC, 5)
    expect(code(risk.check(order('buy', 1, { reduceOnly: true }), account, t(0)))).toBe('reduce-only')
    expect(code(risk.check(order('sell', 6, { reduceOnly: true }), account, t(0)))).toBe('reduce-only')
    expect(code(risk.check(order('sell', 5, { reduceOnly: true }), account, t(0)))).toBe('ok')
  })

  it('limits gross and net exposure, only against increases', () => {
    const { risk } = engine({ account: { maxGrossExposure: 100_000n, maxNetExposure: 60_000n } })
    const account = new Account()
    account.positions.set(ETH, -20) // −40,000 net, 40,000 gross
    expect(code(risk.check(order('buy', 7), account, t(0)))).toBe('max-gross-exposure')
    expect(code(risk.check(order('buy', 6), account, t(0)))).toBe('ok')
    account.positions.set(ETH, 20)
    expect(code(risk.check(order('buy', 3), account, t(0)))).toBe('max-net-exposure')
    expect(
      code(risk.check(order('sell', 3, { instrumentId: ETH, price: 2_000 as PriceTicks }), account, t(0))),
    ).toBe('ok')
  })

  it('collars limit and stop prices around the reference, by basis points or ticks', () => {
    const { risk } = engine({ account: { priceCollar: { basisPoints: 100, ticks: 5 } } })
    const account = new Account()
    expect(code(risk.check(order('buy', 1, { price: 10_101 as PriceTicks }), account, t(0)))).toBe(
      'price-collar',
    )
    expect(code(risk.check(order('buy', 1, { price: 10_100 as PriceTicks }), account, t(0)))).toBe('ok')
    account.prices.set(BTC, 100)
    expect(code(risk.check(order('buy', 1, { price: 105 as PriceTicks }), account, t(0)))).toBe('ok')
    account.prices.delete(BTC)
    expect(code(risk.check(order('buy', 1), account, t(0)))).toBe('no-reference-price')
  })

  it('limits the order rate over a sliding second and the number of working orders', () => {
    const { risk } = engine({ account: { maxOrdersPerSecond: 2, maxOpenOrders: 5 } })
    const account = new Account()
    expect(code(risk.check(order('buy', 1), account, t(1000)))).toBe('ok')
    expect(code(risk.check(order('buy', 1), account, t(1500)))).toBe('ok')
    expect(code(risk.check(order('buy', 1), account, t(1999)))).toBe('order-rate')
    expect(code(risk.check(order('buy', 1), account, t(2000)))).toBe('ok')
    account.open = 5
    expect(code(risk.check(order('buy', 1), account, t(9000)))).toBe('max-open-orders')
  })

  it('counts orders recorded from a journal toward the rate, as if it had accepted them', () => {
    const { risk } = engine({ account: { maxOrdersPerSecond: 2 } })
    const account = new Account()
    for (const time of [0, 200, 1_100, 1_500]) risk.recordAccepted(t(time))
    expect(code(risk.check(order('buy', 1), account, t(1_900)))).toBe('order-rate')
    expect(code(risk.check(order('buy', 1), account, t(2_100)))).toBe('ok')
  })

  it('replaces a scope’s limits at run time from the next order on, logging and announcing it', () => {
    const { risk } = engine({
      account: { maxOrderQuantity: 10 },
      instruments: { [BTC]: { maxPosition: 50 } },
    })
    const heard: unknown[] = []
    risk.onLimitsChange((e) => heard.push(e))
    const account = new Account()
    expect(code(risk.check(order('buy', 8), account, t(0)))).toBe('ok')
    risk.setLimits('account', { maxOrderQuantity: 5 }, t(1), 'desk: tighten after the open')
    expect(code(risk.check(order('buy', 8), account, t(2)))).toBe('max-order-quantity')
    risk.setLimits(BTC, {}, t(3), 'desk: lift the BTC position limit')
    expect([risk.limits('account'), risk.limits(BTC), risk.limits(ETH)]).toEqual([
      { maxOrderQuantity: 5 },
      {},
      {},
    ])
    expect(risk.limitsLog.map((e) => [e.scope, e.time, e.reason])).toEqual([
      ['account', 1, 'desk: tighten after the open'],
      [BTC, 3, 'desk: lift the BTC position limit'],
    ])
    expect(heard).toEqual(risk.limitsLog)
    expect(() => {
      risk.setLimits('account', {}, t(4), ' ')
    }).toThrow('changing the account risk limits needs a reason')
    expect(risk.limits('account')).toEqual({ maxOrderQuantity: 5 })
  })

  it('counts every accepted order of the account against an instrument rate limit, and names the count', () => {
    const { risk } = engine({ instruments: { [BTC]: { maxOrdersPerSecond: 2 } } })
    const account = new Account()
    const eth = { instrumentId: ETH, price: 2_000 as PriceTicks }
    for (const ms of [0, 10, 20]) expect(code(risk.check(order('buy', 1, eth), account, t(ms)))).toBe('ok')
    expect(risk.check(order('buy', 1), account, t(30))).toEqual({
      ok: false,
      code: 'order-rate',
      message: '3 orders in the last second, the limit is 2',
    })
    expect(code(risk.check(order('buy', 1), account, t(1010))), 'only the order at 20 is left').toBe('ok')
  })

  it('refuses orders on a halted instrument', () => {
    const { risk } = engine({})
    const account = new Account()
    account.halted.add(BTC)
    expect(code(risk.check(order('buy', 1), account, t(0)))).toBe('instrument-halted')
  })

  it('trips the kill switch on a daily loss or drawdown breach, and stays tripped until reset', () => {
    const { risk, kill } = engine({ account: { maxDailyLoss: 1_000n, maxDrawdown: 5_000n } })
    const account = new Account()
    account.pnl = -1_001n
    expect(risk.check(order('buy', 1), account, t(10))).toMatchObject({ ok: false, code: 'max-daily-loss' })
    expect(kill.tripped).toBe(true)
    account.pnl = 0n
    expect(code(risk.check(order('buy', 1), account, t(20)))).toBe('kill-switch')
    expect(() => kill.reset(t(30), ' ')).toThrow('needs a reason')
    kill.reset(t(30), 'ops: loss reviewed')
    expect(code(risk.check(order('buy', 1), account, t(40)))).toBe('ok')
    account.dd = 5_001n
    expect(code(risk.evaluateLossLimits(account, t(50)))).toBe('max-drawdown')
    // A breach that lasts is still refused at every evaluation, but trips (and is logged) once.
    account.dd = 6_000n
    expect(code(risk.evaluateLossLimits(account, t(60)))).toBe('max-drawdown')
    expect(kill.log.map((e) => [e.action, e.automatic])).toEqual([
      ['trip', true],
      ['reset', false],
      ['trip', true],
    ])
  })

  it('documents every reason code', () => {
    for (const message of Object.values(RISK_REJECT_REASONS)) expect(message.length).toBeGreaterThan(10)
  })

  it('never lets an accepted order take a position past its limit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.tuple(fc.constantFrom<Side>('buy', 'sell'), fc.integer({ min: 1, max: 30 })), {
          maxLength: 40,
        }),
        (limit, orders) => {
          const { risk } = engine({ account: { maxPosition: limit } })
          const account = new Account()
          let time = 0
          for (const [side, quantity] of orders) {
            const before = account.position(BTC)
            const decision = risk.check(order(side, quantity), account, t((time += 10)))
            if (!decision.ok) continue
            const after = before + (side === 'buy' ? quantity : -quantity)
            // Fill it: an accepted order either stays within the limit or shrinks the position.
            const shrankOnSameSide =
              Math.abs(after) < Math.abs(before) && Math.sign(after) !== -Math.sign(before)
            expect(Math.abs(after) <= limit || shrankOnSameSide).toBe(true)
            account.positions.set(BTC, after)
          }
        },
      ),
    )
  })
})

describe('docs/execution.md', () => {
  it('lists every risk reason code', async () => {
    const { readFileSync } = await import('node:fs')
    const doc = readFileSync(new URL('../../../docs/execution.md', import.meta.url), 'utf8')
    for (const code of Object.keys(RISK_REJECT_REASONS))
      expect(doc, code).toMatch(new RegExp(`^\\| \`${code}\` +\\|`, 'm'))
  })
})
