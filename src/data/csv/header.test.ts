import { describe, expect, it } from 'vitest'
import { type PlanInput, compactName, looksLikeHeader, planColumns } from './header.ts'

function plan(header: readonly string[] | null, extra: Partial<PlanInput> = {}): ReturnType<typeof planColumns> {
  return planColumns({ file: 'x.csv', header, fieldCount: header?.length ?? 6, isTimeOfDay: () => false, ...extra })
}

describe('header aliases', () => {
  it('matches the common names in any case', () => {
    for (const time of ['Date', 'TIME', 'timestamp', 'Datetime', 'Date Time', 'open_time', '<DATE>', 'Gmt time']) {
      expect(plan([time, 'Open', 'High', 'Low', 'Close', 'Volume']).columns.time, time).toBe(time)
    }
    expect(plan(['date', 'OPEN', 'high', 'Low', 'CLOSE', 'vol.']).columns).toEqual({
      time: 'date',
      open: 'OPEN',
      high: 'high',
      low: 'Low',
      close: 'CLOSE',
      volume: 'vol.',
    })
    expect(plan(['<DATE>', '<OPEN>', '<HIGH>', '<LOW>', '<CLOSE>', '<TICKVOL>']).columns.volume).toBe('<TICKVOL>')
  })

  it('does not take an adjusted close for the close, and says it ignored it', () => {
    const p = plan(['Date', 'Open', 'High', 'Low', 'Close', 'Adj Close', 'Volume'])
    expect(p.columns.close).toBe('Close')
    expect(p.ignoredColumns).toEqual(['Adj Close'])
    expect(p.notes).toContain('column Adj Close (adjusted close) is ignored: close is read from Close')
    expect(() => plan(['Date', 'Open', 'High', 'Low', 'Adj Close', 'Volume'])).toThrow(/no close column.*Adj Close is an adjusted close/)
  })

  it('notes an absent volume', () => {
    const p = plan(['time', 'open', 'high', 'low', 'close'])
    expect(p.columns.volume).toBeNull()
    expect(p.notes).toContain('no volume column: every bar has volume 0')
  })

  it('reads European headers', () => {
    expect(plan(['Datum', 'Eröffnung', 'Hoch', 'Tief', 'Schluss', 'Volumen']).columns.open).toBe('Eröffnung')
    expect(compactName('Clôture')).toBe('cloture')
  })

  it('keeps letters of every script when compacting names, dropping only accents and punctuation', () => {
    expect(compactName('Объём (шт.)')).toBe('объемшт')
    expect(compactName('日期')).toBe('日期')
    expect(compactName('Άνοιγμα')).toBe('ανοιγμα')
  })

  it('reads Russian broker headers', () => {
    expect(plan(['Дата', 'Открытие', 'Максимум', 'Минимум', 'Закрытие', 'Объём']).columns).toEqual({
      time: 'Дата',
      open: 'Открытие',
      high: 'Максимум',
      low: 'Минимум',
      close: 'Закрытие',
      volume: 'Объём',
    })
  })

  it('maps non-Latin names given in any case', () => {
    const p = plan(['日期', '开盘', '最高', '最低', '收盘'], { mapping: { time: '日期', open: '开盘', high: '最高', low: '最低', close: '收盘' } })
    expect(p.columns).toMatchObject({ time: '日期', close: '收盘' })
    expect(plan(['ΗΜΕΡΑ', 'Ο', 'Υ', 'Χ', 'Κ'], { mapping: { time: 'ημερα', open: 'ο', high: 'υ', low: 'χ', close: 'κ' } }).columns.time).toBe('ΗΜΕΡΑ')
  })

  it('joins a date column and a time-of-day column', () => {
    const p = plan(['Date', 'Time', 'Open', 'High', 'Low', 'Close'], { isTimeOfDay: (c) => c === 1 })
    expect(p.columns.time).toBe('Date+Time')
    expect(plan(['Date', 'Time', 'Open', 'High', 'Low', 'Close']).columns.time, 'Time holds full timestamps').toBe('Time')
  })

  it('names what is missing and what is there', () => {
    expect(() => plan(['Date', 'Bid', 'Ask'])).toThrow('x.csv: no open, high, low, close column: the header is Date, Bid, Ask; name the columns with a mapping such as time=Date,close=Last')
  })
})

describe('a time column found by content', () => {
  it('is taken when no name says time and exactly one free column holds timestamps, with a note naming it', () => {
    const p = plan(['%Y-%m-%d', 'Open', 'High', 'Low', 'Close', 'Volume'], { readsAsTimestamps: (c) => c === 0 })
    expect(p.columns.time).toBe('%Y-%m-%d')
    expect(p.notes).toContain('no column is named as a time: column %Y-%m-%d holds timestamps throughout the sample, so it is the time column')
  })

  it('is not looked for when a name says time, and only among columns no other role took', () => {
    expect(plan(['Date', 'Open', 'High', 'Low', 'Close', 'Stamp'], { readsAsTimestamps: (c) => c === 5 }).columns.time).toBe('Date')
    const p = plan(['When', 'Open', 'High', 'Low', 'Close', 'Volume'], { readsAsTimestamps: (c) => c === 0 || c === 5 })
    expect(p.columns, 'volume is taken by its name').toMatchObject({ time: 'When', volume: 'Volume' })
  })

  it('is refused when several free columns hold timestamps, naming them', () => {
    expect(() => plan(['Start', 'End', 'Open', 'High', 'Low', 'Close'], { readsAsTimestamps: (c) => c < 2 })).toThrow(
      'x.csv: no column is named as a time, and columns Start, End all hold timestamps: map one, e.g. time=Start',
    )
  })

  it('leaves the usual error when no column holds timestamps', () => {
    expect(() => plan(['When', 'Open', 'High', 'Low', 'Close'], { readsAsTimestamps: () => false })).toThrow('x.csv: no time column: the header is When, Open, High, Low, Close')
  })
})

