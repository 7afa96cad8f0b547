/**
 * Moving-average crossover: long while the fast average of the close is above the slow one; when
 * it is below, flat, or short with `allowShort`. Trades only when the wanted direction changes, so
 * the position is not re-sized every bar as equity moves. Sizing: `fraction` of equity in whole
 * lots at the signal bar's close; the market order fills at the next bar's open.
 */
import { z } from 'zod'
import type { InstrumentId } from '../../domain/instrument.ts'
import { Ema } from '../../indicators/classic/ema.ts'
import { Sma } from '../../indicators/classic/sma.ts'
import { defineStrategy } from '../define.ts'
import { instrumentOf, lotsForFraction } from '../sizing.ts'
import type { StrategyContext } from '../types.ts'

export const maCrossoverParams = z
  .strictObject({
    fast: z.number().int().min(1).default(10).describe('Bars in the fast moving average'),
    slow: z.number().int().min(2).default(30).describe('Bars in the slow moving average; more than fast'),
    average: z.enum(['sma', 'ema']).default('sma').describe('Kind of moving average: sma or ema'),
    allowShort: z.boolean().default(false).describe('Go short when fast < slow (else stay flat)'),
    fraction: z
      .number()
      .positive()
      .max(1)
      .default(0.95)
      .describe('Fraction of equity a position is worth when opened, in (0, 1]'),
  })
  .refine((p) => p.fast < p.slow, { path: ['fast'], message: 'fast must be below slow' })
export type MaCrossoverParams = z.output<typeof maCrossoverParams>

interface Leg {
  readonly fast: { update(value: number): number }
  readonly slow: { update(value: number): number }
  /** +1 long, −1 short, 0 flat: the direction last ordered. */
  direction: number
}

export const maCrossover = defineStrategy({
  name: 'ma-crossover',
  title: 'Moving-average crossover',
  description: 'Long while the fast moving average is above the slow one; flat (or short) below it.',
  params: maCrossoverParams,
  // The signal's two windows and their kind; sizing (fraction) is left at its default.
  space: {
    fast: { int: [2, 50] },
    slow: { int: [10, 200], step: 5 },
    average: { choice: ['sma', 'ema'] },
  },
  create(p: MaCrossoverParams) {
    const legs = new Map<InstrumentId, Leg>()
    const average = (period: number): { update(value: number): number } =>
      p.average === 'sma' ? new Sma({ period }) : new Ema({ period })
    return {
      onStart(ctx: StrategyContext) {
        for (const instrument of ctx.instruments) {
          legs.set(instrument.id, { fast: average(p.fast), slow: average(p.slow), direction: 0 })
        }
      },
      onBar(ctx, { instrumentId, bar }) {
        const leg = legs.get(instrumentId)
        if (leg === undefined) return
        const fast = leg.fast.update(bar.close)
        const slow = leg.slow.update(bar.close)
        if (Number.isNaN(fast) || Number.isNaN(slow) || fast === slow) return
        const wanted = fast > slow ? 1 : p.allowShort ? -1 : 0
        if (wanted === leg.direction) return
        const lots = lotsForFraction(instrumentOf(ctx, instrumentId), p.fraction, ctx.equity(), bar.close)
        if (wanted !== 0 && lots === 0) return
        // A refused target is not asked again every bar (position-targets.ts says why); the run's
        // events record the refusal.
        ctx.targetPosition(instrumentId, wanted * lots, fast > slow ? 'fast above slow' : 'fast below slow')
        leg.direction = wanted
      },
    }
  },
})
