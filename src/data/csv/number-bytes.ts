/**
 * Numbers from bytes, without making a string per field.
 *
 * Fast path (Clinger's): the digits of `-123.456` or `1.5e-3` are gathered into an integer
 * mantissa `m` with a decimal exponent `e`. When `m < 2^53` and `|e| <= 22`, both `m` and `10^|e|`
 * are exact doubles, so one IEEE multiplication or division gives the correctly rounded value,
 * which is exactly what `Number(text)` returns. Anything else (more than 15–16 significant digits,
 * huge exponents, `Infinity`, thousands separators, garbage) goes to `parseNumberText`, which
 * delegates to `Number()` after checking the text really is a number (`Number('')` is 0 and
 * `Number('0x1A')` is 26; neither is a price).
 */

/** Where the last `parseDecimalAt` stopped: the first byte it did not consume. */
export const numberScan = { end: 0 }

const POW10 = new Float64Array(23)
for (let k = 0, p = 1; k < 23; k++, p *= 10) POW10[k] = p
const TWO_POW_53 = 2 ** 53

export const DOT = 46
export const COMMA = 44

/**
 * Parses a decimal starting at `pos` (leading spaces skipped) and stops at the first byte that
 * cannot continue it, leaving that position in `numberScan.end`; the caller checks that the
 * field ends there. Returns NaN when the bytes are not a plain decimal or the fast path cannot
 * guarantee a correctly rounded result; the caller then falls back to `parseNumberText`.
 */
export function parseDecimalAt(buf: Uint8Array, pos: number, decimal: number): number {
  let i = pos
  let c = buf[i]!
  while (c === 32) c = buf[++i]!
  let negative = false
  if (c === 45) {
    negative = true
    c = buf[++i]!
  } else if (c === 43) c = buf[++i]!
  let mantissa = 0
  const intStart = i
  while (c >= 48 && c <= 57) {
    mantissa = mantissa * 10 + (c - 48)
    c = buf[++i]!
  }
  let digits = i - intStart
  let exponent = 0
  if (c === decimal) {
    c = buf[++i]!
    const fracStart = i
    while (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48)
      c = buf[++i]!
    }
    exponent = fracStart - i
    digits += i - fracStart
  }
  if (digits === 0) return NaN
  if (c === 101 || c === 69) {
    c = buf[++i]!
    let exponentNegative = false
    if (c === 45) {
      exponentNegative = true
      c = buf[++i]!
    } else if (c === 43) c = buf[++i]!
    const expStart = i
    let written = 0
    while (c >= 48 && c <= 57) {
      if (written < 1e6) written = written * 10 + (c - 48)
      c = buf[++i]!
    }
    if (i === expStart) return NaN
    exponent += exponentNegative ? -written : written
  }
  numberScan.end = i
  if (mantissa >= TWO_POW_53 || exponent < -22 || exponent > 22) return NaN
  const value = exponent < 0 ? mantissa / POW10[-exponent]! : mantissa * POW10[exponent]!
  return negative ? -value : value
}

export type NumberTextResult =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'missing' }
  | { readonly kind: 'invalid' }

const DECIMAL_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/
const GROUPED_DOT = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/
const GROUPED_COMMA = /^[+-]?\d{1,3}(?:[. ]\d{3})+(?:,\d+)?$/
const NON_FINITE: Readonly<Record<string, number>> = {
  nan: NaN,
  inf: Infinity,
  '+inf': Infinity,
  '-inf': -Infinity,
  infinity: Infinity,
  '+infinity': Infinity,
  '-infinity': -Infinity,
}
/** What exporters write for "no value": Yahoo writes `null`, spreadsheets leave the cell empty. */
const MISSING = new Set(['', 'null', 'na', 'n/a', '#n/a', 'none', '-', '--'])

/**
 * The slow path: one field as text. Accepts what `Number()` accepts for plain decimals (plus a
 * decimal comma when the file uses one, and thousands grouping such as `4,769.83`), the words
 * NaN/Inf/Infinity (which validation then rejects as non-finite), and recognises the ways
 * exporters spell an empty cell.
 */
export function parseNumberText(raw: string, decimal: number): NumberTextResult {
  const text = raw.trim()
  if (MISSING.has(text.toLowerCase())) return { kind: 'missing' }
  let plain = text
  if (decimal === COMMA) {
    if (GROUPED_COMMA.test(text)) plain = text.replace(/[. ]/g, '')
    if (plain.includes('.')) return { kind: 'invalid' }
    plain = plain.replace(',', '.')
  } else if (GROUPED_DOT.test(text)) plain = text.replace(/,/g, '')
  if (DECIMAL_TEXT.test(plain)) return { kind: 'number', value: Number(plain) }
  const word = NON_FINITE[text.toLowerCase()]
  if (word !== undefined) return { kind: 'number', value: word }
  return { kind: 'invalid' }
}
