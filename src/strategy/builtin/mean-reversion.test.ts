import { describe, expect, it } from 'vitest'
import { ticksToNumber } from '../../domain/instrument.ts'
import { TEST_INSTRUMENT, flatBars, single } from '../testing/bars.ts'
import { driveStrategy } from '../testing/driver.ts'
import { meanReversion } from './mean-reversion.ts'

describe('mean-reversion', () => {
  it('buys a close under the lower band with RSI oversold and sells back at the middle band', () => {
    // closes 10 11 10 8 8.5 10 10.5 (open = close); Bollinger(3, 1 σ), RSI(2):
    // bar 3: window 11 10 8, mean 9.667, σ = √(4.667/3) = 1.247, lower 8.420 ≥ 8; RSI: gains
    //        (0.5·1 + 0)/2 = 0.25, losses (0.5·1 + 2)/2 = 1.25, 100 − 100/1.2 = 16.7 < 30: buy
    //        ⌊0.5 × 1000 / 8⌋ = 62, filled at bar 4's open, 8.5;
    // bar 4: mean of 10 8 8.5 = 8.833 > 8.5: hold; bar 5: mean of 8 8.5 10 = 8.833 ≤ 10: sell,
    //        filled at bar 6's open, 10.5.
    const run = driveStrategy(
      meanReversion,
      { period: 3, multiplier: 1, rsiPeriod: 2, fraction: 0.5 },
      single(flatBars([10, 11, 10, 8, 8.5, 10, 10.5])),
      { cash: 1000 },
    )
    expect(
      run.fills.map((f) => `${f.side} ${f.quantity} @ ${ticksToNumber(TEST_INSTRUMENT, f.price)}`),
    ).toEqual(['buy 62 @ 8.5', 'sell 62 @ 10.5'])
    expect(run.decisions.map((d) => d.action === 'submit' && d.order.tag)).toEqual([
      'lower band, RSI oversold',
      'back at the middle band',
    ])
    expect(run.cash).toBe(1000 - 62 * 8.5 + 62 * 10.5)
  })

  it('leaves a lower-band touch alone when RSI is not oversold', () => {
    // Same path, oversold 15: the RSI of 16.7 at bar 3 does not qualify.
    const run = driveStrategy(
      meanReversion,
      { period: 3, multiplier: 1, rsiPeriod: 2, oversold: 15, fraction: 0.5 },
      single(flatBars([10, 11, 10, 8, 8.5, 10, 10.5])),
    )
    expect(run.decisions).toEqual([])
  })

  it('sells an upper-band touch short with allowShort and covers at the middle band', () => {
    // The mirror path: closes 10 9 10 12 11.5 10 9.5; RSI(2) at bar 3 = 83.3 > 70, upper band
    // 10.333 + 1.247 = 11.580 ≤ 12: short ⌊0.5 × 1000 / 12⌋ = 41 at 11.5; bar 5: 10 ≤ 11.167: cover at 9.5.
    const run = driveStrategy(
      meanReversion,
      { period: 3, multiplier: 1, rsiPeriod: 2, fraction: 0.5, allowShort: true },
      single(flatBars([10, 9, 10, 12, 11.5, 10, 9.5])),
      { cash: 1000 },
    )
    expect(
      run.fills.map((f) => `${f.side} ${f.quantity} @ ${ticksToNumber(TEST_INSTRUMENT, f.price)}`),
    ).toEqual(['sell 41 @ 11.5', 'buy 41 @ 9.5'])
  })
})
