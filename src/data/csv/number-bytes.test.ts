import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { COMMA, DOT, numberScan, parseDecimalAt, parseNumberText } from './number-bytes.ts'

function bytes(text: string): Buffer {
  return Buffer.from(`${text},`, 'latin1')
}

/** The fast path alone: its value when it took the whole text, else undefined. */
function fast(text: string, decimal = DOT): number | undefined {
  const value = parseDecimalAt(bytes(text), 0, decimal)
  return Number.isNaN(value) || numberScan.end !== text.length ? undefined : value
}

/** What the reader does with a field: fast path, else the text path. */
function field(text: string, decimal = DOT): number | undefined {
  const quick = fast(text, decimal)
  if (quick !== undefined) return quick
  const slow = parseNumberText(text, decimal)
  return slow.kind === 'number' ? slow.value : undefined
}

const decimalText = fc
  .record({
    sign: fc.constantFrom('', '-', '+'),
    int: fc.stringMatching(/^\d{0,20}$/),
    fraction: fc.option(fc.stringMatching(/^\d{0,20}$/), { nil: undefined }),
    exponent: fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '-', '+'), fc.stringMatching(/^\d{1,3}$/)), {
      nil: undefined,
    }),
  })
  .map(({ sign, int, fraction, exponent }) => `${sign}${int}${fraction === undefined ? '' : `.${fraction}`}${exponent?.join('') ?? ''}`)
  .filter((text) => /\d/.test(text.split(/[eE]/)[0]!))

describe('parseDecimalAt', () => {
  it('reads the shapes bar files use', () => {
    expect(fast('123.456')).toBe(123.456)
    expect(fast('-123.456')).toBe(-123.456)
    expect(fast('1.5e-3')).toBe(0.0015)
    expect(fast('1e+21')).toBe(1e21)
    expect(fast('1469.250000')).toBe(1469.25)
    expect(fast('931800000')).toBe(931800000)
    expect(fast('.5')).toBe(0.5)
    expect(fast('7.')).toBe(7)
    expect(Object.is(fast('-0'), -0), 'negative zero keeps its sign, as Number("-0") does').toBe(true)
  })

  it('stops at the first byte that cannot continue the number', () => {
    const buf = Buffer.from('  42.5 ;x', 'latin1')
    expect(parseDecimalAt(buf, 0, DOT)).toBe(42.5)
    expect(numberScan.end).toBe(6)
  })

  it('reads a decimal comma when told to', () => {
    expect(fast('16790,12', COMMA)).toBe(16790.12)
    expect(parseDecimalAt(bytes('1.5'), 0, COMMA), 'stops before the dot').toBe(1)
  })

  it('declines what it cannot round exactly, leaving it to Number()', () => {
    expect(fast('12345678901234567890'), 'more digits than a double holds').toBeUndefined()
    expect(fast('1e23'), '10^23 is not an exact double').toBeUndefined()
    expect(fast(''), 'no digits').toBeUndefined()
    expect(fast('-'), 'a sign alone').toBeUndefined()
    expect(fast('1e'), 'an exponent without digits').toBeUndefined()
    expect(fast('Infinity')).toBeUndefined()
  })

  it('gives bit-identical results to Number() whenever the fast path answers', () => {
    let answered = 0
    fc.assert(
      fc.property(decimalText, (text) => {
        const value = fast(text)
        if (value === undefined) return
        answered++
        expect(Object.is(value, Number(text)), `${text} → ${value} vs ${Number(text)}`).toBe(true)
      }),
      { numRuns: 20_000 },
    )
    expect(answered, 'the property exercised the fast path').toBeGreaterThan(5_000)
  })

  it('agrees with Number() for every decimal, through the fallback when needed', () => {
    fc.assert(
      fc.property(decimalText, (text) => {
        expect(Object.is(field(text), Number(text)), text).toBe(true)
      }),
      { numRuns: 20_000 },
    )
  })

  it('agrees with Number() on doubles printed the way JavaScript prints them', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = String(x)
        expect(Object.is(field(text), Number(text)), text).toBe(true)
      }),
      { numRuns: 20_000 },
    )
  })
})

describe('parseNumberText', () => {
  it('reads thousands grouping', () => {
    expect(parseNumberText('4,769.83', DOT)).toEqual({ kind: 'number', value: 4769.83 })
    expect(parseNumberText('16.769,36', COMMA)).toEqual({ kind: 'number', value: 16769.36 })
    expect(parseNumberText('1 234,5', COMMA)).toEqual({ kind: 'number', value: 1234.5 })
  })

  it('tells an empty cell from a bad one', () => {
    for (const empty of ['', '  ', 'null', 'NULL', 'NA', 'N/A', '#N/A', '-']) expect(parseNumberText(empty, DOT), empty).toEqual({ kind: 'missing' })
    for (const bad of ['abc', '0x1A', '1_000', '12abc', '1,2,3', '2.43B', '1.5.5']) expect(parseNumberText(bad, DOT), bad).toEqual({ kind: 'invalid' })
    expect(parseNumberText('1.5', COMMA), 'a dot in a decimal-comma file').toEqual({ kind: 'invalid' })
  })

  it('reads the words for non-finite numbers, so validation can name them', () => {
    expect(parseNumberText('NaN', DOT)).toEqual({ kind: 'number', value: NaN })
    expect(parseNumberText('inf', DOT)).toEqual({ kind: 'number', value: Infinity })
    expect(parseNumberText('-Infinity', DOT)).toEqual({ kind: 'number', value: -Infinity })
  })
})
