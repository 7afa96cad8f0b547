import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { centiBasisPoints, feeFor } from './fees.ts'

describe('fees', () => {
  it('reads basis points with up to two decimals exactly', () => {
    expect(centiBasisPoints(1.75, 'maker fee')).toBe(175n)
    expect(centiBasisPoints(-0.25, 'maker fee')).toBe(-25n)
    expect(centiBasisPoints(0, 'maker fee')).toBe(0n)
    expect(() => centiBasisPoints(0.001, 'taker fee')).toThrow(/taker fee must be/)
    expect(() => centiBasisPoints(Number.NaN, 'taker fee')).toThrow(/two decimals/)
    expect(() => centiBasisPoints(10_001, 'taker fee')).toThrow(/±10000/)
  })

  it('rounds a charge up and a rebate toward zero', () => {
    expect(feeFor(1_000_000n, 175n), 'exact: 1.75 bp of 1,000,000').toBe(175n)
    expect(feeFor(1_001n, 100n), '0.1001 → 1').toBe(1n)
    expect(feeFor(1_001n, -100n), '−0.1001 → 0').toBe(0n)
    expect(feeFor(19_999n, -500n), '−9.9995 → −9').toBe(-9n)
    expect(feeFor(0n, 500n)).toBe(0n)
    expect(feeFor(123n, 0n)).toBe(0n)
    expect(feeFor(-1_001n, 100n), 'a negative notional turns a charge into a credit: toward zero').toBe(0n)
  })

  it('never rounds in the trader’s favour: charge ≥ exact, |credit| ≤ |exact|, within one unit', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.bigInt({ min: -1_000_000n, max: 1_000_000n }),
        (notional, rate) => {
          const fee = feeFor(notional, rate)
          const exactTimesDenominator = notional * rate // the exact fee is this / 1,000,000
          const scaled = fee * 1_000_000n
          if (exactTimesDenominator > 0n) {
            expect(scaled >= exactTimesDenominator && scaled - exactTimesDenominator < 1_000_000n).toBe(true)
          } else {
            expect(
              scaled <= 0n && scaled >= exactTimesDenominator && scaled - exactTimesDenominator < 1_000_000n,
            ).toBe(true)
          }
        },
      ),
      { numRuns: 500 },
    )
  })

  it('agrees with exact bigint division where notional × rate crosses 2^53', () => {
    const reference = (notional: bigint, rate: bigint): bigint => {
      const product = notional * rate
      const quotient = product / 1_000_000n
      return product > 0n && product % 1_000_000n !== 0n ? quotient + 1n : quotient
    }
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 1_000_000n }),
        fc.bigInt({ min: -3_000_000n, max: 3_000_000n }),
        fc.boolean(),
        fc.boolean(),
        (rate, offset, negativeRate, negativeNotional) => {
          const r = negativeRate ? -rate : rate
          const near = 2n ** 53n / rate + offset
          const notional = negativeNotional ? -near : near
          expect(feeFor(notional, r)).toBe(reference(notional, r))
        },
      ),
      { numRuns: 1000 },
    )
  })
})
