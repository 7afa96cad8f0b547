/**
 * What the API returns for the core's objects: prices, quantities and money as exact decimal
 * strings (never binary floats: `"101.25"`, not `101.25000000000001`), times as ISO 8601.
 */
import { z } from 'zod'
import { formatDecimal } from '../domain/decimal.ts'
import { type Instrument, lotsToQuantity, ticksToPrice } from '../domain/instrument.ts'
import { type Money, moneyOfUnits } from '../domain/money.ts'
import type { PriceTicks, QuantityLots } from '../domain/instrument.ts'
import type { Fill } from '../execution/types.ts'
import type { Order } from '../execution/orders/order.ts'
import type { PositionView } from '../execution/portfolio/portfolio.ts'

export const Decimal = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .describe('an exact decimal number, as a string')

export const OrderView = z.object({
  orderId: z.string(),
  clientOrderId: z.string(),
  instrumentId: z.string(),
  side: z.enum(['buy', 'sell']),
  type: z.string(),
  timeInForce: z.string(),
  quantity: Decimal,
  price: Decimal.optional(),
  stopPrice: Decimal.optional(),
  status: z.string(),
  filledQuantity: Decimal,
  averageFillPrice: Decimal.optional(),
  flag: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type OrderView = z.infer<typeof OrderView>

export const FillView = z.object({
  venue: z.string(),
  tradeId: z.string(),
  orderId: z.string(),
  instrumentId: z.string(),
  side: z.enum(['buy', 'sell']),
  quantity: Decimal,
  price: Decimal,
  fee: z.string(),
  liquidity: z.string(),
  time: z.string(),
})

export const PositionViewSchema = z.object({
  instrumentId: z.string(),
  quantity: Decimal,
  side: z.string(),
  averagePrice: Decimal.optional(),
  lastPrice: Decimal.optional(),
  marketValue: z.string(),
  realisedPnl: z.string(),
  unrealisedPnl: z.string(),
})

export const price = (instrument: Instrument, ticks: PriceTicks): string =>
  formatDecimal(ticksToPrice(instrument, ticks))
export const quantity = (instrument: Instrument, lots: number): string =>
  formatDecimal(lotsToQuantity(instrument, lots as QuantityLots))
export const amount = (value: Money): string =>
  `${formatDecimal({ units: value.units, scale: value.currency.decimals }, value.currency.decimals)} ${value.currency.code}`
const iso = (time: number): string => new Date(time).toISOString()

/** An exact ratio of tick-lots to lots as a price, to the instrument's tick scale plus six places. */
function averagePrice(instrument: Instrument, ticks: bigint, per: bigint): string | undefined {
  if (per === 0n) return undefined
  const scale = instrument.tickSize.scale + 6
  const units = (ticks * instrument.tickSize.units * 10n ** 6n) / per
  return formatDecimal({ units, scale })
}

export function orderView(order: Readonly<Order>, instrument: Instrument): OrderView {
  const avg = averagePrice(instrument, order.filledNotionalTicks, BigInt(order.filledQuantity))
  return {
    orderId: order.orderId,
    clientOrderId: order.clientOrderId,
    instrumentId: order.instrumentId,
    side: order.side,
    type: order.type,
    timeInForce: order.timeInForce,
    quantity: quantity(instrument, order.quantity),
    ...(order.price === undefined ? {} : { price: price(instrument, order.price) }),
    ...(order.stopPrice === undefined ? {} : { stopPrice: price(instrument, order.stopPrice) }),
    status: order.status,
    filledQuantity: quantity(instrument, order.filledQuantity),
    ...(avg === undefined ? {} : { averageFillPrice: avg }),
    ...(order.flag === undefined ? {} : { flag: order.flag }),
    createdAt: iso(order.createdAt),
    updatedAt: iso(order.updatedAt),
  }
}

export function fillView(fill: Fill, instrument: Instrument): z.infer<typeof FillView> {
  return {
    venue: fill.venue,
    tradeId: fill.tradeId,
    orderId: fill.orderId,
    instrumentId: fill.instrumentId,
    side: fill.side,
    quantity: quantity(instrument, fill.quantity),
    price: price(instrument, fill.price),
    fee: amount(moneyOfUnits(instrument.quoteCurrency, fill.fee)),
    liquidity: fill.liquidity,
    time: iso(fill.time),
  }
}

export function positionView(
  position: PositionView,
  instrument: Instrument,
): z.infer<typeof PositionViewSchema> {
  const avg =
    position.averagePrice === undefined
      ? undefined
      : averagePrice(instrument, position.averagePrice.numerator, position.averagePrice.denominator)
  return {
    instrumentId: position.instrumentId,
    quantity: quantity(instrument, position.quantity),
    side: position.side,
    ...(avg === undefined ? {} : { averagePrice: avg }),
    ...(position.lastPrice === undefined ? {} : { lastPrice: price(instrument, position.lastPrice) }),
    marketValue: amount(position.marketValue),
    realisedPnl: amount(position.realisedPnl),
    unrealisedPnl: amount(position.unrealisedPnl),
  }
}
