import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TradePulseError } from '../../domain/errors.ts'
import { compileDatePattern, parseDatePatternAt, patternScan } from './date-format.ts'
import { EPOCH_PLAUSIBLE_FROM_MS, EPOCH_PLAUSIBLE_UNTIL_MS, detectTimeSpec, looksLikeTimeOfDay, parseTimeText, readsAllAsTimestamps } from './time-spec.ts'

const HERE = { file: 'x.csv', field: 'Date' }
const DAY = 86_400_000

function withPattern(pattern: string, text: string): number {
  const compiled = compileDatePattern(pattern)
  const buf = Buffer.from(`${text},`, 'latin1')
  const t = parseDatePatternAt(buf, 0, compiled)
  return Number.isNaN(t) || patternScan.end !== text.length ? NaN : t
}

describe('date patterns', () => {
  it('reads the tokens', () => {
    expect(withPattern('DD/MM/YYYY HH:mm:ss', '31/12/2023 23:59:58')).toBe(Date.UTC(2023, 11, 31, 23, 59, 58))
    expect(withPattern('MM/DD/YYYY', '1/2/2024'), 'one-digit month and day before a separator').toBe(Date.UTC(2024, 0, 2))
    expect(withPattern('YYYYMMDD', '20240102')).toBe(Date.UTC(2024, 0, 2))
    expect(withPattern('YYYYMMDD', '2024012'), 'adjacent numbers are two digits each').toBeNaN()
    expect(withPattern('DD-MMM-YYYY', '02-Jan-2024')).toBe(Date.UTC(2024, 0, 2))
    expect(withPattern('MMMM D, YYYY', 'january 2, 2024')).toBe(Date.UTC(2024, 0, 2))
    expect(withPattern('YYYY-MM-DD HH:mm:ss.SSS', '2024-01-02 09:30:00.12')).toBe(Date.UTC(2024, 0, 2, 9, 30, 0, 120))
    expect(withPattern('MM/DD/YYYY hh:mm A', '01/02/2024 12:05 AM')).toBe(Date.UTC(2024, 0, 2, 0, 5))
    expect(withPattern('MM/DD/YYYY hh:mm A', '01/02/2024 1:05 pm')).toBe(Date.UTC(2024, 0, 2, 13, 5))
    expect(withPattern('DD.MM.YYYY', '30.02.2024'), 'no 30th of February').toBeNaN()
    expect(withPattern('DD-MMM-YYYY', '02-Foo-2024')).toBeNaN()
    expect(withPattern('MM/DD/YYYY hh:mm A', '01/02/2024 13:05 PM')).toBeNaN()
  })

  it('reads two-digit years with the POSIX %y pivot: 69–99 are 19xx, 00–68 are 20xx', () => {
    expect(withPattern('DD-MMM-YY', '19-Sep-03')).toBe(Date.UTC(2003, 8, 19))
    expect(withPattern('DD-MMM-YY', '01-Jan-69')).toBe(Date.UTC(1969, 0, 1))
    expect(withPattern('DD-MMM-YY', '31-Dec-99')).toBe(Date.UTC(1999, 11, 31))
    expect(withPattern('DD-MMM-YY', '01-Jan-00')).toBe(Date.UTC(2000, 0, 1))
    expect(withPattern('DD-MMM-YY', '31-Dec-68')).toBe(Date.UTC(2068, 11, 31))
    expect(withPattern('MM/DD/YY HH:mm', '9/19/03 14:30')).toBe(Date.UTC(2003, 8, 19, 14, 30))
    expect(withPattern('YYMMDD', '030919')).toBe(Date.UTC(2003, 8, 19))
    expect(withPattern('DD-MMM-YY', '19-Sep-3'), 'a two-digit year has two digits').toBeNaN()
    expect(withPattern('DD-MMM-YY', '19-Sep-2003'), 'a four-digit year is not a two-digit one').toBeNaN()
  })

  it('reads every date from 1969 to 2068 back from its two-digit year', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1969, 0, 1) / DAY, max: Date.UTC(2068, 11, 31) / DAY }), (day) => {
        const iso = new Date(day * DAY).toISOString()
        const text = `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(2, 4)}`
        expect(withPattern('DD/MM/YY', text), text).toBe(day * DAY)
      }),
      { numRuns: 2000 },
    )
  })

  it('refuses patterns that cannot make a date', () => {
    expect(() => compileDatePattern('DD-MM')).toThrow('date format "DD-MM" cannot be used: it needs a year (YYYY or YY), a month (MM or MMM) and a day (DD)')
    expect(() => compileDatePattern('HH:mm')).toThrow(/needs a year/)
    expect(() => compileDatePattern('YYYY-MM-DD hh:mm')).toThrow(/AM\/PM/)
    expect(() => compileDatePattern('DD·MM·YYYY')).toThrow(TradePulseError)
  })
})

