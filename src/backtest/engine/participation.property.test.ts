import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { runBacktest } from '../engine.ts'
import { type Row, equity, seriesOf } from './testing/bars.ts'
import { scripted } from './testing/scripted-strategy.ts'

const X = equity('X')

describe('participation', () => {
  it('never fills more than participation × volume on one bar, however many orders share it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 3, maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(0.05, 0.1, 0.5, 1),
        (volumes, quantities, participation) => {
          const rows: Row[] = volumes.map((v) => [100, 101, 99, 100, v] as const)
          const result = runBacktest({
            strategy: scripted('many', () => ({
              onBar(ctx, event) {
                if (event.index !== 0) return
                for (const quantity of quantities)
                  ctx.submit({ instrumentId: X.id, side: 'buy', type: 'market', quantity })
              },
            })),
            data: [{ instrument: X, series: seriesOf(rows), source: 'generated' }],
            config: { slippage: { model: 'none' }, liquidity: { participation } },
          })
          const perBar = new Map<number, number>()
          for (const f of result.fills) perBar.set(f.time, (perBar.get(f.time) ?? 0) + f.lots)
          for (const [time, lots] of perBar) {
            // Market orders fill at the open, and bar i opens on day i.
            const bar = time / 86_400_000
            expect(lots).toBeLessThanOrEqual(Math.floor(volumes[bar]! * participation + 1e-9))
          }
          // Nothing is lost: every lot asked for either filled or is still carried at the end.
          const filled = result.orders.reduce((sum, o) => sum + o.filledLots, 0)
          const capacity = volumes.slice(1).reduce((sum, v) => sum + Math.floor(v * participation + 1e-9), 0)
          const asked = quantities.reduce((a, b) => a + b, 0)
          expect(filled).toBe(Math.min(asked, capacity))
        },
      ),
      { numRuns: 60 },
    )
  })
})
