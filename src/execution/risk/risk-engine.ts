/**
 * The pre-trade risk engine: every order passes `check` before it reaches a venue. A refusal is
 * data — a stable reason code (see risk-limits.ts) and a message with the numbers — not an
 * exception, so a strategy can react and the journal can record it.
 *
 * Checks run cheapest and most fundamental first: kill switch, trading status, loss limits
 * (which trip the switch), order size and notional, price collar, position and exposure after
 * the fill, working-order count and the order rate. Position and exposure checks assume the
 * whole order fills, at its limit price or at the reference price for orders without one.
 * Exposure checks only refuse an order that increases the exposure, so an account over its limit
 * can always trade back toward it.
 */
import type { PriceTicks } from '../../domain/instrument.ts'
import type { UnixMillis } from '../../domain/time.ts'
import type { OrderRequest } from '../orders/order.ts'
import { sideSign } from '../types.ts'
import type { KillSwitch } from './kill-switch.ts'
import type { RiskLimits, RiskLimitsEntry, RiskRejectCode, RiskScope } from './risk-limits.ts'
import type { RiskView } from './risk-view.ts'

export type RiskDecision =
  { readonly ok: true } | { readonly ok: false; readonly code: RiskRejectCode; readonly message: string }

const OK: RiskDecision = { ok: true }

export interface RiskConfig {
  readonly account?: RiskLimits
  readonly instruments?: Readonly<Record<string, RiskLimits>>
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x
}

export class RiskEngine {
  #account: RiskLimits
  readonly #instruments: Record<string, RiskLimits>
  readonly #killSwitch: KillSwitch
  readonly #limitsLog: RiskLimitsEntry[] = []
  readonly #limitsListeners: ((entry: RiskLimitsEntry) => void)[] = []
  /** Submission times within the last second, oldest first (a ring would do; orders per second are few). */
  readonly #recent: number[] = []

  constructor(config: RiskConfig, killSwitch: KillSwitch) {
    this.#account = config.account ?? {}
    this.#instruments = { ...config.instruments }
    this.#killSwitch = killSwitch
  }

  /** The limits in force for a scope: the configured ones, or the last `setLimits`. */
  limits(scope: RiskScope): RiskLimits {
    return scope === 'account' ? this.#account : (this.#instruments[scope] ?? {})
  }

  /** Every change made with `setLimits`, in order. */
  get limitsLog(): readonly RiskLimitsEntry[] {
    return this.#limitsLog
  }

  /** Told of every change; the order manager journals and publishes them. */
  onLimitsChange(listener: (entry: RiskLimitsEntry) => void): void {
    this.#limitsListeners.push(listener)
  }

