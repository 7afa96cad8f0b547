/**
 * Orders and their fills as the service records them: quantities in lots and prices in ticks
 * (BIGINT, exact), one order per client order id and per idempotency key for each owner, one
 * fill per venue trade id — a venue that reports a trade twice is told so, not double-counted.
 */
import { TradePulseError } from '../../domain/errors.ts'
import type { OrderStatus, OrderType, Side } from '../../execution/types.ts'
import { isUniqueViolation, type Queryable, type SqlRow } from '../database.ts'
import {
  fetchPage,
  readBigint,
  readOptionalBigint,
  readOptionalText,
  readSafeInteger,
  readText,
  type Page,
  type PageRequest,
} from '../pagination.ts'

export interface OrderRecord {
  readonly id: string
  readonly owner: string
  readonly clientOrderId: string
  readonly idempotencyKey: string | null
  readonly instrumentId: string
  readonly side: Side
  readonly type: OrderType
  readonly quantityLots: bigint
  /** Limit (or stop) price in ticks; null for a market order. */
  readonly priceTicks: bigint | null
  readonly status: OrderStatus
  readonly createdAt: number
  readonly updatedAt: number
}

export interface FillRecord {
  readonly id: string
  readonly orderId: string
  readonly venue: string
  /** Unique within `venue`. */
  readonly tradeId: string
  readonly quantityLots: bigint
  readonly priceTicks: bigint
  /** Fee in minor units of `feeCurrency`. */
  readonly feeMinor: bigint
  readonly feeCurrency: string
  readonly filledAt: number
}

const ORDER_COLUMNS =
  'SELECT id, owner, client_order_id, idempotency_key, instrument_id, side, type, quantity_lots, price_ticks, status, created_at, updated_at FROM orders'

export class OrderRepository {
  readonly #db: Queryable

  constructor(db: Queryable) {
    this.#db = db
  }

  /** Stores a new order; `STORE_CONFLICT` when its client order id or idempotency key is taken. */
  async insert(order: OrderRecord): Promise<void> {
    try {
      await this.#db.execute(
        `INSERT INTO orders (id, owner, client_order_id, idempotency_key, instrument_id, side, type, quantity_lots, price_ticks, status, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          order.id,
          order.owner,
          order.clientOrderId,
          order.idempotencyKey,
          order.instrumentId,
          order.side,
          order.type,
          order.quantityLots,
          order.priceTicks,
          order.status,
          BigInt(order.createdAt),
          BigInt(order.updatedAt),
        ],
      )
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
      throw new TradePulseError(
        'STORE_CONFLICT',
        `owner ${order.owner} already has an order with this id, client order id or idempotency key`,
        { field: 'clientOrderId' },
      )
    }
  }

  async get(id: string): Promise<OrderRecord | undefined> {
    const [row] = await this.#db.query(`${ORDER_COLUMNS} WHERE id = $1`, [id])
    return row === undefined ? undefined : toOrder(row)
  }

  async findByClientOrderId(owner: string, clientOrderId: string): Promise<OrderRecord | undefined> {
    const [row] = await this.#db.query(`${ORDER_COLUMNS} WHERE owner = $1 AND client_order_id = $2`, [
      owner,
      clientOrderId,
    ])
    return row === undefined ? undefined : toOrder(row)
  }

  async list(
    owner: string,
    request: PageRequest & { readonly status?: OrderStatus } = {},
  ): Promise<Page<OrderRecord>> {
    const query =
      request.status === undefined
        ? { select: ORDER_COLUMNS, where: ['owner = $1'], params: [owner] }
        : { select: ORDER_COLUMNS, where: ['owner = $1', 'status = $2'], params: [owner, request.status] }
    return fetchPage(this.#db, query, request, toOrder)
  }

  async updateStatus(id: string, status: OrderStatus, at: number): Promise<boolean> {
    const changed = await this.#db.execute('UPDATE orders SET status = $2, updated_at = $3 WHERE id = $1', [
      id,
      status,
      BigInt(at),
    ])
    return changed === 1
  }
}

export class FillRepository {
  readonly #db: Queryable

  constructor(db: Queryable) {
    this.#db = db
  }

  /** Stores a fill; `duplicate` when the venue's trade id was recorded before (a replayed report). */
  async insert(fill: FillRecord): Promise<'inserted' | 'duplicate'> {
    try {
      await this.#db.execute(
        `INSERT INTO fills (id, order_id, venue, trade_id, quantity_lots, price_ticks, fee_minor, fee_currency, filled_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          fill.id,
          fill.orderId,
          fill.venue,
          fill.tradeId,
          fill.quantityLots,
          fill.priceTicks,
          fill.feeMinor,
          fill.feeCurrency,
          BigInt(fill.filledAt),
        ],
      )
      return 'inserted'
    } catch (error) {
      if (isUniqueViolation(error)) return 'duplicate'
      throw error
    }
  }

  /** An order's fills in the order they happened. */
  async listByOrder(orderId: string): Promise<readonly FillRecord[]> {
    const rows = await this.#db.query(
      'SELECT id, order_id, venue, trade_id, quantity_lots, price_ticks, fee_minor, fee_currency, filled_at FROM fills WHERE order_id = $1 ORDER BY filled_at, id',
      [orderId],
    )
    return rows.map((row) => ({
      id: readText(row, 'id'),
      orderId: readText(row, 'order_id'),
      venue: readText(row, 'venue'),
      tradeId: readText(row, 'trade_id'),
      quantityLots: readBigint(row, 'quantity_lots'),
      priceTicks: readBigint(row, 'price_ticks'),
      feeMinor: readBigint(row, 'fee_minor'),
      feeCurrency: readText(row, 'fee_currency'),
      filledAt: readSafeInteger(row, 'filled_at'),
    }))
  }
}

function toOrder(row: SqlRow): OrderRecord {
  return {
    id: readText(row, 'id'),
    owner: readText(row, 'owner'),
    clientOrderId: readText(row, 'client_order_id'),
    idempotencyKey: readOptionalText(row, 'idempotency_key'),
    instrumentId: readText(row, 'instrument_id'),
    // The CHECK constraints keep side and type in their unions; status is written only from OrderStatus.
    side: readText(row, 'side') as Side,
    type: readText(row, 'type') as OrderType,
    quantityLots: readBigint(row, 'quantity_lots'),
    priceTicks: readOptionalBigint(row, 'price_ticks'),
    status: readText(row, 'status') as OrderStatus,
    createdAt: readSafeInteger(row, 'created_at'),
    updatedAt: readSafeInteger(row, 'updated_at'),
  }
}
