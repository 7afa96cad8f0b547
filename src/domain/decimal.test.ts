import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  compareDecimal,
  decimalFromNumber,
  decimalToNumber,
  divideRounded,
  formatDecimal,
  parseDecimal,
  rescale,
} from './decimal.ts'

describe('parseDecimal', () => {
  it('reads plain, signed, fractional and exponent forms exactly', () => {
    expect(parseDecimal('12.34')).toEqual({ units: 1234n, scale: 2 })
    expect(parseDecimal('-0.001')).toEqual({ units: -1n, scale: 3 })
    expect(parseDecimal('+7')).toEqual({ units: 7n, scale: 0 })
    expect(parseDecimal('.5')).toEqual({ units: 5n, scale: 1 })
    expect(parseDecimal('1.5e-3')).toEqual({ units: 15n, scale: 4 })
    expect(parseDecimal('2E3')).toEqual({ units: 2000n, scale: 0 })
  })

  it('normalises trailing zeros and zero', () => {
    expect(parseDecimal('1.2300')).toEqual({ units: 123n, scale: 2 })
    expect(parseDecimal('-0.000')).toEqual({ units: 0n, scale: 0 })
  })

  it('rejects text that is not a decimal', () => {
    for (const bad of ['', '.', 'abc', '1.2.3', '1e', 'NaN', '0x10']) {
      expect(() => parseDecimal(bad), bad).toThrow(/not a decimal number/)
    }
  })

  it('rejects more than 18 decimal places', () => {
    expect(() => parseDecimal('0.0000000000000000001')).toThrow(/more than 18/)
  })
})

describe('decimalFromNumber', () => {
  it('reads a double as the decimal it prints as, so 0.1 is one tenth', () => {
    expect(decimalFromNumber(0.1)).toEqual({ units: 1n, scale: 1 })
    expect(decimalFromNumber(1e-7)).toEqual({ units: 1n, scale: 7 })
    expect(() => decimalFromNumber(Number.NaN)).toThrow(/finite/)
  })

  it('round-trips through formatDecimal and Number for doubles between 0.01 and 1e12', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), (x) => {
        // below 0.01 a double's 17 significant digits can need more than the 18 places we accept
        fc.pre(x === 0 || Math.abs(x) >= 0.01)
        expect(decimalToNumber(decimalFromNumber(x))).toBe(x === 0 ? 0 : x)
      }),
    )
  })
})

describe('divideRounded', () => {
  const cases: [bigint, bigint, Parameters<typeof divideRounded>[2], bigint][] = [
    [7n, 2n, 'floor', 3n],
    [-7n, 2n, 'floor', -4n],
    [7n, 2n, 'ceil', 4n],
    [-7n, 2n, 'ceil', -3n],
    [7n, 2n, 'toward-zero', 3n],
    [-7n, 2n, 'toward-zero', -3n],
    [5n, 2n, 'half-even', 2n],
    [7n, 2n, 'half-even', 4n],
    [-5n, 2n, 'half-even', -2n],
    [5n, 2n, 'half-up', 3n],
    [-5n, 2n, 'half-up', -3n],
    [8n, 3n, 'half-even', 3n],
    [7n, 3n, 'half-even', 2n],
    [-7n, -2n, 'floor', 3n],
  ]
  it.each(cases)('%d / %d rounded %s is %d', (n, d, rounding, expected) => {
    expect(divideRounded(n, d, rounding)).toBe(expected)
  })

  it('refuses an inexact quotient under reject, and division by zero always', () => {
    expect(() => divideRounded(7n, 2n, 'reject', 'price')).toThrow(/price is not exact/)
    expect(divideRounded(8n, 2n, 'reject')).toBe(4n)
    expect(() => divideRounded(1n, 0n, 'floor')).toThrow(RangeError)
  })

  it('floor ≤ exact ≤ ceil, and they differ by one exactly when the division is inexact', () => {
    fc.assert(
      fc.property(
        fc.bigInt(),
        fc.bigInt().filter((d) => d !== 0n),
        (n, d) => {
          const lo = divideRounded(n, d, 'floor')
          const hi = divideRounded(n, d, 'ceil')
          const exact = n % d === 0n
          expect(hi - lo).toBe(exact ? 0n : 1n)
          const half = divideRounded(n, d, 'half-even')
          expect(half === lo || half === hi).toBe(true)
        },
      ),
    )
  })
})

describe('rescale, format and compare', () => {
  it('widens exactly and narrows by the named rule', () => {
    expect(rescale({ units: 5n, scale: 1 }, 3, 'reject')).toEqual({ units: 500n, scale: 3 })
    expect(rescale({ units: 12345n, scale: 3 }, 2, 'half-even')).toEqual({ units: 1234n, scale: 2 })
    expect(() => rescale({ units: 12345n, scale: 3 }, 2, 'reject')).toThrow(/12.345 is not exact/)
  })

  it('formats with a minimum number of places', () => {
    expect(formatDecimal({ units: -5n, scale: 3 })).toBe('-0.005')
    expect(formatDecimal({ units: 12n, scale: 0 }, 2)).toBe('12.00')
    expect(formatDecimal({ units: 0n, scale: 0 })).toBe('0')
  })

  it('compares across scales', () => {
    expect(compareDecimal(parseDecimal('1.10'), parseDecimal('1.1'))).toBe(0)
    expect(compareDecimal(parseDecimal('1.09'), parseDecimal('1.1'))).toBe(-1)
    expect(compareDecimal(parseDecimal('2'), parseDecimal('1.999'))).toBe(1)
  })

  it('parse(format(x)) is x for any decimal', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.integer({ min: 0, max: 18 }),
        (units, scale) => {
          const parsed = parseDecimal(formatDecimal({ units, scale }))
          expect(compareDecimal(parsed, { units, scale })).toBe(0)
        },
      ),
    )
  })
})
