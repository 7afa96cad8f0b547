/**
 * Trading: submit orders (each with a fresh Idempotency-Key, so a double click is one order),
 * replace and cancel working ones, quote the paper venue so working orders can fill, watch fills
 * arrive from the stream, and — for admin keys — trip or reset the kill switch. A read-only key
 * sees the book and the fills but no forms.
 */
import type { JSX } from 'preact'
import { useState } from 'preact/hooks'
import { type Fill, type Instrument, type Order, api, messageOf, must } from '../api.ts'
import { KillSwitchPanel } from '../components/kill-switch.tsx'
import { FillsTable, OrdersTable, PositionsTable } from '../components/tables.tsx'
import { useEventStream } from '../events.tsx'
import { useResource } from '../resource.ts'
import { useCan } from '../session.tsx'

type Side = 'buy' | 'sell'
type OrderType = 'market' | 'limit' | 'stop' | 'stop-limit'
type TimeInForce = 'GTC' | 'DAY' | 'IOC' | 'FOK'

function OrderForm(props: {
  readonly instruments: readonly Instrument[]
  onDone(message: string): void
}): JSX.Element {
  const [instrumentId, setInstrument] = useState(props.instruments[0]?.id ?? '')
  const [side, setSide] = useState<Side>('buy')
  const [type, setType] = useState<OrderType>('limit')
  const [quantity, setQuantity] = useState('10')
  const [price, setPrice] = useState('100.00')
  const [timeInForce, setTif] = useState<TimeInForce>('GTC')
  const [busy, setBusy] = useState(false)
  const priced = type === 'limit' || type === 'stop-limit'
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault()
    setBusy(true)
    try {
      const order = await must(
        api.POST('/api/v1/orders', {
          params: { header: { 'idempotency-key': crypto.randomUUID() } },
          body: {
            instrumentId,
            side,
            type,
            quantity,
            ...(priced ? { price } : {}),
            ...(type === 'stop' || type === 'stop-limit' ? { stopPrice: price } : {}),
            timeInForce,
          },
        }),
      )
      props.onDone(
        order.status === 'rejected'
          ? `Order rejected: ${order.rejectReason ?? order.rejectCode ?? 'by risk'}`
          : `Order ${order.orderId} ${order.status}`,
      )
    } catch (error) {
      props.onDone(messageOf(error))
    } finally {
      setBusy(false)
    }
  }
  return (
    <form class="panel form-grid" onSubmit={(e) => void submit(e)} aria-labelledby="order-form-title">
      <h2 id="order-form-title">New order</h2>
      <div class="field">
        <label for="order-instrument">Instrument</label>
        <select
          id="order-instrument"
          value={instrumentId}
          onChange={(e) => {
            setInstrument(e.currentTarget.value)
          }}
        >
          {props.instruments.map((i) => (
            <option key={i.id} value={i.id}>
              {i.id}
            </option>
          ))}
        </select>
      </div>
      <fieldset class="field">
        <legend>Side</legend>
        {(['buy', 'sell'] as const).map((s) => (
          <label key={s} class="inline">
            <input
              type="radio"
              name="order-side"
              value={s}
              checked={side === s}
              onChange={() => {
                setSide(s)
              }}
            />{' '}
            {s}
          </label>
        ))}
      </fieldset>
      <div class="field">
        <label for="order-type">Type</label>
        <select
          id="order-type"
          value={type}
          onChange={(e) => {
            setType(e.currentTarget.value as OrderType)
          }}
        >
          <option value="market">market</option>
          <option value="limit">limit</option>
          <option value="stop">stop</option>
          <option value="stop-limit">stop-limit</option>
        </select>
      </div>
      <div class="field">
        <label for="order-quantity">Quantity</label>
        <input
          id="order-quantity"
          inputMode="decimal"
          required
          value={quantity}
          onInput={(e) => {
            setQuantity(e.currentTarget.value)
          }}
        />
      </div>
      {type === 'market' ? null : (
        <div class="field">
          <label for="order-price">{type === 'stop' ? 'Stop price' : 'Price'}</label>
          <input
            id="order-price"
            inputMode="decimal"
            required
            value={price}
            onInput={(e) => {
              setPrice(e.currentTarget.value)
            }}
          />
        </div>
      )}
      <div class="field">
        <label for="order-tif">Time in force</label>
        <select
          id="order-tif"
          value={timeInForce}
          onChange={(e) => {
            setTif(e.currentTarget.value as TimeInForce)
          }}
        >
          <option value="GTC">GTC</option>
          <option value="DAY">DAY</option>
          <option value="IOC">IOC</option>
          <option value="FOK">FOK</option>
        </select>
      </div>
      <button type="submit" class="primary" disabled={busy || instrumentId === ''}>
        Submit order
      </button>
    </form>
  )
}

