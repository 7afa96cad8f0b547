import { describe, expect, it } from 'vitest'
import { ticksToNumber } from '../../domain/instrument.ts'
import { TEST_INSTRUMENT, flatBars, single } from '../testing/bars.ts'
import { driveStrategy } from '../testing/driver.ts'
import { maCrossover } from './ma-crossover.ts'

// closes 10 10 10 13 13 7 7 7 (open = close). SMA(2) / SMA(3):
// bar 2: 10 / 10 (equal: no signal); bar 3: 11.5 / 11 (long); bar 4: 13 / 12;
// bar 5: 10 / 11 (below); bar 6: 7 / 9; bar 7: 7 / 7 (equal).
const CLOSES = [10, 10, 10, 13, 13, 7, 7, 7]
const fills = (run: ReturnType<typeof driveStrategy>): string[] =>
  run.fills.map((f) => `${f.side} ${f.quantity} @ ${ticksToNumber(TEST_INSTRUMENT, f.price)}`)

describe('ma-crossover', () => {
  it('buys when the fast average crosses above the slow one and sells when it crosses below', () => {
    const run = driveStrategy(maCrossover, { fast: 2, slow: 3, fraction: 0.5 }, single(flatBars(CLOSES)), {
      cash: 1000,
    })
    // ⌊0.5 × 1000 / 13⌋ = 38 lots, bought at bar 4's open and sold at bar 6's.
    expect(fills(run)).toEqual(['buy 38 @ 13', 'sell 38 @ 7'])
    expect(run.cash).toBe(1000 - 38 * 13 + 38 * 7)
    expect(run.decisions.map((d) => d.action === 'submit' && d.order.tag)).toEqual([
      'fast above slow',
      'fast below slow',
    ])
  })

  it('reverses into a short with allowShort, sized on the equity at the signal', () => {
    const run = driveStrategy(
      maCrossover,
      { fast: 2, slow: 3, fraction: 0.5, allowShort: true },
      single(flatBars(CLOSES)),
      { cash: 1000 },
    )
    // equity at bar 5: 1000 − 38 × 13 + 38 × 7 = 772; ⌊0.5 × 772 / 7⌋ = 55 short, so 38 + 55 sold.
    expect(fills(run)).toEqual(['buy 38 @ 13', 'sell 93 @ 7'])
    expect(run.positions.get(TEST_INSTRUMENT.id)).toBe(-55)
  })

  it('sends nothing when not one lot fits', () => {
    const run = driveStrategy(maCrossover, { fast: 2, slow: 3, fraction: 0.1 }, single(flatBars(CLOSES)), {
      cash: 100,
    })
    expect(run.decisions).toEqual([])
  })

  it('uses exponential averages with average "ema"', () => {
    // EMA(2) α = 2/3 and EMA(3) α = 1/2, both seeded with the SMA of their first window:
    // bar 2: fast 10, slow 10; bar 3: 12, 11.5 (long); bar 5: 0.667·7 + 0.333·12.667 = 8.889
    // against 0.5·7 + 0.5·12.25 = 9.625 (below).
    const run = driveStrategy(
      maCrossover,
      { fast: 2, slow: 3, fraction: 0.5, average: 'ema' },
      single(flatBars(CLOSES)),
      {
        cash: 1000,
      },
    )
    expect(fills(run)).toEqual(['buy 38 @ 13', 'sell 38 @ 7'])
  })
})