describe('detectTimeSpec', () => {
  it('recognises ISO 8601 and whether rows carry a time of day', () => {
    expect(detectTimeSpec(['2024-01-02', '2024-01-03'], HERE)).toMatchObject({ label: 'iso-8601', dateOnly: true })
    expect(detectTimeSpec(['2024-01-02T09:30:00Z', '2024-01-02T09:31:00.5+01:00'], HERE)).toMatchObject({ label: 'iso-8601', dateOnly: false })
  })

  it('tells epoch seconds from milliseconds (and finer) by magnitude', () => {
    expect(detectTimeSpec(['1704153600', '1704153660'], HERE).label).toBe('epoch-s')
    expect(detectTimeSpec(['1704153600000', '1704153660000'], HERE).label).toBe('epoch-ms')
    expect(detectTimeSpec(['1704153600000000'], HERE).label).toBe('epoch-us')
    expect(detectTimeSpec(['1704153600000000000'], HERE).label).toBe('epoch-ns')
    const spec = detectTimeSpec(['1704153600.25'], HERE).spec
    expect(parseTimeText(spec, '1704153600.25')).toBe(1704153600250)
    expect(parseTimeText(detectTimeSpec(['1704153600123456789'], HERE).spec, '1704153600123456789')).toBe(1704153600123)
    expect(parseTimeText(spec, '-86400'), 'before 1970').toBe(-86_400_000)
    expect(parseTimeText(spec, '1704153600.'), 'a point without digits').toBeNaN()
  })

  it('reads eight digits as YYYYMMDD when they are all dates', () => {
    expect(detectTimeSpec(['20240102', '20240103'], HERE)).toMatchObject({ label: 'YYYYMMDD', dateOnly: true })
  })

  it('decides the unit by the plausible range, so a minority in another unit does not sway it', () => {
    expect(detectTimeSpec(['1704153600', '1704153660000', '1704153720'], HERE).label).toBe('epoch-s')
    expect(detectTimeSpec(['1704153600000', '1704153660', '1704153720000'], HERE).label).toBe('epoch-ms')
    expect(detectTimeSpec(['31536000', '31536060'], HERE).label, '1971-01-01 in seconds, not a date: month 60').toBe('epoch-s')
  })

  it('tells compact dates from epoch times by range, also when a value is broken', () => {
    expect(detectTimeSpec(['20240102', '20240103', '20240230'], HERE).label, 'one impossible date').toBe('YYYYMMDD')
    expect(detectTimeSpec(['19700101', '19700102'], HERE).label, 'as epoch seconds these would be August 1970').toBe('YYYYMMDD')
    expect(detectTimeSpec(['20240102093000', '20240102093100'], HERE)).toMatchObject({ label: 'YYYYMMDDHHmmss', dateOnly: false })
    expect(detectTimeSpec(['202401020930', '202401020931'], HERE)).toMatchObject({ label: 'YYYYMMDDHHmm', dateOnly: false })
  })

  it('has disjoint plausible ranges: a time written in one unit is plausible in that unit only', () => {
    const units = ['s', 'ms', 'us', 'ns'] as const
    const write = (t: number, unit: (typeof units)[number]): string =>
      unit === 's' ? String(Math.floor(t / 1000)) : unit === 'ms' ? String(t) : `${t}${unit === 'us' ? '000' : '000000'}`
    fc.assert(
      fc.property(fc.integer({ min: EPOCH_PLAUSIBLE_FROM_MS, max: EPOCH_PLAUSIBLE_UNTIL_MS - 1 }), fc.constantFrom(...units), (t, written) => {
        const text = write(t, written)
        for (const unit of units) {
          const read = parseTimeText({ kind: 'epoch', unit }, text)
          const plausible = read >= EPOCH_PLAUSIBLE_FROM_MS && read < EPOCH_PLAUSIBLE_UNTIL_MS
          expect(plausible, `${text} read as epoch-${unit}`).toBe(unit === written)
          if (unit === written) expect(read).toBe(written === 's' ? Math.floor(t / 1000) * 1000 : t)
        }
        expect(detectTimeSpec([text], HERE).label).toBe(`epoch-${written}`)
      }),
      { numRuns: 2000 },
    )
  })

  it('never reads a compact date as a plausible epoch time, or the other way round', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1) / 60_000, max: Date.UTC(2199, 11, 31, 23, 59) / 60_000 }), (minute) => {
        const iso = new Date(minute * 60_000).toISOString()
        const compact = iso.slice(0, 19).replace(/[-T:]/g, '')
        for (const text of [compact.slice(0, 8), compact]) {
          for (const unit of ['s', 'ms', 'us', 'ns'] as const) {
            const read = parseTimeText({ kind: 'epoch', unit }, text)
            expect(read >= EPOCH_PLAUSIBLE_FROM_MS && read < EPOCH_PLAUSIBLE_UNTIL_MS, `${text} as epoch-${unit}`).toBe(false)
          }
          expect(detectTimeSpec([text], HERE).label).toBe(text.length === 8 ? 'YYYYMMDD' : 'YYYYMMDDHHmmss')
        }
      }),
      { numRuns: 1000 },
    )
  })

  it('refuses integers that are neither dates nor plausible epoch times in any unit', () => {
    expect(() => detectTimeSpec(['123', '456'], HERE)).toThrow(
      'x.csv: Date: cannot recognise the timestamps (e.g. "123"): they are integers, but neither dates (YYYYMMDD, YYYYMMDDHHmm, YYYYMMDDHHmmss) nor epoch times from 1971-01-01 to 2200-01-01 in seconds, milliseconds, microseconds or nanoseconds: pass a date format written with the tokens YYYY YY MM MMM DD HH hh mm ss SSS A',
    )
  })

  it('picks day-first or month-first from the sample, and refuses to guess when it cannot tell', () => {
    expect(detectTimeSpec(['02/01/2024', '25/01/2024'], HERE).label).toBe('DD/MM/YYYY')
    expect(detectTimeSpec(['01/02/2024', '01/25/2024'], HERE).label).toBe('MM/DD/YYYY')
    expect(detectTimeSpec(['01/25/2024 9:30:00 AM'], HERE).label).toBe('MM/DD/YYYY hh:mm:ss A')
    expect(() => detectTimeSpec(['01/02/2024', '03/04/2024'], HERE)).toThrow(/read as DD\/MM\/YYYY \(2024-02-01\) or as MM\/DD\/YYYY \(2024-01-02\)/)
    expect(detectTimeSpec(['02.01.2024 09:30'], HERE).label).toBe('DD.MM.YYYY HH:mm')
    expect(detectTimeSpec(['20240102 093000'], HERE).label).toBe('YYYYMMDD HHmmss')
  })

  it('detects the common layouts with two- and four-digit years, with or without a time', () => {
    const cases: readonly [string, string][] = [
      ['19-Sep-03', 'DD-MMM-YY'],
      ['19-Sep-2003', 'DD-MMM-YYYY'],
      ['19-Sep-03 14:30', 'DD-MMM-YY HH:mm'],
      ['19 Sep 03', 'DD MMM YY'],
      ['09/19/03', 'MM/DD/YY'],
      ['09/19/03 2:30 PM', 'MM/DD/YY hh:mm A'],
      ['19/09/03', 'DD/MM/YY'],
      ['19/09/2003 14:30:15', 'DD/MM/YYYY HH:mm:ss'],
      ['19.09.03', 'DD.MM.YY'],
      ['19-09-03', 'DD-MM-YY'],
      ['09-19-03', 'MM-DD-YY'],
      ['2003.09.19', 'YYYY.MM.DD'],
      ['2003.09.19 14:30', 'YYYY.MM.DD HH:mm'],
      ['20030919 14:30:00', 'YYYYMMDD HH:mm:ss'],
    ]
    for (const [value, label] of cases) expect(detectTimeSpec([value], HERE).label, value).toBe(label)
  })

  it('refuses an ambiguous sample with both candidates and what each reading gives', () => {
    expect(() => detectTimeSpec(['01/02/03', '03/04/03'], HERE)).toThrow(
      'x.csv: Date: timestamps such as "01/02/03" read as DD/MM/YY (2003-02-01) or as MM/DD/YY (2003-01-02), and none of the 2 sampled values tells them apart (a day above 12 would): pass the date format to say which',
    )
    expect(() => detectTimeSpec(['01/01/2024 09:30', '02/01/2024 09:30'], HERE), 'quotes a value the readings disagree on').toThrow(
      'timestamps such as "02/01/2024 09:30" read as DD/MM/YYYY HH:mm (2024-01-02T09:30) or as MM/DD/YYYY HH:mm (2024-02-01T09:30)',
    )
  })

  it('refuses a sample that reads half one way and half the other, quoting one value of each', () => {
    expect(() => detectTimeSpec(['13/01/2024', '01/13/2024'], HERE)).toThrow(
      'x.csv: Date: timestamps read as DD/MM/YYYY or as MM/DD/YYYY equally often: "13/01/2024" only as the first, "01/13/2024" only as the second: pass the date format to say which',
    )
  })

  it('suggests a date format that reads the value it quotes', () => {
    expect(() => detectTimeSpec(['2003/19/09', '2003/22/09'], HERE)).toThrow('x.csv: Date: cannot recognise the timestamps (e.g. "2003/19/09"): pass a date format that reads them, such as "YYYY/DD/MM"')
    expect(() => detectTimeSpec(['19.09.2003 14.30'], HERE)).toThrow('(e.g. "19.09.2003 14.30"): pass a date format that reads them, such as "DD.MM.YYYY HH.mm"')
    expect(() => detectTimeSpec(['Fri 19 Sep 2003'], HERE), 'no suggestion rather than a wrong one').toThrow(
      'cannot recognise the timestamps (e.g. "Fri 19 Sep 2003"): pass a date format written with the tokens YYYY YY MM MMM DD HH hh mm ss SSS A',
    )
  })

  it('takes a given format over detection, including the named ones', () => {
    expect(detectTimeSpec(['01/02/2024'], HERE, 'DD/MM/YYYY')).toMatchObject({ label: 'DD/MM/YYYY', dateOnly: true })
    expect(detectTimeSpec(['1704153600'], HERE, 'epoch-ms').label).toBe('epoch-ms')
    expect(detectTimeSpec(['2024-01-02'], HERE, 'iso')).toMatchObject({ label: 'iso-8601', dateOnly: true })
  })

  it('names file and column when nothing reads the timestamps', () => {
    expect(() => detectTimeSpec(['yesterday', 'today'], HERE)).toThrow('x.csv: Date: cannot recognise the timestamps (e.g. "yesterday")')
  })

  it('reads text as UTF-8, so a letter outside Latin-1 is never taken for a digit or a space', () => {
    const iso = detectTimeSpec(['2024-01-02'], HERE).spec
    // In Latin-1 these letters would lose their high byte: б is U+0431 ("1"), Р is U+0420 (" ").
    expect(parseTimeText(iso, '2024-01-0б')).toBeNaN()
    expect(parseTimeText(iso, '2024-01-02Р')).toBeNaN()
  })

  it('tolerates a minority of broken values in the sample', () => {
    expect(detectTimeSpec(['2024-01-02', 'garbage', '2024-01-04'], HERE).label).toBe('iso-8601')
  })
})

