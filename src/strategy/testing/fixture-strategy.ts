/**
 * A strategy written the way a user writes one in their own file, loaded by path in the loader
 * and contract tests: long after `rise` consecutive higher closes, flat after `fall` consecutive
 * lower closes, one lot.
 */
import { z } from 'zod'
import type { InstrumentId } from '../../domain/instrument.ts'
import { defineStrategy } from '../define.ts'

const params = z.strictObject({
  rise: z.number().int().min(1).default(3).describe('Consecutive higher closes that buy one lot'),
  fall: z.number().int().min(1).default(2).describe('Consecutive lower closes that sell it'),
})

export default defineStrategy({
  name: 'streak',
  title: 'Close streaks',
  description: 'Buys one lot after a run of higher closes and sells it after a run of lower closes.',
  params,
  create(p: z.output<typeof params>) {
    const state = new Map<InstrumentId, { previous: number; streak: number }>()
    return {
      onBar(ctx, { instrumentId, bar }) {
        const s = state.get(instrumentId) ?? { previous: Number.NaN, streak: 0 }
        state.set(instrumentId, s)
        const step = Math.sign(bar.close - s.previous)
        s.streak =
          step === 0 || Number.isNaN(step) ? 0 : Math.sign(s.streak) === step ? s.streak + step : step
        s.previous = bar.close
        if (s.streak >= p.rise) ctx.targetPosition(instrumentId, 1, 'higher closes')
        else if (s.streak <= -p.fall) ctx.targetPosition(instrumentId, 0, 'lower closes')
      },
    }
  },
})
