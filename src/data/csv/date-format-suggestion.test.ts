import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileDatePattern } from './date-format.ts'
import { suggestDateFormat } from './date-format-suggestion.ts'
import { parseTimeText } from './time-spec.ts'

function readWith(format: string, value: string): number {
  return parseTimeText({ kind: 'pattern', pattern: compileDatePattern(format) }, value)
}

describe('suggestDateFormat', () => {
  it('writes a format from the parts of the value', () => {
    const cases: readonly [string, string][] = [
      ['2003/19/09', 'YYYY/DD/MM'],
      ['2003/09/19', 'YYYY/MM/DD'],
      ['19|09|2003', 'DD|MM|YYYY'],
      ['09|19|2003', 'MM|DD|YYYY'],
      ['19.09.2003 14.30', 'DD.MM.YYYY HH.mm'],
      ['19-Sep-03', 'DD-MMM-YY'],
      ['Sep 19 03', 'MMM DD YY'],
      ['03 Sep 19', 'DD MMM YY'],
      ['19 September 2003', 'DD MMMM YYYY'],
      ['19/09/03', 'DD/MM/YY'],
      ['03/19/09', 'MM/DD/YY'],
      ['99/09/19', 'YY/MM/DD'],
      ['20030919-14:30', 'YYYYMMDD-HH:mm'],
      ['20030919143000', 'YYYYMMDDHHmmss'],
      ['2003/09/19 0230', 'YYYY/MM/DD HHmm'],
      ['19/09/2003 2:30:15 pm', 'DD/MM/YYYY hh:mm:ss A'],
      ['2003/09/19T14:30:15.250Z', 'YYYY/MM/DDTHH:mm:ss.SSSZ'],
    ]
    for (const [value, format] of cases) expect(suggestDateFormat(value), value).toBe(format)
  })

  it('suggests nothing rather than a format that would not read the value or its neighbours', () => {
    for (const value of ['Fri 19 Sep 2003', '19/09/2003 14h30', '19 Sep', '2003-09-19 GMT', '19·09·2003', 'yesterday', '', '123456']) {
      expect(suggestDateFormat(value), value).toBeNull()
    }
  })

  it('reads back every value it makes a suggestion for, as the instant it was written from, when the value is unambiguous', () => {
    const layouts = ['YYYY/DD/MM HH.mm', 'DD|MM|YYYY', 'MM|DD|YYYY HH:mm:ss', 'DD-MMM-YY', 'DD MMMM YYYY', 'YYYYMMDD-HHmm']
    const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
    const full = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
    const two = (n: number): string => String(n).padStart(2, '0')
    const render = (layout: string, y: number, mo: number, d: number, h: number, mi: number, s: number): string =>
      layout
        .replace('YYYYMMDD', `${y}${two(mo)}${two(d)}`)
        .replace('YYYY', String(y))
        .replace('YY', two(y % 100))
        .replace('MMMM', full[mo - 1]!)
        .replace('MMM', month[mo - 1]!)
        .replace('MM', two(mo))
        .replace('DD', two(d))
        .replace('HHmm', `${two(h)}${two(mi)}`)
        .replace('HH', two(h))
        .replace('mm', two(mi))
        .replace('ss', two(s))
    fc.assert(
      fc.property(
        fc.constantFrom(...layouts),
        fc.integer({ min: 1969, max: 2068 }),
        fc.integer({ min: 1, max: 12 }),
        // A day above 12 and below 29: the value says which number is the day, in every month.
        fc.integer({ min: 13, max: 28 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 59 }),
        (layout, y, mo, d, h, mi, s) => {
          const value = render(layout, y, mo, d, h, mi, s)
          const suggestion = suggestDateFormat(value)
          expect(suggestion, value).not.toBeNull()
          const expected = Date.UTC(y, mo - 1, d, layout.includes('HH') ? h : 0, layout.includes('mm') ? mi : 0, layout.includes('ss') ? s : 0)
          expect(readWith(suggestion!, value), `${value} read with ${suggestion!}`).toBe(expected)
        },
      ),
      { numRuns: 500 },
    )
  })
})
