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
import { OrderRateWindow } from './order-rate-window.ts'
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

/** The limits an order on one instrument must pass (the account's, then the instrument's), rebuilt when they change. */
interface LimitSet {
  readonly limits: readonly RiskLimits[]
  /** Some limit values the order in money, so a reference price is needed. */
  readonly needsPricing: boolean
}

function limitSet(limits: readonly RiskLimits[]): LimitSet {
  return {
    limits,
    needsPricing: limits.some(
      (l) =>
        l.maxOrderNotional !== undefined ||
        l.maxGrossExposure !== undefined ||
        l.maxNetExposure !== undefined,
    ),
  }
}

export class RiskEngine {
  #account: RiskLimits
  readonly #instruments = new Map<string, RiskLimits>()
  /** Built when the limits change, so a check allocates no list of limits: the account's alone, or with an instrument's. */
  #accountOnly: LimitSet
  readonly #byInstrument = new Map<string, LimitSet>()
  /** −maxDailyLoss, so the check compares without negating the PnL (a bigint) on every order. */
  #lossFloor: bigint | undefined
  readonly #killSwitch: KillSwitch
  readonly #limitsLog: RiskLimitsEntry[] = []
  readonly #limitsListeners: ((entry: RiskLimitsEntry) => void)[] = []
  /**
   * Times of the accepted orders within the last second. Kept whether or not a limit caps the
   * rate today, since `setLimits` may add one and it must then count the orders already sent.
   */
  readonly #recent = new OrderRateWindow()

  constructor(config: RiskConfig, killSwitch: KillSwitch) {
    this.#account = config.account ?? {}
    for (const [id, limits] of Object.entries(config.instruments ?? {})) this.#instruments.set(id, limits)
    this.#killSwitch = killSwitch
    this.#accountOnly = this.#rebuild()
  }

  /** The limits in force for a scope: the configured ones, or the last `setLimits`. */
  limits(scope: RiskScope): RiskLimits {
    return scope === 'account' ? this.#account : (this.#instruments.get(scope) ?? {})
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
    if (scope === 'account') {
      this.#account = entry.limits
      this.#accountOnly = this.#rebuild()
    } else {
      // Only this instrument's set changes: rebuilding every instrument's made a backtest of many
      // instruments, which resets a position limit before most orders, quadratic in them.
      this.#instruments.set(scope, entry.limits)
      this.#byInstrument.set(scope, limitSet([this.#account, entry.limits]))
    }
    this.#limitsLog.push(entry)
    for (const listener of this.#limitsListeners) listener(entry)
  }

  /** Decides on one order. An accepted order counts toward the order rate. */
  check(order: OrderRequest, view: RiskView, now: UnixMillis): RiskDecision {
    const decision = this.#decide(order, view, now)
    if (decision.ok) this.#recent.record(now)
    return decision
  }

  /**
   * Counts an order accepted at `time` toward the order rate, as `check` does for the orders it
   * accepts. Replay calls it for every journaled submission, so the window after a restart holds
   * the orders sent in the second before it.
   */
  recordAccepted(time: UnixMillis): void {
    this.#recent.record(time)
  }

  /** Rebuilds the per-instrument limit sets and the loss floor; returns the account's own set. */
  #rebuild(): LimitSet {
    this.#byInstrument.clear()
    for (const [id, limits] of this.#instruments)
      this.#byInstrument.set(id, limitSet([this.#account, limits]))
    const maxLoss = this.#account.maxDailyLoss
    this.#lossFloor = maxLoss === undefined ? undefined : -maxLoss
    return limitSet([this.#account])
  }

  /**
   * Evaluates the loss limits against the current PnL and trips the kill switch on a breach.
   * The order manager calls this after every fill and mark; `check` calls it too.
   */
  evaluateLossLimits(view: RiskView, now: UnixMillis): RiskDecision {
    const floor = this.#lossFloor
    const pnl = view.dailyPnl()
    if (floor !== undefined && pnl < floor) {
      const message = `daily loss ${-pnl} exceeds the limit ${-floor}`
      this.#tripOnce(now, message)
      return { ok: false, code: 'max-daily-loss', message }
    }
    const maxDrawdown = this.#account.maxDrawdown
    const drawdown = view.drawdown()
    if (maxDrawdown !== undefined && drawdown > maxDrawdown) {
      const message = `drawdown ${drawdown} exceeds the limit ${maxDrawdown}`
      this.#tripOnce(now, message)
      return { ok: false, code: 'max-drawdown', message }
    }
    return OK
  }

  /**
   * A breach trips the switch once. Loss limits are evaluated after every fill and mark, so a
   * breach that lasts would otherwise log (and journal) a trip per bar until someone resets it.
   */
  #tripOnce(now: UnixMillis, message: string): void {
    if (!this.#killSwitch.tripped) this.#killSwitch.trip(now, message, true)
  }

  #decide(order: OrderRequest, view: RiskView, now: UnixMillis): RiskDecision {
    if (this.#killSwitch.tripped) return reject('kill-switch', 'the kill switch is tripped')
    const id = order.instrumentId
    if (view.tradingStatus(id) !== 'trading') return reject('instrument-halted', `${id} is halted`)
    const loss = this.evaluateLossLimits(view, now)
    if (!loss.ok) return loss
    const set = this.#byInstrument.get(id) ?? this.#accountOnly
    const limits = set.limits

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
    if (pricing === undefined && set.needsPricing) {
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
    for (const l of limits) {
      if (l.maxOrdersPerSecond === undefined) continue
      const recent = this.#recent.countAt(now)
      if (recent >= l.maxOrdersPerSecond) {
        return reject(
          'order-rate',
          `${recent} orders in the last second, the limit is ${l.maxOrdersPerSecond}`,
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
    const { price, stopPrice } = order
    if (price === undefined && stopPrice === undefined) return OK
    for (const l of limits) {
      const c = l.priceCollar
      if (c === undefined) continue
      if (reference === undefined)
        return reject('no-reference-price', `no reference price to collar ${order.instrumentId}`)
      const allowance = Math.max(((c.basisPoints ?? 0) * reference) / 10_000, c.ticks ?? 0)
      // The limit price first, then the stop, as the reasons have always been reported.
      if (price !== undefined && Math.abs(price - reference) > allowance)
        return outsideCollar(price, reference, allowance)
      if (stopPrice !== undefined && Math.abs(stopPrice - reference) > allowance)
        return outsideCollar(stopPrice, reference, allowance)
    }
    return OK
  }
}

function outsideCollar(price: PriceTicks, reference: PriceTicks, allowance: number): RiskDecision {
  return reject(
    'price-collar',
    `price ${price} is ${Math.abs(price - reference)} ticks from the reference ${reference}; the collar allows ${allowance}`,
  )
}

function reject(code: RiskRejectCode, message: string): RiskDecision {
  return { ok: false, code, message }
}
