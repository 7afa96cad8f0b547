import { describe, expect, it } from 'vitest'
import { ticksToNumber } from '../../domain/instrument.ts'
import { TEST_INSTRUMENT, minuteBars, single } from '../testing/bars.ts'
import { driveStrategy } from '../testing/driver.ts'
import { breakout } from './breakout.ts'

// Donchian(2), ATR(2) (Wilder; the first value is the mean of the first two true ranges).
const BARS = minuteBars([
  [10, 10.5, 9.5, 10], //   TR 1
  [10, 10.5, 9.5, 10], //   TR 1, ATR 1; channel 9.5–10.5
  [10, 11.5, 10, 11], //    TR 1.5, ATR 1.25; 11 > 10.5: buy ⌊500 / 11⌋ = 45
  [11.2, 12, 11, 11.8], //  filled at 11.2, stop 11.2 − 1.25 = 9.95; TR 1, ATR 1.125: stop → 11.8 − 1.125 = 10.675 → 10.67
  [11.5, 11.6, 10.5, 10.8], // low 10.5 reaches the stop: sold at 10.67
])

describe('breakout', () => {
  it('buys a close above the previous channel, places an ATR stop on the fill and trails it', () => {
    const run = driveStrategy(
      breakout,
      { channel: 2, atrPeriod: 2, stopAtr: 1, fraction: 0.5 },
      single(BARS),
      {
        cash: 1000,
      },
    )
    expect(
      run.fills.map((f) => `${f.side} ${f.quantity} @ ${ticksToNumber(TEST_INSTRUMENT, f.price)}`),
    ).toEqual(['buy 45 @ 11.2', 'sell 45 @ 10.67'])
    expect(
      run.decisions.map((d) =>
        d.action === 'cancel'
          ? `${d.callback}: cancel ${d.orderId}`
          : `${d.callback}: ${d.order.side} ${d.order.type} ${d.order.quantity}${d.order.stopPrice === undefined ? '' : ` @ ${d.order.stopPrice}`}`,
      ),
    ).toEqual([
      'bar: buy market 45',
      'fill: sell stop 45 @ 9.95',
      'bar: cancel O-2',
      'bar: sell stop 45 @ 10.67',
    ])
    expect(run.cash).toBeCloseTo(1000 - 45 * 11.2 + 45 * 10.67, 9)
    expect(run.positions.get(TEST_INSTRUMENT.id)).toBe(0)
  })

  it('never lowers a long stop', () => {
    // After the entry at 11.2 (stop 9.95), the close falls to 10.6 with ATR 1.125: 9.475 < 9.95, kept.
    const bars = minuteBars([
      [10, 10.5, 9.5, 10],
      [10, 10.5, 9.5, 10],
      [10, 11.5, 10, 11],
      [11.2, 11.2, 10.2, 10.6], // TR max(1, 0.2, 0.8) = 1, ATR 1.125: 10.6 − 1.125 = 9.475 < 9.95
    ])
    const run = driveStrategy(
      breakout,
      { channel: 2, atrPeriod: 2, stopAtr: 1, fraction: 0.5 },
      single(bars),
      {
        cash: 1000,
      },
    )
    expect(run.decisions.map((d) => d.action)).toEqual(['submit', 'submit'])
    expect(run.positions.get(TEST_INSTRUMENT.id)).toBe(45)
  })
})
