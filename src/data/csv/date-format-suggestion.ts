/**
 * A date format that reads one timestamp the detector did not recognise, for the error message.
 * Telling someone whose file says `2003/19/09` to "pass a format such as DD/MM/YYYY" sends them
 * the wrong way; the suggestion is built from the value's own parts instead, and kept only if it
 * reads the value back. When no such format can be written (a weekday name, a letter the pattern
 * language uses as a token), there is no suggestion rather than a wrong one.
 *
 * Which number is the day and which the month follows the value where it can (a number above 12
 * is a day, above 31 a year) and the usual order where it cannot (`YYYY/MM/DD`, `DD/MM/YYYY`): the
 * suggestion fits the quoted value, and the message says "such as", not "this is".
 */
import { isTradePulseError } from '../../domain/errors.ts'
import { compileDatePattern, parseDatePatternAt, patternScan } from './date-format.ts'

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']
/**
 * Words that may stand as they are between the parts of a timestamp. Any other word (a weekday,
 * `GMT`) cannot: it changes from row to row, or holds letters the pattern language reads as tokens.
 */
const LITERAL_WORDS = new Set(['T', 'Z', 'UTC'])

interface Slot {
  /** Where in the output the token goes. */
  readonly index: number
  readonly value: number
}

export function suggestDateFormat(value: string): string | null {
  const text = value.trim()
  const parts = text.match(/\d+|[A-Za-z]+|[^A-Za-z\d]/g) ?? []
  const out: string[] = []
  const slots: Slot[] = []
  const twelveHour = parts.some((p) => /^[ap]m$/i.test(p))
  let dateParts = 0
  let yearIndex = -1
  let hasMonthName = false
  let timeParts = 0
  for (const [i, part] of parts.entries()) {
    if (/^\d/.test(part)) {
      if (dateParts < 3) {
        if (dateParts === 0 && part.length === 8) {
          out.push('YYYYMMDD')
          dateParts = 3
        } else if (dateParts === 0 && part.length === 14) {
          out.push('YYYYMMDDHHmmss')
          dateParts = 3
          timeParts = 3
        } else if (part.length === 4 && yearIndex < 0) {
          yearIndex = out.length
          out.push('YYYY')
          dateParts++
        } else if (part.length <= 2) {
          slots.push({ index: out.length, value: Number(part) })
          out.push('')
          dateParts++
        } else return null
        continue
      }
      const previous = parts[i - 1]
      if (timeParts === 3 && (previous === '.' || previous === ',')) {
        out.push('S'.repeat(part.length))
        timeParts = 4
      } else if (timeParts === 0 && part.length === 6) {
        out.push('HHmmss')
        timeParts = 3
      } else if (timeParts === 0 && part.length === 4) {
        out.push('HHmm')
        timeParts = 2
      } else if (part.length <= 2 && timeParts < 3) {
        out.push([twelveHour ? 'hh' : 'HH', 'mm', 'ss'][timeParts]!)
        timeParts++
      } else return null
      continue
    }
    if (/^[A-Za-z]/.test(part)) {
      const lower = part.toLowerCase()
      const month = MONTH_NAMES.find((name) => lower.length >= 3 && name.startsWith(lower))
      if (month !== undefined && !hasMonthName && dateParts < 3) {
        out.push(lower.length === 3 ? 'MMM' : 'MMMM')
        hasMonthName = true
        dateParts++
      } else if (/^[ap]m$/.test(lower)) out.push('A')
      else if (LITERAL_WORDS.has(part)) out.push(part)
      else return null
      continue
    }
    if (part.charCodeAt(0) > 127) return null
    out.push(part)
  }
  if (dateParts < 3 || !assignDayMonthYear(out, slots, yearIndex, hasMonthName)) return null
  return readsBack(out.join(''), text) ? out.join('') : null
}

/** Fills the one- and two-digit date slots with `DD`, `MM` and `YY`. */
function assignDayMonthYear(out: string[], slots: readonly Slot[], yearIndex: number, hasMonthName: boolean): boolean {
  // `YYYYMMDD` has no slots: it says which part is which by position.
  if (slots.length === 0) return true
  const [a, b, c] = slots
  const put = (slot: Slot | undefined, token: string): void => {
    if (slot !== undefined) out[slot.index] = token
  }
  if (hasMonthName) {
    // 19-Sep-03, Sep 19 03, 19 Sep 2003: the day comes first unless it cannot be a day.
    const yearFirst = yearIndex < 0 && a !== undefined && a.value > 31
    put(a, yearFirst ? 'YY' : 'DD')
    if (yearIndex < 0) put(b, yearFirst ? 'DD' : 'YY')
    return true
  }
  if (yearIndex >= 0) {
    if (a === undefined || b === undefined) return false
    // 2003/19/09 and 19/09/2003 are day-first, 2003/09/19 and 09/19/2003 month-first.
    const dayFirst = yearIndex < a.index ? a.value > 12 : b.value <= 12
    put(a, dayFirst ? 'DD' : 'MM')
    put(b, dayFirst ? 'MM' : 'DD')
    return true
  }
  if (a === undefined || b === undefined || c === undefined) return false
  // Three small numbers: the one above 31 is the year, else the last one is (19/09/03).
  const [first, second, year] = a.value > 31 ? [b, c, a] : [a, b, c]
  out[year.index] = 'YY'
  const dayFirst = a.value > 31 ? first.value > 12 : second.value <= 12
  out[first.index] = dayFirst ? 'DD' : 'MM'
  out[second.index] = dayFirst ? 'MM' : 'DD'
  return true
}

function readsBack(format: string, text: string): boolean {
  try {
    const pattern = compileDatePattern(format)
    const bytes = Buffer.from(`${text}\n`, 'utf8')
    return !Number.isNaN(parseDatePatternAt(bytes, 0, pattern)) && patternScan.end === bytes.length - 1
  } catch (error) {
    if (isTradePulseError(error)) return false
    throw error
  }
}