describe('readsAllAsTimestamps', () => {
  it('is true when every sampled value is a timestamp of one format', () => {
    expect(readsAllAsTimestamps(['2024-01-02', '2024-01-03T09:30Z'])).toBe(true)
    expect(readsAllAsTimestamps(['19-Sep-03', '22-Sep-03'])).toBe(true)
    expect(readsAllAsTimestamps(['1704153600000', '1704153660000', '1704153720000'])).toBe(true)
    expect(readsAllAsTimestamps(['20240104', '20240103', '20240102']), 'descending compact dates').toBe(true)
  })

  it('is false for one value that is not, for empty cells, and for text that is no time', () => {
    expect(readsAllAsTimestamps(['2024-01-02', 'n/a'])).toBe(false)
    expect(readsAllAsTimestamps(['2024-01-02', ''])).toBe(false)
    expect(readsAllAsTimestamps([])).toBe(false)
    expect(readsAllAsTimestamps(['AAPL', 'AAPL'])).toBe(false)
    expect(readsAllAsTimestamps(['187.15', '184.22'])).toBe(false)
  })

  it('wants numbers to run in one direction, so a volume column that happens to be plausible is no time', () => {
    expect(readsAllAsTimestamps(['82488700', '58414500', '71983600']), 'volumes, plausible as 1971–1973 seconds').toBe(false)
    expect(readsAllAsTimestamps(['20150312', '20110407', '20160101']), 'volumes that look like dates').toBe(false)
  })
})

