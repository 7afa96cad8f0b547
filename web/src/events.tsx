/**
 * The server's event stream (`GET /api/v1/events`, Server-Sent Events) for every page: one
 * EventSource per signed-in page, authenticated by the session cookie. The browser reconnects on
 * its own and sends Last-Event-ID, so the server replays what was missed. Pages subscribe to
 * kinds of events; the most recent ones are kept for the Overview.
 */
import { type ComponentChildren, type JSX, createContext } from 'preact'
import { useContext, useEffect, useMemo, useRef, useState } from 'preact/hooks'

export type EventKind = 'order' | 'fill' | 'kill-switch' | 'job'
const KINDS: readonly EventKind[] = ['order', 'fill', 'kill-switch', 'job']
const KEEP = 50

export interface StreamEvent {
  readonly id: string
  readonly kind: EventKind
  readonly data: Record<string, unknown>
  readonly receivedAt: number
}

type Listener = (event: StreamEvent) => void

interface EventsState {
  readonly connected: boolean
  readonly recent: readonly StreamEvent[]
  readonly subscribe: (listener: Listener) => () => void
}

const EventsContext = createContext<EventsState>({
  connected: false,
  recent: [],
  subscribe: () => () => undefined,
})

export function EventsProvider(props: { readonly children: ComponentChildren }): JSX.Element {
  const [connected, setConnected] = useState(false)
  const [recent, setRecent] = useState<readonly StreamEvent[]>([])
  const listeners = useMemo(() => new Set<Listener>(), [])
  useEffect(() => {
    const source = new EventSource('/api/v1/events')
    source.onopen = () => {
      setConnected(true)
    }
    source.onerror = () => {
      setConnected(false)
    }
    for (const kind of KINDS)
      source.addEventListener(kind, (message: MessageEvent<string>) => {
        const event: StreamEvent = {
          id: message.lastEventId,
          kind,
          data: JSON.parse(message.data) as Record<string, unknown>,
          receivedAt: Date.now(),
        }
        setRecent((list) => [event, ...list].slice(0, KEEP))
        for (const listener of listeners) listener(event)
      })
    return () => {
      source.close()
    }
  }, [listeners])
  const subscribe = useMemo(
    () =>
      (listener: Listener): (() => void) => {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
    [listeners],
  )
  const state = useMemo<EventsState>(() => ({ connected, recent, subscribe }), [connected, recent, subscribe])
  return <EventsContext.Provider value={state}>{props.children}</EventsContext.Provider>
}

export function useEvents(): EventsState {
  return useContext(EventsContext)
}

/** Calls `onEvent` for each event of the given kinds while the component is mounted. */
export function useEventStream(kinds: readonly EventKind[], onEvent: Listener): void {
  const { subscribe } = useEvents()
  // The latest callback, without resubscribing on every render.
  const latest = useRef(onEvent)
  latest.current = onEvent
  const key = kinds.join(',')
  useEffect(
    () =>
      subscribe((event) => {
        if (key.split(',').includes(event.kind)) latest.current(event)
      }),
    [subscribe, key],
  )
}
