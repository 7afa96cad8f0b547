/**
 * A strategy that watches the bars before `tradeFrom` without trading: the warm-up of an
 * out-of-sample run. Its indicators fill on the bars of the train period, so on the first test
 * bar it decides as it would have in a run that began long before — but no order is sent before
 * `tradeFrom`, so the account enters the test period flat and untouched.
 *
 * During the warm-up `submit` is refused (code WARM_UP) and `targetPosition` is remembered rather
 * than sent. At the first callback at or after `tradeFrom`, the last target remembered for each
 * instrument is sent, before the strategy's own callback runs: a strategy that decided "long" on
 * a crossover during the warm-up holds that position from the test start, as it would had it
 * been trading all along, instead of waiting for the next crossover. Orders given with `submit`
 * during the warm-up are not replayed (a stop or a limit placed for a past price means nothing
 * later).
 *
 * `tradeFrom` is a time on the engine's clock; the walk-forward driver gives the time at which
 * the last train bar becomes known, so the first orders fill on the first test bar.
 */
import { orderId } from '../../domain/ids.ts'
import type { InstrumentId } from '../../domain/instrument.ts'
import type { UnixMillis } from '../../domain/time.ts'
import type {
  AnyStrategy,
  StrategyContext,
  StrategyInstance,
  StrategyOrder,
  StrategyOrderResult,
} from '../../strategy/types.ts'

const REFUSED_ORDER = orderId('warm-up')

class GatedContext implements StrategyContext {
  #inner: StrategyContext
  readonly #tradeFrom: number
  readonly #targets = new Map<InstrumentId, { lots: number; tag: string | undefined }>()

  constructor(inner: StrategyContext, tradeFrom: number) {
    this.#inner = inner
    this.#tradeFrom = tradeFrom
  }

  /** Points at the engine's context of this callback; sends remembered targets once trading opens. */
  enter(inner: StrategyContext): this {
    this.#inner = inner
    if (this.#targets.size > 0 && this.trading) {
      for (const [instrument, { lots, tag }] of this.#targets) inner.targetPosition(instrument, lots, tag)
      this.#targets.clear()
    }
    return this
  }

  get trading(): boolean {
    return this.#inner.now >= this.#tradeFrom
  }

  get now(): UnixMillis {
    return this.#inner.now
  }
  get instruments(): StrategyContext['instruments'] {
    return this.#inner.instruments
  }
  history(instrument: InstrumentId): ReturnType<StrategyContext['history']> {
    return this.#inner.history(instrument)
  }
  position(instrument: InstrumentId): number {
    return this.#inner.position(instrument)
  }
  cash(): number {
    return this.#inner.cash()
  }
  equity(): number {
    return this.#inner.equity()
  }
  workingOrders(instrument?: InstrumentId): ReturnType<StrategyContext['workingOrders']> {
    return this.#inner.workingOrders(instrument)
  }
  submit(order: StrategyOrder): StrategyOrderResult {
    if (this.trading) return this.#inner.submit(order)
    return {
      ok: false,
      orderId: REFUSED_ORDER,
      code: 'WARM_UP',
      reason: 'no orders before the test period starts',
    }
  }
  cancel(id: Parameters<StrategyContext['cancel']>[0]): boolean {
    return this.#inner.cancel(id)
  }
  cancelAll(instrument?: InstrumentId): void {
    this.#inner.cancelAll(instrument)
  }
  targetPosition(instrument: InstrumentId, lots: number, tag?: string): StrategyOrderResult | undefined {
    if (this.trading) return this.#inner.targetPosition(instrument, lots, tag)
    this.#targets.set(instrument, { lots, tag })
    return undefined
  }
  setTimer(time: UnixMillis, name: string): void {
    this.#inner.setTimer(time, name)
  }
  log(message: string): void {
    this.#inner.log(message)
  }
}

function gate(instance: StrategyInstance, tradeFrom: number): StrategyInstance {
  let gated: GatedContext | undefined
  const enter = (ctx: StrategyContext): GatedContext =>
    (gated ??= new GatedContext(ctx, tradeFrom)).enter(ctx)
  const wrapped: StrategyInstance = {}
  if (instance.onStart) wrapped.onStart = (ctx) => instance.onStart?.(enter(ctx))
  if (instance.onBar) wrapped.onBar = (ctx, event) => instance.onBar?.(enter(ctx), event)
  if (instance.onQuote) wrapped.onQuote = (ctx, quote) => instance.onQuote?.(enter(ctx), quote)
  if (instance.onTimer) wrapped.onTimer = (ctx, timer) => instance.onTimer?.(enter(ctx), timer)
  if (instance.onOrderUpdate)
    wrapped.onOrderUpdate = (ctx, order) => instance.onOrderUpdate?.(enter(ctx), order)
  if (instance.onFill) wrapped.onFill = (ctx, fill) => instance.onFill?.(enter(ctx), fill)
  if (instance.onStop) wrapped.onStop = (ctx) => instance.onStop?.(enter(ctx))
  return wrapped
}

/**
 * `strategy` under the same name, parameters and space, whose runs send no order before
 * `tradeFrom` (Infinity: never, for a window in which nothing could be chosen).
 */
export function tradingFrom<S extends AnyStrategy>(strategy: S, tradeFrom: number): S {
  return {
    ...strategy,
    create: (params: unknown) => gate(strategy.create(params), tradeFrom),
  }
}
