/**
 * Date patterns such as `DD/MM/YYYY HH:mm:ss`, compiled once into steps and matched against the
 * bytes of each field. Times are UTC.
 *
 * Tokens: `YYYY` year; `YY` two-digit year, pivoting as POSIX `%y` does (69–99 are 1969–1999,
 * 00–68 are 2000–2068); `MM`/`M` month; `MMM` month name (`Jan`, `January`, any case); `DD`/`D`
 * day; `HH`/`H` hour 0–23; `hh`/`h` hour 1–12 with `A` (AM/PM); `mm`/`m` minute; `ss`/`s`
 * second; `SSS` (any run of `S`) fraction of a second, truncated to milliseconds. Any other
 * character must appear as is. A two-letter token takes one or two digits when separators or the
 * ends of the pattern surround it (`1/2/2024` matches `MM/DD/YYYY`) and exactly two when it
 * touches another number (`YYYYMMDD`, `HHmmss`).
 */
import { TradePulseError } from '../../domain/errors.ts'
import { civilToMillis } from '../../domain/civil.ts'

type StepKind = 'year' | 'shortYear' | 'month' | 'monthName' | 'day' | 'hour' | 'hour12' | 'minute' | 'second' | 'fraction' | 'ampm'

type Step = { readonly kind: StepKind; readonly fixed: boolean } | { readonly kind: 'literal'; readonly byte: number }

export interface DatePattern {
  readonly text: string
  readonly hasTime: boolean
  readonly steps: readonly Step[]
}

const TOKENS: readonly (readonly [string, StepKind])[] = [
  ['YYYY', 'year'],
  ['YY', 'shortYear'],
  ['MMMM', 'monthName'],
  ['MMM', 'monthName'],
  ['MM', 'month'],
  ['M', 'month'],
  ['DD', 'day'],
  ['D', 'day'],
  ['HH', 'hour'],
  ['H', 'hour'],
  ['hh', 'hour12'],
  ['h', 'hour12'],
  ['mm', 'minute'],
  ['m', 'minute'],
  ['ss', 'second'],
  ['s', 'second'],
  ['A', 'ampm'],
  ['a', 'ampm'],
]

const NUMERIC: ReadonlySet<StepKind | 'literal'> = new Set(['year', 'shortYear', 'month', 'day', 'hour', 'hour12', 'minute', 'second', 'fraction'])

export function compileDatePattern(text: string): DatePattern {
  const raw: ({ kind: StepKind } | { kind: 'literal'; byte: number })[] = []
  let i = 0
  while (i < text.length) {
    if (text[i] === 'S') {
      while (text[i] === 'S') i++
      raw.push({ kind: 'fraction' })
      continue
    }
    const token = TOKENS.find(([name]) => text.startsWith(name, i))
    if (token !== undefined) {
      raw.push({ kind: token[1] })
      i += token[0].length
      continue
    }
    const code = text.charCodeAt(i)
    if (code > 127) throw invalidPattern(text, `only ASCII separators are supported, found "${text[i]}"`)
    raw.push({ kind: 'literal', byte: code })
    i++
  }
  const kinds = new Set(raw.map((step) => step.kind))
  if (!(kinds.has('year') || kinds.has('shortYear')) || !(kinds.has('month') || kinds.has('monthName')) || !kinds.has('day')) {
    throw invalidPattern(text, 'it needs a year (YYYY or YY), a month (MM or MMM) and a day (DD)')
  }
  if (kinds.has('hour12') !== kinds.has('ampm')) throw invalidPattern(text, '12-hour clock hours (hh) go with an AM/PM marker (A)')
  const steps: Step[] = raw.map((step, index) => {
    if (step.kind === 'literal') return step
    const next = raw[index + 1]
    const previous = raw[index - 1]
    const fixed = (next !== undefined && NUMERIC.has(next.kind)) || (previous !== undefined && NUMERIC.has(previous.kind))
    return { kind: step.kind, fixed }
  })
  return { text, hasTime: kinds.has('hour') || kinds.has('hour12'), steps }
}

function invalidPattern(text: string, reason: string): TradePulseError {
  return new TradePulseError('DATA_UNSUPPORTED_FORMAT', `date format ${JSON.stringify(text)} cannot be used: ${reason}`)
}

/** Two-digit years from here up are 19xx, below it 20xx: the POSIX `%y` rule (strptime). */
export const SHORT_YEAR_PIVOT = 69

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/** Where the last `parseDatePatternAt` stopped. */
export const patternScan = { end: 0 }

/** UTC milliseconds of the bytes at `pos` read with `pattern`, or NaN. */
export function parseDatePatternAt(buf: Uint8Array, pos: number, pattern: DatePattern): number {
  let i = pos
  while (buf[i] === 32) i++
  let year = -1
  let month = -1
  let day = -1
  let hour = 0
  let minute = 0
  let second = 0
  let millis = 0
  let pm = -1
  for (const step of pattern.steps) {
    if (step.kind === 'literal') {
      if (buf[i] !== step.byte) return NaN
      i++
      continue
    }
    if (step.kind === 'monthName') {
      const name = String.fromCharCode(buf[i]! | 32, buf[i + 1]! | 32, buf[i + 2]! | 32)
      month = MONTHS.indexOf(name) + 1
      if (month === 0) return NaN
      i += 3
      while (isLetter(buf[i])) i++
      continue
    }
    if (step.kind === 'ampm') {
      const first = buf[i]! | 32
      if ((first !== 97 && first !== 112) || (buf[i + 1]! | 32) !== 109) return NaN
      pm = first === 112 ? 1 : 0
      i += 2
      continue
    }
    const start = i
    const maxDigits = step.kind === 'year' ? 4 : step.kind === 'fraction' ? 9 : 2
    const minDigits = step.kind === 'year' ? 4 : step.fixed || step.kind === 'shortYear' ? 2 : 1
    let value = 0
    let fractionScale = 100
    while (i - start < maxDigits) {
      const d = buf[i]! - 48
      if (!(d >= 0 && d <= 9)) break
      if (step.kind === 'fraction') {
        value += d * fractionScale
        fractionScale = fractionScale > 1 ? fractionScale / 10 : 0
      } else value = value * 10 + d
      i++
    }
    if (i - start < minDigits) return NaN
    switch (step.kind) {
      case 'year':
        year = value
        break
      case 'shortYear':
        year = value >= SHORT_YEAR_PIVOT ? 1900 + value : 2000 + value
        break
      case 'month':
        month = value
        break
      case 'day':
        day = value
        break
      case 'hour':
        hour = value
        break
      case 'hour12':
        if (value < 1 || value > 12) return NaN
        hour = value % 12
        break
      case 'minute':
        minute = value
        break
      case 'second':
        second = value
        break
      case 'fraction':
        millis = value
        break
    }
  }
  if (pm === 1) hour += 12
  patternScan.end = i
  return civilToMillis(year, month, day, hour, minute, second, millis)
}

function isLetter(byte: number | undefined): boolean {
  return byte !== undefined && ((byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122))
}