describe('column mapping', () => {
  it('maps by name, case-insensitively, over the aliases', () => {
    const p = plan(['When', 'First', 'Hi', 'Lo', 'Last', 'Qty'], { mapping: { time: 'when', high: 'HI', low: 'lo' } })
    expect(p.columns).toEqual({ time: 'When', open: 'First', high: 'Hi', low: 'Lo', close: 'Last', volume: 'Qty' })
  })

  it('maps by 1-based number, with or without a header', () => {
    expect(plan(['a', 'b', 'c', 'd', 'e', 'f'], { mapping: { time: '6', open: '1', high: '2', low: '3', close: '4', volume: '5' } }).columns).toEqual({
      time: 'f',
      open: 'a',
      high: 'b',
      low: 'c',
      close: 'd',
      volume: 'e',
    })
    expect(plan(null, { fieldCount: 7, mapping: { close: '7', volume: '6' } }).columns).toEqual({
      time: '1',
      open: '2',
      high: '3',
      low: '4',
      close: '7',
      volume: '6',
    })
  })

  it('maps a split timestamp with +', () => {
    expect(plan(['d', 't', 'o', 'h', 'l', 'c'], { mapping: { time: 'd+t', open: 'o', high: 'h', low: 'l', close: 'c' } }).columns.time).toBe('d+t')
    expect(plan(null, { fieldCount: 6, mapping: { time: '1+2' } }).columns).toMatchObject({ time: '1+2', open: '3', close: '6', volume: null })
  })

  it('refuses a column that is not there, or one given two roles', () => {
    expect(() => plan(['Date', 'Open', 'High', 'Low', 'Close'], { mapping: { close: 'Last' } })).toThrow('x.csv: column "Last" for close is not in the file: the header is Date, Open, High, Low, Close')
    expect(() => plan(null, { fieldCount: 5, mapping: { close: '9' } })).toThrow(/the file has no header and 5 columns/)
    expect(() => plan(['Date', 'Open', 'High', 'Low', 'Close'], { mapping: { open: 'Close', close: 'Close' } })).toThrow('x.csv: column 5 (Close) is mapped to both open and close')
  })
})

describe('headerless files', () => {
  it('take columns by position', () => {
    expect(plan(null, { fieldCount: 5 }).columns).toEqual({ time: '1', open: '2', high: '3', low: '4', close: '5', volume: null })
    expect(plan(null, { fieldCount: 8 }).ignoredColumns).toEqual(['7', '8'])
    expect(plan(null, { fieldCount: 7, isTimeOfDay: (c) => c === 1 }).columns.time).toBe('1+2')
  })

  it('name fields by role in messages', () => {
    expect(plan(null, { fieldCount: 7 }).fieldNames).toEqual(['time', 'open', 'high', 'low', 'close', 'volume', 'column 7'])
  })
})

describe('looksLikeHeader', () => {
  it('is a first line with letters and no number', () => {
    expect(looksLikeHeader(['Date', 'Open', 'Close'])).toBe(true)
    expect(looksLikeHeader(['2024-01-02', '1.5', '2'])).toBe(false)
    expect(looksLikeHeader(['02-Jan-2024', '1,5'])).toBe(false)
    expect(looksLikeHeader(['', ''])).toBe(false)
    expect(looksLikeHeader(['2024-01-02', 'abc', 'abc']), 'a broken first row is data').toBe(false)
    expect(looksLikeHeader(['Jan 02, 2024', '-.5']), 'month names, signed decimals').toBe(false)
    expect(looksLikeHeader(['<DATE>', '<OPEN>', 'Vol.', '% Change'])).toBe(true)
  })

  it('counts letters of any script, so a Cyrillic, Greek or Chinese header is a header', () => {
    expect(looksLikeHeader(['Дата', 'Открытие', 'Максимум', 'Минимум', 'Закрытие', 'Объём'])).toBe(true)
    expect(looksLikeHeader(['Ημερομηνία', 'Άνοιγμα', 'Υψηλό', 'Χαμηλό', 'Κλείσιμο'])).toBe(true)
    expect(looksLikeHeader(['日期', '开盘', '最高', '最低', '收盘', '成交量'])).toBe(true)
    expect(looksLikeHeader(['2024-01-02', 'нет', 'данных']), 'a broken first row is data in any script').toBe(false)
  })
})
