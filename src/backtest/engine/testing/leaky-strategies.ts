/**
 * Strategies with one planted look-ahead leak each, and an honest one, for the look-ahead check's
 * tests. Each leak reaches past `ctx.history` the way such bugs do in practice: through the buffer
 * behind the zero-copy history view, which holds the whole input series.
 */
import { z } from 'zod'
import type { BarSeries } from '../../../data/bar-series.ts'
import type { InstrumentId } from '../../../domain/instrument.ts'
import type { StrategyContext, StrategyDefinition } from '../../../strategy/types.ts'

const noParams = z.strictObject({})

/** The whole column behind a history view: every bar of the input, known or not. */
function wholeColumn(column: Float64Array): Float64Array {
  return new Float64Array(
    column.buffer,
    column.byteOffset,
    (column.buffer.byteLength - column.byteOffset) / 8,
  )
}

function definition(
  name: string,
  create: StrategyDefinition<typeof noParams>['create'],
): StrategyDefinition<typeof noParams> {
  return { name, title: name, description: `look-ahead fixture: ${name}`, params: noParams, create }
}

/** Honest: long while the last close is above the mean of the three before it, flat otherwise. */
export const honestMomentum = definition('honest-momentum', () => ({
  onBar(ctx, event) {
    const h = ctx.history(event.instrumentId)
    if (h.length < 4) return
    const last = h.close[h.length - 1]!
    const mean = (h.close[h.length - 2]! + h.close[h.length - 3]! + h.close[h.length - 4]!) / 3
    ctx.targetPosition(event.instrumentId, last > mean ? 10 : 0)
  },
}))

/** (a) Reads the next bar: long when the next close is higher. */
export const peeksAtNextBar = definition('peeks-at-next-bar', () => ({
  onBar(ctx, event) {
    const h = ctx.history(event.instrumentId)
    const next = wholeColumn(h.close)[h.length]
    if (next === undefined) return
    ctx.targetPosition(event.instrumentId, next > h.close[h.length - 1]! ? 10 : 0)
  },
}))

/** (b) Normalises over the whole series: min and max of every close, captured at the start. */
export const normalisesOverWholeSeries = definition('normalises-over-whole-series', () => {
  let low = Number.NaN
  let high = Number.NaN
  return {
    onStart(ctx: StrategyContext) {
      const all = wholeColumn(ctx.history(ctx.instruments[0]!.id).close)
      low = Math.min(...all)
      high = Math.max(...all)
    },
    onBar(ctx, event) {
      const h = ctx.history(event.instrumentId)
      const scaled = (h.close[h.length - 1]! - low) / (high - low)
      ctx.targetPosition(event.instrumentId, scaled < 0.5 ? 10 : 0)
    },
  }
})

/**
 * (c) Uses the daily bar of the day in progress: the second instrument is the daily series, and
 * its bar is looked up by open time (the day has begun) instead of by when it is known (the day
 * has ended).
 */
export function usesDailyBarBeforeItCloses(daily: InstrumentId): StrategyDefinition<typeof noParams> {
  return definition('uses-daily-bar-before-it-closes', () => ({
    onBar(ctx, event) {
      if (event.instrumentId === daily) return
      const d: BarSeries = ctx.history(daily)
      const openTimes = wholeColumn(d.openTime)
      const closes = wholeColumn(d.close)
      let today = -1
      for (let i = 0; i < openTimes.length; i++) if (openTimes[i]! <= event.bar.openTime) today = i
      if (today < 0) return
      ctx.targetPosition(event.instrumentId, closes[today]! > event.bar.close ? 10 : 0)
    },
  }))
}
