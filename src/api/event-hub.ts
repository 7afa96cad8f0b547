/**
 * The live stream behind `GET /api/v1/events` (Server-Sent Events): order, fill, kill-switch and
 * job events, each with a sequence number. A client that reconnects with `Last-Event-ID` gets
 * what it missed from a bounded replay buffer (the last `capacity` events), then the live tail; a
 * client too far behind is told so with a `reset` event and reads current state over the API.
 */
export interface StreamEvent {
  readonly id: number
  readonly type: 'order' | 'fill' | 'kill-switch' | 'job' | 'reset'
  readonly data: unknown
}

export type Subscriber = (event: StreamEvent) => void

export class EventHub {
  readonly #capacity: number
  readonly #buffer: StreamEvent[] = []
  readonly #subscribers = new Set<Subscriber>()
  #next = 1

  constructor(capacity = 10_000) {
    this.#capacity = capacity
  }

  publish(type: Exclude<StreamEvent['type'], 'reset'>, data: unknown): void {
    const event: StreamEvent = { id: this.#next++, type, data }
    this.#buffer.push(event)
    if (this.#buffer.length > this.#capacity) this.#buffer.shift()
    for (const subscriber of this.#subscribers) subscriber(event)
  }

  /** Subscribes; events after `lastEventId` still in the buffer are delivered first. Returns the unsubscribe. */
  subscribe(subscriber: Subscriber, lastEventId?: number): () => void {
    if (lastEventId !== undefined) {
      const oldest = this.#buffer[0]?.id ?? this.#next
      if (lastEventId + 1 < oldest)
        subscriber({
          id: lastEventId,
          type: 'reset',
          data: { reason: 'missed events are no longer buffered' },
        })
      for (const event of this.#buffer) if (event.id > lastEventId) subscriber(event)
    }
    this.#subscribers.add(subscriber)
    return () => {
      this.#subscribers.delete(subscriber)
    }
  }

  get subscribers(): number {
    return this.#subscribers.size
  }
}

/** One SSE frame. */
export function sseFrame(event: StreamEvent): string {
  return `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`
}
