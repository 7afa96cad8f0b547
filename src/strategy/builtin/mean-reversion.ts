/**
 * Mean reversion on Bollinger bands, confirmed by RSI. Long when the close is at or below the
 * lower band while RSI is below `oversold`; the long is closed when the close comes back to the
 * middle band (the moving average). With `allowShort`, the mirror image: short at or above the
 * upper band with RSI above `overbought`, closed at or below the middle band. Sizing: `fraction`
 * of equity in whole lots at the signal bar's close.
 */
import { z } from 'zod'
import type { InstrumentId } from '../../domain/instrument.ts'
import { Bollinger } from '../../indicators/classic/bollinger.ts'
import { Rsi } from '../../indicators/classic/rsi.ts'
import { defineStrategy } from '../define.ts'
import { instrumentOf, lotsForFraction } from '../sizing.ts'
import type { StrategyContext } from '../types.ts'

export const meanReversionParams = z
  .strictObject({
    period: z
      .number()
      .int()
      .min(2)
      .default(20)
      .describe('Bars in the Bollinger moving average and deviation'),
    multiplier: z.number().positive().default(2).describe('Band half-width in standard deviations'),
    rsiPeriod: z.number().int().min(1).default(14).describe('RSI (Wilder) period'),
    oversold: z.number().min(0).max(100).default(30).describe('RSI below which a lower-band touch is a buy'),
    overbought: z
      .number()
      .min(0)
      .max(100)
      .default(70)
      .describe('RSI above which an upper-band touch is a short'),
    allowShort: z.boolean().default(false).describe('Also sell upper-band touches short'),
    fraction: z
      .number()
      .positive()
      .max(1)
      .default(0.95)
      .describe('Fraction of equity per position, in (0, 1]'),
  })
  .refine((p) => p.oversold < p.overbought, {
    path: ['oversold'],
    message: 'oversold must be below overbought',
  })
export type MeanReversionParams = z.output<typeof meanReversionParams>

interface Leg {
  readonly bands: Bollinger
  readonly rsi: Rsi
  /** +1 long, −1 short, 0 flat: the direction last ordered. */
  direction: number
}

export const meanReversion = defineStrategy({
  name: 'mean-reversion',
  title: 'Bollinger and RSI mean reversion',
  description:
    'Buys a close at or below the lower Bollinger band with RSI oversold and sells at the middle band; optionally the mirror image short.',
  params: meanReversionParams,
  space: {
    period: { int: [10, 50], step: 5 },
    multiplier: { float: [1, 3], step: 0.5 },
    rsiPeriod: { int: [7, 21], step: 7 },
    oversold: { int: [20, 40], step: 5 },
    overbought: { int: [60, 80], step: 5 },
  },
  create(p: MeanReversionParams) {
    const legs = new Map<InstrumentId, Leg>()
    return {
      onStart(ctx: StrategyContext) {
        for (const instrument of ctx.instruments) {
          legs.set(instrument.id, {
            bands: new Bollinger({ period: p.period, multiplier: p.multiplier }),
            rsi: new Rsi({ period: p.rsiPeriod }),
            direction: 0,
          })
        }
      },
      onBar(ctx, { instrumentId, bar }) {
        const leg = legs.get(instrumentId)
        if (leg === undefined) return
        const { lower, middle, upper } = leg.bands.update(bar.close)
        const rsi = leg.rsi.update(bar.close)
        if (Number.isNaN(middle) || Number.isNaN(rsi)) return
        const close = bar.close
        let wanted = leg.direction
        let reason = ''
        if (leg.direction === 1 && close >= middle) [wanted, reason] = [0, 'back at the middle band']
        else if (leg.direction === -1 && close <= middle) [wanted, reason] = [0, 'back at the middle band']
        else if (leg.direction === 0 && close <= lower && rsi < p.oversold)
          [wanted, reason] = [1, 'lower band, RSI oversold']
        else if (leg.direction === 0 && p.allowShort && close >= upper && rsi > p.overbought) {
          ;[wanted, reason] = [-1, 'upper band, RSI overbought']
        }
        if (wanted === leg.direction) return
        const lots =
          wanted === 0 ? 0 : lotsForFraction(instrumentOf(ctx, instrumentId), p.fraction, ctx.equity(), close)
        if (wanted !== 0 && lots === 0) return
        ctx.targetPosition(instrumentId, wanted * lots, reason)
        leg.direction = wanted
      },
    }
  },
})
