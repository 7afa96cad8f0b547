/**
 * Donchian channel breakout with an ATR stop. A close above the highest high of the previous
 * `channel` bars buys (with `allowShort`, a close below their lowest low sells short). When the
 * entry fills, a real stop order goes to the venue at `stopAtr` ATRs (the ATR of the signal bar)
 * beyond the entry's fill price; after every bar the stop trails to `stopAtr` current ATRs from
 * the close, and only ever toward the price. The position is closed by the stop alone.
 *
 * The channel compared with a close is the one of the bars before it: a bar's own high is never
 * above its own channel, so the strategy keeps the previous bar's channel to compare against.
 * Stop prices are rounded to the tick grid away from the market (a sell stop down, a buy stop up).
 */
import { z } from 'zod'
import type { OrderId } from '../../domain/ids.ts'
import { type Instrument, type InstrumentId, priceToTicks, ticksToNumber } from '../../domain/instrument.ts'
import { Atr } from '../../indicators/classic/atr.ts'
import { Donchian } from '../../indicators/classic/donchian.ts'
import { defineStrategy } from '../define.ts'
import { instrumentOf, lotsForFraction } from '../sizing.ts'
import type { StrategyContext } from '../types.ts'

export const breakoutParams = z.strictObject({
  channel: z.number().int().min(1).default(20).describe('Bars in the Donchian channel a close must break'),
  atrPeriod: z.number().int().min(1).default(14).describe('ATR (Wilder) period for the stop distance'),
  stopAtr: z
    .number()
    .positive()
    .default(2)
    .describe('Stop distance from the entry, then from the close, in ATRs'),
  allowShort: z.boolean().default(false).describe('Also sell breakouts below the channel short'),
  fraction: z.number().positive().max(1).default(0.95).describe('Fraction of equity per position, in (0, 1]'),
})
export type BreakoutParams = z.output<typeof breakoutParams>

interface Leg {
  readonly instrument: Instrument
  readonly channel: Donchian
  readonly atr: Atr
  /** The channel of the bars before the current one. */
  upper: number
  lower: number
  /** Direction of the entry sent or held: +1, −1, 0. */
  direction: number
  entryId: OrderId | undefined
  /** ATR at the signal bar: the entry stop's distance. */
  entryAtr: number
  stopId: OrderId | undefined
  stopPrice: number
}

export const breakout = defineStrategy({
  name: 'breakout',
  title: 'Donchian breakout with ATR trailing stop',
  description:
    'Buys a close above the previous Donchian channel (optionally sells one below it short) and protects the position with a stop order that trails at a multiple of ATR.',
  params: breakoutParams,
  space: {
    channel: { int: [10, 100], step: 5 },
    atrPeriod: { int: [7, 28], step: 7 },
    stopAtr: { float: [1, 4], step: 0.5 },
  },
  create(p: BreakoutParams) {
    const legs = new Map<InstrumentId, Leg>()

    const stopLevel = (leg: Leg, reference: number, atr: number): number => {
      const raw = reference - leg.direction * p.stopAtr * atr
      if (!(raw > 0)) return Number.NaN
      const ticks = priceToTicks(leg.instrument, raw, leg.direction > 0 ? 'floor' : 'ceil')
      return ticksToNumber(leg.instrument, ticks)
    }

    const placeStop = (ctx: StrategyContext, leg: Leg, price: number): void => {
      const quantity = Math.abs(ctx.position(leg.instrument.id))
      if (leg.stopId !== undefined) ctx.cancel(leg.stopId)
      leg.stopId = undefined
      if (quantity === 0 || !(price > 0)) return
      const result = ctx.submit({
        instrumentId: leg.instrument.id,
        side: leg.direction > 0 ? 'sell' : 'buy',
        type: 'stop',
        quantity,
        stopPrice: price,
        timeInForce: 'GTC',
        reduceOnly: true,
        tag: 'ATR stop',
      })
      if (result.ok) {
        leg.stopId = result.orderId
        leg.stopPrice = price
      } else {
        ctx.log(`${leg.instrument.id}: stop at ${price} refused (${result.code}: ${result.reason})`)
      }
    }

    return {
      onStart(ctx: StrategyContext) {
        for (const instrument of ctx.instruments) {
          legs.set(instrument.id, {
            instrument,
            channel: new Donchian({ period: p.channel }),
            atr: new Atr({ period: p.atrPeriod }),
            upper: Number.NaN,
            lower: Number.NaN,
            direction: 0,
            entryId: undefined,
            entryAtr: Number.NaN,
            stopId: undefined,
            stopPrice: Number.NaN,
          })
        }
      },
      onBar(ctx, { instrumentId, bar }) {
        const leg = legs.get(instrumentId)
        if (leg === undefined) return
        const atr = leg.atr.update(bar)
        const { upper: previousUpper, lower: previousLower } = leg
        const channel = leg.channel.update(bar)
        leg.upper = channel.upper
        leg.lower = channel.lower
        const position = ctx.position(instrumentId)
        const entryWorking =
          leg.entryId !== undefined && ctx.workingOrders(instrumentId).some((o) => o.orderId === leg.entryId)

        if (position === 0 && !entryWorking) {
          if (leg.stopId !== undefined) ctx.cancel(leg.stopId)
          leg.stopId = undefined
          leg.entryId = undefined
          leg.direction = 0
          if (Number.isNaN(atr) || Number.isNaN(previousUpper)) return
          const wanted = bar.close > previousUpper ? 1 : p.allowShort && bar.close < previousLower ? -1 : 0
          if (wanted === 0) return
          const lots = lotsForFraction(instrumentOf(ctx, instrumentId), p.fraction, ctx.equity(), bar.close)
          if (lots === 0) return
          const result = ctx.submit({
            instrumentId,
            side: wanted > 0 ? 'buy' : 'sell',
            type: 'market',
            quantity: lots,
            tag: wanted > 0 ? 'close above the channel' : 'close below the channel',
          })
          if (!result.ok) return
          leg.direction = wanted
          leg.entryId = result.orderId
          leg.entryAtr = atr
          return
        }
        if (position === 0 || leg.stopId === undefined || Number.isNaN(atr)) return
        const trailed = stopLevel(leg, bar.close, atr)
        if (leg.direction * (trailed - leg.stopPrice) > 0) placeStop(ctx, leg, trailed)
      },
      onFill(ctx, fill) {
        const leg = legs.get(fill.instrumentId)
        if (leg === undefined) return
        if (fill.orderId === leg.entryId) {
          // Each (partial) fill of the entry re-sends the stop for the whole position; its level is
          // set by the first fill and afterwards only trails.
          const price =
            leg.stopId === undefined
              ? stopLevel(leg, ticksToNumber(leg.instrument, fill.price), leg.entryAtr)
              : leg.stopPrice
          placeStop(ctx, leg, price)
        } else if (fill.orderId === leg.stopId && ctx.position(fill.instrumentId) === 0) {
          leg.stopId = undefined
          leg.entryId = undefined
          leg.direction = 0
        }
      },
    }
  },
})
