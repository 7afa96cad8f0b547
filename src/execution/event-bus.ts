/**
 * The in-process event bus: strategies, the portfolio, the journal and metrics subscribe to
 * typed topics. Dispatch is synchronous and in subscription order, so a backtest is
 * deterministic and a subscriber sees events in the order they happened.
 *
 * A subscriber that throws does not stop the others or the publisher: the error is handed to
 * the bus's `onError` (by default, rethrown after every subscriber has run — a bug should be
 * loud, but not leave half the subscribers uninformed).
 *
 * Cost: publishing allocates nothing. A topic's subscriber list is replaced, never changed in
 * place, by `subscribe` and unsubscribe, so a dispatch walks the list it started with (a
 * subscriber added or removed by a handler takes effect from the next event) without copying it.
 * Publishers that build an event only for the bus ask `hasSubscribers` first.
 */
export type Handler<E> = (event: E) => void

export class EventBus<Topics extends object> {
  readonly #handlers = new Map<keyof Topics, readonly Handler<never>[]>()
  readonly #onError: ((error: unknown, topic: keyof Topics) => void) | undefined

  constructor(options: { onError?: (error: unknown, topic: keyof Topics) => void } = {}) {
    this.#onError = options.onError
  }

  /** Subscribes; returns the function that unsubscribes. */
  subscribe<T extends keyof Topics>(topic: T, handler: Handler<Topics[T]>): () => void {
    this.#handlers.set(topic, [...(this.#handlers.get(topic) ?? []), handler])
    return () => {
      const current = this.#handlers.get(topic)
      if (current === undefined) return
      const at = current.indexOf(handler)
      if (at >= 0) this.#handlers.set(topic, current.toSpliced(at, 1))
    }
  }

  publish<T extends keyof Topics>(topic: T, event: Topics[T]): void {
    const list = this.#handlers.get(topic)
    if (list === undefined || list.length === 0) return
    let failure: { error: unknown } | undefined
    for (let i = 0; i < list.length; i++) {
      const handler = list[i]!
      try {
        ;(handler as Handler<Topics[T]>)(event)
      } catch (error) {
        if (this.#onError !== undefined) this.#onError(error, topic)
        else failure ??= { error }
      }
    }
    if (failure !== undefined) throw failure.error
  }

  /** True when an event published on `topic` would reach someone. */
  hasSubscribers(topic: keyof Topics): boolean {
    return (this.#handlers.get(topic)?.length ?? 0) > 0
  }

  subscriberCount(topic: keyof Topics): number {
    return this.#handlers.get(topic)?.length ?? 0
  }
}