describe('readsAllAsTimestamps, over generated columns', () => {
  it('never takes prices, or volumes that do not run one way, and always takes a rising time column', () => {
    const price = fc.integer({ min: 1, max: 10_000_000 }).map((cents) => (cents / 100).toFixed(2))
    const volume = fc.integer({ min: 0, max: 9_999_999_999 }).map(String)
    const notOneWay = (values: readonly string[]): boolean => {
      const n = values.map(Number)
      return n.some((v, k) => k > 0 && v > n[k - 1]!) && n.some((v, k) => k > 0 && v < n[k - 1]!)
    }
    fc.assert(
      fc.property(fc.array(price, { minLength: 1, maxLength: 40 }), fc.array(volume, { minLength: 3, maxLength: 40 }).filter(notOneWay), (prices, volumes) => {
        expect(readsAllAsTimestamps(prices), prices.join(',')).toBe(false)
        expect(readsAllAsTimestamps(volumes), volumes.join(',')).toBe(false)
      }),
      { numRuns: 500 },
    )
    fc.assert(
      fc.property(
        fc.integer({ min: EPOCH_PLAUSIBLE_FROM_MS / 60_000, max: Date.UTC(2150, 0, 1) / 60_000 }),
        fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 40 }),
        fc.constantFrom('iso', 'epoch-s', 'epoch-ms', 'date'),
        (startMinute, steps, format) => {
          let minute = startMinute
          const times = steps.map((step) => (minute += step) * 60_000)
          const text = times.map((t) => (format === 'iso' ? new Date(t).toISOString() : format === 'epoch-s' ? String(t / 1000) : format === 'epoch-ms' ? String(t) : new Date(t).toISOString().slice(0, 16).replace('T', ' ')))
          expect(readsAllAsTimestamps(text), text.join(',')).toBe(true)
        },
      ),
      { numRuns: 500 },
    )
  })
})

describe('looksLikeTimeOfDay', () => {
  it('wants colons, so plain numbers are not mistaken for times', () => {
    expect(looksLikeTimeOfDay(['09:30', '09:31'])).toBe(true)
    expect(looksLikeTimeOfDay(['0930', '0931'])).toBe(false)
    expect(looksLikeTimeOfDay(['1.10450'])).toBe(false)
    expect(looksLikeTimeOfDay([])).toBe(false)
  })
})