function QuoteForm(props: {
  readonly instruments: readonly Instrument[]
  onDone(message: string): void
}): JSX.Element {
  const [instrumentId, setInstrument] = useState(props.instruments[0]?.id ?? '')
  const [bid, setBid] = useState('99.95')
  const [ask, setAsk] = useState('100.05')
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault()
    try {
      await must(api.POST('/api/v1/market/quotes', { body: { instrumentId, bid, ask } }))
      props.onDone(`Quoted ${instrumentId} ${bid} / ${ask}`)
    } catch (error) {
      props.onDone(messageOf(error))
    }
  }
  return (
    <form class="panel form-grid" onSubmit={(e) => void submit(e)} aria-labelledby="quote-form-title">
      <h2 id="quote-form-title">Quote the paper venue</h2>
      <p class="muted wide">Working orders fill against the quote; positions are marked at its mid.</p>
      <div class="field">
        <label for="quote-instrument">Instrument</label>
        <select
          id="quote-instrument"
          value={instrumentId}
          onChange={(e) => {
            setInstrument(e.currentTarget.value)
          }}
        >
          {props.instruments.map((i) => (
            <option key={i.id} value={i.id}>
              {i.id}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="quote-bid">Bid</label>
        <input
          id="quote-bid"
          inputMode="decimal"
          required
          value={bid}
          onInput={(e) => {
            setBid(e.currentTarget.value)
          }}
        />
      </div>
      <div class="field">
        <label for="quote-ask">Ask</label>
        <input
          id="quote-ask"
          inputMode="decimal"
          required
          value={ask}
          onInput={(e) => {
            setAsk(e.currentTarget.value)
          }}
        />
      </div>
      <button type="submit">Send quote</button>
    </form>
  )
}

function OrderActions(props: { readonly order: Order; onDone(message: string): void }): JSX.Element {
  const [replacing, setReplacing] = useState(false)
  const [quantity, setQuantity] = useState(props.order.quantity)
  const [price, setPrice] = useState(props.order.price ?? '')
  const id = props.order.orderId
  const cancel = async (): Promise<void> => {
    try {
      const order = await must(api.POST('/api/v1/orders/{id}/cancel', { params: { path: { id } } }))
      props.onDone(`Order ${id} ${order.status}`)
    } catch (error) {
      props.onDone(messageOf(error))
    }
  }
  const replace = async (event: Event): Promise<void> => {
    event.preventDefault()
    try {
      const order = await must(
        api.POST('/api/v1/orders/{id}/replace', {
          params: { path: { id } },
          body: { quantity, ...(price === '' ? {} : { price }) },
        }),
      )
      setReplacing(false)
      props.onDone(`Order ${id} replaced: ${order.quantity} at ${order.price ?? 'market'}`)
    } catch (error) {
      props.onDone(messageOf(error))
    }
  }
  if (replacing)
    return (
      <form class="replace" onSubmit={(e) => void replace(e)}>
        <label for={`replace-qty-${id}`}>Quantity</label>
        <input
          id={`replace-qty-${id}`}
          inputMode="decimal"
          value={quantity}
          onInput={(e) => {
            setQuantity(e.currentTarget.value)
          }}
        />
        <label for={`replace-price-${id}`}>Price</label>
        <input
          id={`replace-price-${id}`}
          inputMode="decimal"
          value={price}
          onInput={(e) => {
            setPrice(e.currentTarget.value)
          }}
        />
        <button type="submit">Save</button>
        <button
          type="button"
          onClick={() => {
            setReplacing(false)
          }}
        >
          Back
        </button>
      </form>
    )
  return (
    <>
      <button
        type="button"
        onClick={() => {
          setReplacing(true)
        }}
        aria-label={`Replace order ${id}`}
      >
        Replace
      </button>
      <button type="button" onClick={() => void cancel()} aria-label={`Cancel order ${id}`}>
        Cancel
      </button>
    </>
  )
}

export function TradingPage(): JSX.Element {
  const trade = useCan('trade')
  const instruments = useResource(async () => (await must(api.GET('/api/v1/instruments'))).items, [])
  const book = useResource(async () => {
    const [working, positions] = await Promise.all([
      must(api.GET('/api/v1/orders', { params: { query: { status: 'open', limit: 100 } } })),
      must(api.GET('/api/v1/positions')),
    ])
    return { working: working.items, positions: positions.items }
  }, [])
  const initialFills = useResource(
    async () => (await must(api.GET('/api/v1/fills', { params: { query: { limit: 50 } } }))).items,
    [],
  )
  const [liveFills, setLiveFills] = useState<readonly Fill[]>([])
  const [status, setStatus] = useState('')
  useEventStream(['order', 'fill'], (event) => {
    if (event.kind === 'fill') setLiveFills((list) => [event.data as unknown as Fill, ...list].slice(0, 200))
    book.reload()
  })
  const seen = new Set(liveFills.map((f) => `${f.venue}-${f.tradeId}`))
  const fills = [
    ...liveFills,
    ...(initialFills.data ?? []).filter((f) => !seen.has(`${f.venue}-${f.tradeId}`)),
  ]
  const done = (message: string): void => {
    setStatus(message)
    book.reload()
  }
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Trading</h1>
      <p role="status" class="status" data-testid="trading-status">
        {status}
      </p>
      {instruments.error === undefined ? null : <p class="error">{instruments.error}</p>}
      {trade && instruments.data !== undefined ? (
        <div class="grid two">
          <OrderForm instruments={instruments.data} onDone={done} />
          <QuoteForm instruments={instruments.data} onDone={done} />
        </div>
      ) : trade ? null : (
        <p class="muted" data-testid="read-only">
          This key can read only: orders need a key with the trade scope.
        </p>
      )}
      <section class="panel" aria-labelledby="working-title">
        <h2 id="working-title">Working orders</h2>
        <OrdersTable
          orders={book.data?.working ?? []}
          caption="Working orders"
          {...(trade ? { actions: (order: Order) => <OrderActions order={order} onDone={done} /> } : {})}
        />
      </section>
      <div class="grid two">
        <section class="panel" aria-labelledby="fills-title">
          <h2 id="fills-title">Fills</h2>
          <FillsTable fills={fills} />
        </section>
        <section class="panel" aria-labelledby="trading-positions-title">
          <h2 id="trading-positions-title">Positions</h2>
          <PositionsTable positions={book.data?.positions ?? []} />
        </section>
      </div>
      <KillSwitchPanel />
    </section>
  )
}
