/**
 * Overview: the account at a glance — equity and P&L per ledger with the equity sampled since the
 * page opened, positions, working orders, the kill switch, and the latest events from the stream.
 * Everything reloads when an order, fill or kill-switch event arrives.
 */
import type { JSX } from 'preact'
import { useEffect, useMemo, useState } from 'preact/hooks'
import { type Order, type Portfolio, type Position, api, must } from '../api.ts'
import { TimeChart } from '../components/chart.tsx'
import { KillSwitchPanel } from '../components/kill-switch.tsx'
import { OrdersTable, PositionsTable } from '../components/tables.tsx'
import { type StreamEvent, useEventStream, useEvents } from '../events.tsx'
import { decimal, sign, time } from '../format.ts'
import { useResource } from '../resource.ts'

interface Snapshot {
  readonly portfolio: Portfolio
  readonly positions: readonly Position[]
  readonly working: readonly Order[]
}

async function loadSnapshot(): Promise<Snapshot> {
  const [portfolio, positions, working] = await Promise.all([
    must(api.GET('/api/v1/portfolio')),
    must(api.GET('/api/v1/positions')),
    must(api.GET('/api/v1/orders', { params: { query: { status: 'open', limit: 100 } } })),
  ])
  return { portfolio, positions: positions.items, working: working.items }
}

function describe(event: StreamEvent): string {
  const d = event.data
  switch (event.kind) {
    case 'order': {
      const order = d.order as Record<string, unknown> | undefined
      return `order ${String(d.kind)}: ${String(order?.side)} ${String(order?.quantity)} ${String(order?.instrumentId)} (${String(order?.status)})`
    }
    case 'fill':
      return `fill: ${String(d.side)} ${String(d.quantity)} ${String(d.instrumentId)} at ${String(d.price)}`
    case 'kill-switch':
      return `kill switch ${String(d.action)}: ${String(d.reason)}`
    case 'job':
      return `backtest ${String(d.id)}: ${String(d.status)}${typeof d.progress === 'number' ? ` ${Math.round(d.progress * 100)}%` : ''}`
  }
}

export function OverviewPage(): JSX.Element {
  const snapshot = useResource(loadSnapshot, [])
  const { recent } = useEvents()
  useEventStream(['order', 'fill', 'kill-switch'], () => {
    snapshot.reload()
  })
  const [samples, setSamples] = useState<readonly { time: number; equity: number }[]>([])
  const ledger = snapshot.data?.portfolio.ledgers[0]
  useEffect(() => {
    if (ledger === undefined) return
    setSamples((list) => [...list, { time: Date.now(), equity: Number(ledger.equity) }].slice(-500))
  }, [ledger?.equity, snapshot.data])
  const equitySeries = useMemo(
    () => [
      {
        kind: 'line' as const,
        title: 'Equity',
        time: samples.map((s) => s.time),
        values: samples.map((s) => s.equity),
        color: '#0b3d91',
      },
    ],
    [samples],
  )
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">Overview</h1>
      {snapshot.error === undefined ? null : <p class="error">{snapshot.error}</p>}
      <div class="cards" data-testid="ledgers">
        {(snapshot.data?.portfolio.ledgers ?? []).map((l) => (
          <dl class="card" key={l.currency}>
            <div>
              <dt>Equity ({l.currency})</dt>
              <dd data-testid="equity">{decimal(l.equity)}</dd>
            </div>
            <div>
              <dt>Cash</dt>
              <dd>{decimal(l.cash)}</dd>
            </div>
            <div>
              <dt>Realised P&amp;L</dt>
              <dd class={sign(l.realisedPnl)}>{decimal(l.realisedPnl)}</dd>
            </div>
            <div>
              <dt>Unrealised P&amp;L</dt>
              <dd class={sign(l.unrealisedPnl)}>{decimal(l.unrealisedPnl)}</dd>
            </div>
            <div>
              <dt>Fees</dt>
              <dd>{decimal(l.fees)}</dd>
            </div>
            <div>
              <dt>Working orders</dt>
              <dd>{snapshot.data?.portfolio.openOrders ?? '—'}</dd>
            </div>
          </dl>
        ))}
      </div>
      <div class="grid two">
        <section class="panel" aria-labelledby="equity-title">
          <h2 id="equity-title">Equity since this page opened</h2>
          <TimeChart
            label="Account equity, sampled on every order, fill and kill-switch event"
            series={equitySeries}
            size="short"
          />
        </section>
        <KillSwitchPanel />
      </div>
      <section class="panel" aria-labelledby="positions-title">
        <h2 id="positions-title">Positions and working orders</h2>
        <PositionsTable positions={snapshot.data?.positions ?? []} />
        <OrdersTable orders={snapshot.data?.working ?? []} caption="Working orders" />
      </section>
      <section class="panel" aria-labelledby="events-title">
        <h2 id="events-title">Recent events</h2>
        <div role="log" aria-live="polite" aria-labelledby="events-title">
          <ol class="events" data-testid="recent-events">
            {recent.length === 0 ? <li class="muted">No events since this page opened.</li> : null}
            {recent.map((event) => (
              <li key={`${event.kind}-${event.id}`}>
                <time>{time(event.receivedAt)}</time> <span class={`tag ${event.kind}`}>{event.kind}</span>{' '}
                {describe(event)}
              </li>
            ))}
          </ol>
        </div>
      </section>
    </section>
  )
}
