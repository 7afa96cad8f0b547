import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { currency } from '../../domain/money.ts'
import type { UnixMillis } from '../../domain/time.ts'
import type { TradeRecord } from '../../backtest/result.ts'
import { toMinorUnits } from '../money-units.ts'
import { allocateUnits } from './allocate.ts'
import { ATTRIBUTION_DIMENSIONS, attribute } from './attribution.ts'
import type { PhaseLabel, PhaseTimeline } from './phase-timeline.ts'

const USD = currency('USD')

function trade(
  instrumentId: string,
  direction: 'long' | 'short',
  entryTime: number,
  exitTime: number | null,
  pnl: number,
): TradeRecord {
  return {
    instrumentId,
    direction,
    entryTime: entryTime as UnixMillis,
    exitTime: exitTime as UnixMillis | null,
    entryPrice: 100,
    exitPrice: 100,
    quantity: 1,
    pnl,
    fees: 0,
    returnPct: pnl / 100,
    bars: 1,
  }
}

describe('allocateUnits', () => {
  it('gives the left-over units to the largest remainders, earlier first on a tie', () => {
    expect(allocateUnits(10n, [1, 1, 1])).toEqual([4n, 3n, 3n])
    expect(allocateUnits(-10n, [1, 1, 1]), 'a loss splits like a gain').toEqual([-4n, -3n, -3n])
    // 10001·2/5 = 4000.4, 10001·3/5 = 6000.6: the one unit left goes to the 0.6.
    expect(allocateUnits(10_001n, [2, 3])).toEqual([4000n, 6001n])
  })

  it('always adds up to the amount it split', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 12 }).filter((w) => w.some((x) => x > 0)),
        (total, weights) => {
          const parts = allocateUnits(total, weights)
          expect(parts.reduce((a, b) => a + b, 0n)).toBe(total)
        },
      ),
    )
  })
})

describe('attribute', () => {
  // AAA: chaotic on bars 1–2, strong-emergent on bars 3–5. BBB has no phase timeline.
  const phases = new Map<string, PhaseTimeline>([
    [
      'AAA.XNAS',
      {
        times: [1, 2, 3, 4, 5],
        labels: ['chaotic', 'chaotic', 'strong-emergent', 'strong-emergent', 'strong-emergent'],
      },
    ],
  ])
  const trades = [
    trade('AAA.XNAS', 'long', 1, 5, 100.01), // 10,001 cents over 2 chaotic + 3 strong bars
    trade('AAA.XNAS', 'short', 3, 4, -50.5), // −5,050 cents, all strong-emergent
    trade('BBB.XNYS', 'long', 2, null, 0.333), // still open: 0.333 rounds half-even to 33 cents
  ]
  const report = attribute({ strategy: 'demo', currency: USD, initialCapital: 1000, trades, phases })
  const table = (dimension: (typeof ATTRIBUTION_DIMENSIONS)[number]): [string, bigint][] =>
    report.by[dimension].map((b) => [b.key, b.pnl])

  it('shares a trade among the phases it was held through, by bars, exactly', () => {
    // Trade 1: 4,000 chaotic, 6,001 strong (largest remainder); trade 2: −5,050 strong.
    expect(table('phase')).toEqual([
      ['chaotic', 4000n],
      ['strong-emergent', 951n],
      ['warm-up', 33n],
    ])
    expect(table('entryPhase')).toEqual([
      ['chaotic', 10_001n],
      ['strong-emergent', -5050n],
      ['warm-up', 33n],
    ])
  })

  it('attributes whole trades by instrument, side and month, summing to the total', () => {
    expect(report.total, '10,001 − 5,050 + 33').toBe(4984n)
    expect(table('instrument')).toEqual([
      ['AAA.XNAS', 4951n],
      ['BBB.XNYS', 33n],
    ])
    expect(table('side')).toEqual([
      ['long', 10_034n],
      ['short', -5050n],
    ])
    expect(table('month')).toEqual([
      ['1970-01', 4951n],
      ['open', 33n],
    ])
    expect(report.by.instrument[0]?.returnContribution, '49.51 / 1,000').toBeCloseTo(0.04951, 12)
    expect(report.by.instrument[0]?.winRate, 'one win of two closed trades').toBe(0.5)
    expect(report.by.instrument[1]?.winRate, 'an open trade has no outcome yet').toBeNull()
  })

  it('sums exactly to the total P&L along every dimension, for any trades and phases', () => {
    const labels: PhaseLabel[] = [
      'chaotic',
      'proto-emergent',
      'strong-emergent',
      'transition',
      'post-emergent',
      'warm-up',
    ]
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...labels), { minLength: 1, maxLength: 40 }),
        fc.array(
          fc.record({
            instrument: fc.constantFrom('AAA.XNAS', 'BBB.XNYS'),
            direction: fc.constantFrom<'long' | 'short'>('long', 'short'),
            entry: fc.nat({ max: 45 }),
            length: fc.nat({ max: 20 }),
            open: fc.boolean(),
            pnl: fc.double({ min: -1e7, max: 1e7, noNaN: true }),
          }),
          { maxLength: 30 },
        ),
        (phaseLabels, specs) => {
          const timeline = { times: phaseLabels.map((_, i) => i * 86_400_000), labels: phaseLabels }
          const generated = specs.map((s) =>
            trade(
              s.instrument,
              s.direction,
              s.entry * 86_400_000,
              s.open ? null : (s.entry + s.length) * 86_400_000,
              s.pnl,
            ),
          )
          const result = attribute({
            strategy: 'demo',
            currency: USD,
            initialCapital: 1e6,
            trades: generated,
            phases: new Map([['AAA.XNAS', timeline]]),
          })
          const expected = generated.reduce((sum, t) => sum + toMinorUnits(t.pnl, USD, 'pnl'), 0n)
          expect(result.total).toBe(expected)
          for (const dimension of ATTRIBUTION_DIMENSIONS) {
            expect(
              result.by[dimension].reduce((sum, b) => sum + b.pnl, 0n),
              `${dimension} sums to the total`,
            ).toBe(expected)
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})