  /**
   * Replaces the limits of one scope from the next order on. A reason is required; the change is
   * logged and announced, so it can be journaled and survive a restart.
   */
  setLimits(scope: RiskScope, limits: RiskLimits, time: UnixMillis, reason: string): void {
    if (reason.trim() === '') throw new RangeError(`changing the ${scope} risk limits needs a reason`)
    const entry: RiskLimitsEntry = { scope, limits: { ...limits }, time, reason }
    if (scope === 'account') this.#account = entry.limits
    else this.#instruments[scope] = entry.limits
    this.#limitsLog.push(entry)
    for (const listener of this.#limitsListeners) listener(entry)
  }

  /** Decides on one order. An accepted order counts toward the order rate. */
  check(order: OrderRequest, view: RiskView, now: UnixMillis): RiskDecision {
    const decision = this.#decide(order, view, now)
    if (decision.ok) this.#recent.push(now)
    return decision
  }

  /**
   * Counts an order accepted at `time` toward the order rate, as `check` does for the orders it
   * accepts. Replay calls it for every journaled submission, so the window after a restart holds
   * the orders sent in the second before it; pruning as it goes keeps a long replay linear.
   */
  recordAccepted(time: UnixMillis): void {
    while (this.#recent.length > 0 && this.#recent[0]! <= time - 1000) this.#recent.shift()
    this.#recent.push(time)
  }

  /**
   * Evaluates the loss limits against the current PnL and trips the kill switch on a breach.
   * The order manager calls this after every fill and mark; `check` calls it too.
   */
  evaluateLossLimits(view: RiskView, now: UnixMillis): RiskDecision {
    const maxLoss = this.#account.maxDailyLoss
    const pnl = view.dailyPnl()
    if (maxLoss !== undefined && -pnl > maxLoss) {
      const message = `daily loss ${-pnl} exceeds the limit ${maxLoss}`
      this.#killSwitch.trip(now, message, true)
      return { ok: false, code: 'max-daily-loss', message }
    }
    const maxDrawdown = this.#account.maxDrawdown
    const drawdown = view.drawdown()
    if (maxDrawdown !== undefined && drawdown > maxDrawdown) {
      const message = `drawdown ${drawdown} exceeds the limit ${maxDrawdown}`
      this.#killSwitch.trip(now, message, true)
      return { ok: false, code: 'max-drawdown', message }
    }
    return OK
  }

  #decide(order: OrderRequest, view: RiskView, now: UnixMillis): RiskDecision {
    if (this.#killSwitch.tripped) return reject('kill-switch', 'the kill switch is tripped')
    const id = order.instrumentId
    if (view.tradingStatus(id) !== 'trading') return reject('instrument-halted', `${id} is halted`)
    const loss = this.evaluateLossLimits(view, now)
    if (!loss.ok) return loss
    const limits = [this.#account, this.#instruments[id] ?? {}]

    for (const l of limits) {
      if (l.maxOrderQuantity !== undefined && order.quantity > l.maxOrderQuantity) {
        return reject(
          'max-order-quantity',
          `quantity ${order.quantity} exceeds the limit ${l.maxOrderQuantity}`,
        )
      }
    }
    const reference = view.referencePrice(id)
    const pricing = order.price ?? reference
    const needsPricing = limits.some(
      (l) =>
        l.maxOrderNotional !== undefined ||
        l.maxGrossExposure !== undefined ||
        l.maxNetExposure !== undefined,
    )
    if (pricing === undefined && needsPricing) {
      return reject('no-reference-price', `no reference price for ${id} to value a ${order.type} order`)
    }
    const orderNotional = pricing === undefined ? 0n : view.notional(id, pricing, order.quantity)
    for (const l of limits) {
      if (l.maxOrderNotional !== undefined && orderNotional > l.maxOrderNotional) {
        return reject(
          'max-order-notional',
          `notional ${orderNotional} exceeds the limit ${l.maxOrderNotional}`,
        )
      }
    }
    const collar = this.#collar(order, reference, limits)
    if (!collar.ok) return collar

    const sign = sideSign(order.side)
    const position = view.position(id)
    const after = position + sign * (order.quantity + view.workingQuantity(id, order.side))
    // Shrinking a position without flipping it is always allowed, even over the limit.
    const onlyShrinks =
      position !== 0 && Math.sign(after) !== -Math.sign(position) && Math.abs(after) < Math.abs(position)
    if (
      order.reduceOnly === true &&
      (position === 0 || Math.sign(position) === sign || order.quantity > Math.abs(position))
    ) {
      return reject(
        'reduce-only',
        `a reduce-only ${order.side} of ${order.quantity} would not only reduce the position ${position}`,
      )
    }
    for (const l of limits) {
      if (l.maxPosition !== undefined && Math.abs(after) > l.maxPosition && !onlyShrinks) {
        return reject(
          'max-position',
          `position would reach ${after} (with working orders), the limit is ${l.maxPosition}`,
        )
      }
    }
    const signedNotional = sign > 0 ? orderNotional : -orderNotional
    const positionValue = reference === undefined ? 0n : view.notional(id, reference, Math.abs(position))
    const signedPositionValue = position < 0 ? -positionValue : positionValue
    const gross = view.grossExposure()
    const grossAfter = gross - abs(signedPositionValue) + abs(signedPositionValue + signedNotional)
    const net = view.netExposure()
    const netAfter = net + signedNotional
    for (const l of limits) {
      if (l.maxGrossExposure !== undefined && grossAfter > l.maxGrossExposure && grossAfter > gross) {
        return reject(
          'max-gross-exposure',
          `gross exposure would reach ${grossAfter}, the limit is ${l.maxGrossExposure}`,
        )
      }
      if (l.maxNetExposure !== undefined && abs(netAfter) > l.maxNetExposure && abs(netAfter) > abs(net)) {
        return reject(
          'max-net-exposure',
          `net exposure would reach ${netAfter}, the limit is ${l.maxNetExposure}`,
        )
      }
    }
    for (const l of limits) {
      if (l.maxOpenOrders !== undefined && view.openOrders() >= l.maxOpenOrders) {
        return reject(
          'max-open-orders',
          `${view.openOrders()} orders are working, the limit is ${l.maxOpenOrders}`,
        )
      }
    }
    while (this.#recent.length > 0 && this.#recent[0]! <= now - 1000) this.#recent.shift()
    for (const l of limits) {
      if (l.maxOrdersPerSecond !== undefined && this.#recent.length >= l.maxOrdersPerSecond) {
        return reject(
          'order-rate',
          `${this.#recent.length} orders in the last second, the limit is ${l.maxOrdersPerSecond}`,
        )
      }
    }
    return OK
  }

  #collar(
    order: OrderRequest,
    reference: PriceTicks | undefined,
    limits: readonly RiskLimits[],
  ): RiskDecision {
    const prices = [order.price, order.stopPrice].filter((p): p is PriceTicks => p !== undefined)
    for (const l of limits) {
      const c = l.priceCollar
      if (c === undefined || prices.length === 0) continue
      if (reference === undefined)
        return reject('no-reference-price', `no reference price to collar ${order.instrumentId}`)
      const allowance = Math.max(((c.basisPoints ?? 0) * reference) / 10_000, c.ticks ?? 0)
      for (const p of prices) {
        if (Math.abs(p - reference) > allowance) {
          return reject(
            'price-collar',
            `price ${p} is ${Math.abs(p - reference)} ticks from the reference ${reference}; the collar allows ${allowance}`,
          )
        }
      }
    }
    return OK
  }
}

function reject(code: RiskRejectCode, message: string): RiskDecision {
  return { ok: false, code, message }
}
