import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseDecimal } from './decimal.ts'
import {
  addMoney,
  compareMoney,
  currency,
  formatMoney,
  money,
  moneyOfUnits,
  moneyToNumber,
  multiplyByRate,
  negateMoney,
  subtractMoney,
  sumMoney,
  zero,
} from './money.ts'

const USD = currency('USD')
const USDT = currency('USDT')

describe('currency', () => {
  it('knows ledger precision for common codes and defaults to 8', () => {
    expect(USD.decimals).toBe(2)
    expect(currency('JPY').decimals).toBe(0)
    expect(USDT.decimals).toBe(8)
    expect(currency('XYZ').decimals).toBe(8)
    expect(currency('USD', 4).decimals).toBe(4)
  })

  it('rejects malformed codes and precisions', () => {
    expect(() => currency('usd')).toThrow(/upper-case/)
    expect(() => currency('USD', 19)).toThrow(/0-18/)
  })
})

describe('money', () => {
  it('parses amounts exactly and refuses sub-unit precision unless a rounding is named', () => {
    expect(money(USD, '12.34').units).toBe(1234n)
    expect(money(USD, 0.1).units).toBe(10n)
    expect(() => money(USD, '0.005')).toThrow(/not exact/)
    expect(money(USD, '0.005', 'half-even').units).toBe(0n)
    expect(money(USD, '0.015', 'half-even').units).toBe(2n)
  })

  it('adds, subtracts, negates and compares within one currency', () => {
    const a = money(USD, '10.50')
    const b = money(USD, '0.75')
    expect(formatMoney(addMoney(a, b))).toBe('11.25 USD')
    expect(formatMoney(subtractMoney(b, a))).toBe('-9.75 USD')
    expect(negateMoney(a).units).toBe(-1050n)
    expect(compareMoney(a, b)).toBe(1)
    expect(compareMoney(b, a)).toBe(-1)
    expect(compareMoney(a, a)).toBe(0)
    expect(moneyToNumber(a)).toBe(10.5)
    expect(zero(USD).units).toBe(0n)
  })

  it('refuses to mix currencies', () => {
    expect(() => addMoney(money(USD, 1), money(USDT, 1))).toThrow(/cannot combine USD\/2 with USDT\/8/)
    expect(() => sumMoney(USD, [money(USDT, 1)])).toThrow(/cannot combine/)
  })

  it('charges fees by rate, rounding up by default as venues do', () => {
    const notional = money(USD, '1234.56')
    expect(formatMoney(multiplyByRate(notional, parseDecimal('0.001')))).toBe('1.24 USD')
    expect(formatMoney(multiplyByRate(notional, parseDecimal('0.001'), 'floor'))).toBe('1.23 USD')
  })

  it('sums a million random fills and fees to the same cash in any order, to the last unit', () => {
    // The invariant the ledger depends on: integer units make addition associative.
    const count = 1_000_000
    const rng = fc.sample(fc.integer({ min: -50_000_000, max: 50_000_000 }), { numRuns: count, seed: 42 })
    const fills = rng.map((units) => moneyOfUnits(USDT, BigInt(units) * 1_000_003n))
    const fees = rng.map((units) =>
      multiplyByRate(moneyOfUnits(USDT, BigInt(Math.abs(units))), parseDecimal('0.00075')),
    )
    const forward = subtractMoney(sumMoney(USDT, fills), sumMoney(USDT, fees))
    const reversed = subtractMoney(sumMoney(USDT, fills.toReversed()), sumMoney(USDT, fees.toReversed()))
    let interleaved = zero(USDT)
    for (let i = count - 1; i >= 0; i -= 2)
      interleaved = subtractMoney(addMoney(interleaved, fills[i]!), fees[i]!)
    for (let i = count - 2; i >= 0; i -= 2)
      interleaved = subtractMoney(addMoney(interleaved, fills[i]!), fees[i]!)
    expect(reversed.units).toBe(forward.units)
    expect(interleaved.units).toBe(forward.units)
  })

  it('gives the same total for any permutation of any amounts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), { maxLength: 200 }),
        fc.nat(),
        (units, seed) => {
          const amounts = units.map((u) => moneyOfUnits(USDT, u))
          const shuffled = fc.sample(fc.shuffledSubarray(amounts, { minLength: amounts.length }), {
            numRuns: 1,
            seed,
          })[0]!
          expect(sumMoney(USDT, shuffled).units).toBe(sumMoney(USDT, amounts).units)
        },
      ),
    )
  })
})
