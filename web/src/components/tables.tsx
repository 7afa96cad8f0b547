/** Tables of the desk's positions, orders and fills, shared by the Overview and Trading pages. */
import type { ComponentChildren, JSX } from 'preact'
import type { Fill, Order, Position } from '../api.ts'
import { decimal, sign, time } from '../format.ts'

export function Table(props: {
  readonly caption: string
  readonly head: readonly string[]
  readonly empty: string
  readonly children: ComponentChildren
  readonly rows: number
  readonly testId?: string
}): JSX.Element {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={props.caption}>
      <table data-testid={props.testId}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.head.map((h) => (
              <th scope="col" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows === 0 ? (
            <tr>
              <td colSpan={props.head.length} class="muted">
                {props.empty}
              </td>
            </tr>
          ) : (
            props.children
          )}
        </tbody>
      </table>
    </div>
  )
}

export function PositionsTable(props: { readonly positions: readonly Position[] }): JSX.Element {
  return (
    <Table
      caption="Positions"
      head={['Instrument', 'Side', 'Quantity', 'Average', 'Last', 'Unrealised P&L', 'Realised P&L']}
      empty="No positions."
      rows={props.positions.length}
      testId="positions"
    >
      {props.positions.map((p) => (
        <tr key={p.instrumentId}>
          <th scope="row">{p.instrumentId}</th>
          <td>{p.side}</td>
          <td class="num">{decimal(p.quantity)}</td>
          <td class="num">{decimal(p.averagePrice)}</td>
          <td class="num">{decimal(p.lastPrice)}</td>
          <td class={`num ${sign(p.unrealisedPnl)}`}>{p.unrealisedPnl}</td>
          <td class={`num ${sign(p.realisedPnl)}`}>{p.realisedPnl}</td>
        </tr>
      ))}
    </Table>
  )
}

export function OrdersTable(props: {
  readonly orders: readonly Order[]
  readonly caption: string
  readonly actions?: (order: Order) => ComponentChildren
}): JSX.Element {
  const head = ['Order', 'Instrument', 'Side', 'Type', 'Quantity', 'Price', 'Filled', 'Status', 'Updated']
  return (
    <Table
      caption={props.caption}
      head={props.actions === undefined ? head : [...head, 'Actions']}
      empty="No orders."
      rows={props.orders.length}
      testId="orders"
    >
      {props.orders.map((o) => (
        <tr key={o.orderId} data-order-id={o.orderId}>
          <th scope="row">
            <code>{o.orderId}</code>
          </th>
          <td>{o.instrumentId}</td>
          <td>{o.side}</td>
          <td>{o.type}</td>
          <td class="num">{decimal(o.quantity)}</td>
          <td class="num">{decimal(o.price)}</td>
          <td class="num">{decimal(o.filledQuantity)}</td>
          <td data-testid="order-status">{o.status}</td>
          <td>{time(o.updatedAt)}</td>
          {props.actions === undefined ? null : <td class="actions">{props.actions(o)}</td>}
        </tr>
      ))}
    </Table>
  )
}

export function FillsTable(props: { readonly fills: readonly Fill[] }): JSX.Element {
  return (
    <Table
      caption="Fills, newest first"
      head={['Time', 'Order', 'Instrument', 'Side', 'Quantity', 'Price', 'Fee']}
      empty="No fills yet."
      rows={props.fills.length}
      testId="fills"
    >
      {props.fills.map((f) => (
        <tr key={`${f.venue}-${f.tradeId}`}>
          <td>{time(f.time)}</td>
          <td>
            <code>{f.orderId}</code>
          </td>
          <th scope="row">{f.instrumentId}</th>
          <td>{f.side}</td>
          <td class="num">{decimal(f.quantity)}</td>
          <td class="num">{decimal(f.price)}</td>
          <td class="num">{f.fee}</td>
        </tr>
      ))}
    </Table>
  )
}
