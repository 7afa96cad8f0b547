import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { TradePulseError } from '../../domain/errors.ts'
import { parseInterval } from '../../domain/time.ts'
import type { BarSeries } from '../bar-series.ts'
import { readBarsCsv, validateBarsCsv } from './index.ts'

const FIXTURES = 'src/data/csv/fixtures'
const work = mkdtempSync(join(tmpdir(), 'tradepulse-csv-read-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

let fileCount = 0
function file(content: string | Buffer, name = `f${fileCount++}.csv`): string {
  const path = join(work, name)
  writeFileSync(path, content)
  return path
}

function rows(series: BarSeries): (string | number)[][] {
  return [...series].map((b) => [new Date(b.openTime).toISOString(), b.open, b.high, b.low, b.close, b.volume])
}

const DAY = 86_400_000

describe('delimiters', () => {
  const lines = ['date,open,high,low,close,volume', '2024-01-02,1,2,0.5,1.5,10', '2024-01-03,1.5,2.5,1,2,20']
  for (const [name, delimiter] of [
    ['comma', ','],
    ['semicolon', ';'],
    ['tab', '\t'],
  ] as const) {
    it(`detects the ${name}`, async () => {
      const { series, report } = await readBarsCsv(file(lines.map((l) => l.replaceAll(',', delimiter)).join('\n')))
      expect(report.delimiter).toBe(delimiter)
      expect(rows(series)).toEqual([
        ['2024-01-02T00:00:00.000Z', 1, 2, 0.5, 1.5, 10],
        ['2024-01-03T00:00:00.000Z', 1.5, 2.5, 1, 2, 20],
      ])
    })
  }

  it('takes the delimiter it is given', async () => {
    // One tab on every line: detection alone would split on tabs.
    const path = file('time;open;high;low;close;volume;note\ta\n2024-01-02;1;2;0.5;1.5;3;x\ty\n', 'given.csv')
    const { report, series } = await readBarsCsv(path, { delimiter: ';' })
    expect(report).toMatchObject({ delimiter: ';', hasHeader: true, ignoredColumns: ['note\ta'] })
    expect(rows(series)).toEqual([['2024-01-02T00:00:00.000Z', 1, 2, 0.5, 1.5, 3]])
  })

  it('reads a German broker export: semicolons, decimal commas, thousands dots, German names', async () => {
    const { series, report } = await readBarsCsv(`${FIXTURES}/european-semicolon.csv`)
    expect(report).toMatchObject({ delimiter: ';', decimalSeparator: ',', timeFormat: 'DD.MM.YYYY', dateOnly: true })
    expect(report.columns).toEqual({ time: 'Datum', open: 'Eröffnung', high: 'Hoch', low: 'Tief', close: 'Schluss', volume: 'Volumen' })
    expect(rows(series)[0]).toEqual(['2024-01-02T00:00:00.000Z', 16769.36, 16820, 16700.5, 16790.12, 1234])
  })

  it('reads a tab-separated file with US dates', async () => {
    const { series, report } = await readBarsCsv(`${FIXTURES}/us-dates.tsv`)
    expect(report).toMatchObject({ delimiter: '\t', timeFormat: 'MM/DD/YYYY', calendar: 'nyse' })
    expect(report.gaps, 'New Year is a weekday without a bar, and an NYSE holiday').toEqual({ count: 0, missingBars: 0, largestMs: 0 })
    expect((await readBarsCsv(`${FIXTURES}/us-dates.tsv`, { calendar: 'weekdays' })).report.gaps).toEqual({ count: 1, missingBars: 1, largestMs: 4 * DAY })
    expect(rows(series).map((r) => r[0])).toEqual(['2023-12-28T00:00:00.000Z', '2023-12-29T00:00:00.000Z', '2024-01-02T00:00:00.000Z', '2024-01-03T00:00:00.000Z'])
  })
})

describe('headers', () => {
  it('recognises Yahoo columns, skips the BOM, reads CRLF, and ignores Adj Close', async () => {
    const { series, report } = await readBarsCsv(`${FIXTURES}/yahoo-crlf-bom.csv`)
    expect(report.columns).toEqual({ time: 'Date', open: 'Open', high: 'High', low: 'Low', close: 'Close', volume: 'Volume' })
    expect(report.ignoredColumns).toEqual(['Adj Close'])
    expect(report.notes).toContain('column Adj Close (adjusted close) is ignored: close is read from Close')
    expect(rows(series)[1]).toEqual(['2024-01-03T00:00:00.000Z', 184.220001, 185.880005, 183.429993, 184.25, 58414500])
  })

  it('reads the bundled S&P 500 file, whose adjusted close is spelt adjclose', async () => {
    const { series, report } = await readBarsCsv('data/sp500-2000.csv')
    expect(report).toMatchObject({ rowsRead: 5105, barsAccepted: 5105, dateOnly: true, calendar: 'nyse', ignoredColumns: ['adjclose'] })
    expect(series.at(0)).toMatchObject({ openTime: Date.UTC(2000, 0, 3), knownAt: Date.UTC(2000, 0, 4), open: 1469.25, volume: 931800000 })
    expect(report.issueCounts, 'its missing weekdays are NYSE holidays, so the NYSE calendar is inferred and nothing is wrong').toEqual({})
  })

  it('reads a file without volume as volume 0, and says so', async () => {
    const { series, report } = await readBarsCsv(file('Timestamp,Open,High,Low,Close\n2024-01-02T10:00:00Z,1,2,0.5,1.5\n2024-01-02T10:05:00Z,1.5,2,1,1.8\n'))
    expect(report.columns.volume).toBeNull()
    expect(report.notes).toContain('no volume column: every bar has volume 0')
    expect(report.interval.label).toBe('5m')
    expect([...series.volume]).toEqual([0, 0])
  })

  it('maps unusual names with the columns option', async () => {
    const path = file('When;Erste;Max;Min;Letzte;Stuecke\n2024-01-02 09:00;1;2;0,5;1,5;7\n2024-01-02 10:00;1,5;2;1;1,8;8\n')
    const { series, report } = await readBarsCsv(path, { columns: { time: 'when', open: 'ERSTE', close: 'Letzte', volume: 'stuecke' } })
    expect(report.columns).toEqual({ time: 'When', open: 'Erste', high: 'Max', low: 'Min', close: 'Letzte', volume: 'Stuecke' })
    expect(rows(series)[0]).toEqual(['2024-01-02T09:00:00.000Z', 1, 2, 0.5, 1.5, 7])
  })

  it('reads a headerless file by position, or by column numbers', async () => {
    const headerless = file('2024-01-02,1,2,0.5,1.5,10\n2024-01-03,1.5,2.5,1,2,20\n')
    const byPosition = await readBarsCsv(headerless)
    expect(byPosition.report).toMatchObject({ hasHeader: false, columns: { time: '1', open: '2', high: '3', low: '4', close: '5', volume: '6' } })
    expect(byPosition.series.length).toBe(2)
    const reordered = file('10,1.5,0.5,2,1,2024-01-02\n20,2,1,2.5,1.5,2024-01-03\n')
    const { series } = await readBarsCsv(reordered, { columns: { time: '6', open: '5', high: '4', low: '3', close: '2', volume: '1' } })
    expect(rows(series)[0]).toEqual(['2024-01-02T00:00:00.000Z', 1, 2, 0.5, 1.5, 10])
  })

  it('reads a MetaTrader export: no header, date and time in two columns', async () => {
    const { series, report } = await readBarsCsv(`${FIXTURES}/metatrader.csv`)
    expect(report).toMatchObject({ hasHeader: false, timeFormat: 'YYYY.MM.DD + HH:mm:ss', dateOnly: false, interval: { label: '1m' } })
    expect(report.columns.time).toBe('1+2')
    expect(rows(series)[2]).toEqual(['2024-01-02T09:32:00.000Z', 1.1049, 1.10495, 1.1041, 1.1042, 143])
  })

  it('refuses a header that lacks a required column, even under repair', async () => {
    const path = file('date,open,close\n2024-01-02,1,2\n', 'missing.csv')
    await expect(readBarsCsv(path, { policy: 'repair' })).rejects.toThrow(`${path}: no high, low column: the header is date, open, close`)
    await expect(readBarsCsv(path, { columns: { high: 'Hi' } })).rejects.toMatchObject({ code: 'DATA_CSV_HEADER' })
  })

  it('takes a broken first row for data, not for a header', async () => {
    const { report } = await readBarsCsv(file('2024-01-02,a,b,c,d\n2024-01-03,1,2,0.5,1.5\n2024-01-04,1,2,0.5,1.5\n'), { policy: 'repair' })
    expect(report.hasHeader).toBe(false)
    expect(report.issues.map((i) => [i.line, i.code])).toEqual([[1, 'unparsable-number']])
  })

  it('recognises a Cyrillic header and quotes non-Latin values in messages as written (UTF-8)', async () => {
    const path = `${FIXTURES}/cyrillic-header-utf8.csv`
    const { series, report } = await readBarsCsv(path, { policy: 'repair' })
    expect(report).toMatchObject({ hasHeader: true, rowsRead: 4, barsAccepted: 2 })
    expect(report.columns).toEqual({ time: 'Дата', open: 'Открытие', high: 'Максимум', low: 'Минимум', close: 'Закрытие', volume: 'Объём' })
    expect(report.issues.map((i) => [i.line, i.field, i.code, i.message])).toEqual([
      [3, 'Объём', 'unparsable-number', 'volume "нет данных" is not a number'],
      [4, 'Закрытие', 'unparsable-number', 'close "101,5 ₽" is not a number'],
    ])
    expect(rows(series).map((r) => r[0])).toEqual(['2024-01-02T00:00:00.000Z', '2024-01-05T00:00:00.000Z'])
    await expect(readBarsCsv(path)).rejects.toThrow(`${path}:3: Объём: volume "нет данных" is not a number`)
  })

  it('names a non-Latin header it cannot map in its own letters', async () => {
    const path = file('日期,开盘,最高,最低,收盘\n2024-01-02,1,2,0.5,1.5\n2024-01-03,1,2,0.5,1.5\n')
    await expect(readBarsCsv(path), 'the time column is found by its content').rejects.toThrow(`${path}: no open, high, low, close column: the header is 日期, 开盘, 最高, 最低, 收盘`)
    const { report } = await readBarsCsv(path, { columns: { time: '日期', open: '开盘', high: '最高', low: '最低', close: '收盘' } })
    expect(report).toMatchObject({ hasHeader: true, barsAccepted: 2, columns: { time: '日期', close: '收盘' } })
  })

  it('takes an undecodable first line (a legacy code page) for a header, and says to save the file as UTF-8', async () => {
    // "Дата,Открытие,Максимум,Минимум,Закрытие" in Windows-1251: not UTF-8, so it decodes to replacement characters.
    const header = Buffer.from('c4e0f2e02ccef2eaf0fbf2e8e52ccce0eaf1e8ecf3ec2ccce8ede8ecf3ec2cc7e0eaf0fbf2e8e5', 'hex')
    const path = file(Buffer.concat([header, Buffer.from('\n2024-01-02,1,2,0.5,1.5\n2024-01-03,1,2,0.5,1.5\n')]))
    const error = await readBarsCsv(path).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'DATA_CSV_HEADER' })
    expect((error as TradePulseError).message).toMatch(/^.*: no open, high, low, close column: the header is \uFFFD+, \uFFFD+, \uFFFD+, \uFFFD+, \uFFFD+ \(it is not UTF-8 text: save the file as UTF-8\); name the columns/)
  })

  it('skips comment lines before the header, counts them, notes them, and keeps line numbers', async () => {
    const path = `${FIXTURES}/comment-lines-before-header.csv`
    const { series, report } = await readBarsCsv(path, { policy: 'repair' })
    expect(report).toMatchObject({ delimiter: ',', hasHeader: true, commentLines: 3, rowsRead: 3, barsAccepted: 3 })
    expect(report.columns).toEqual({ time: 'date', open: 'open', high: 'high', low: 'low', close: 'close', volume: 'volume' })
    expect(report.notes).toContain('skipped 3 comment lines (starting with #) before the header, lines 1–4')
    expect(report.issues.map((i) => [i.line, i.field, i.code])).toEqual([[7, 'high', 'high-below-body']])
    expect(rows(series)[0]).toEqual(['2024-01-02T00:00:00.000Z', 187.15, 188.44, 183.89, 185.64, 82488700])
    await expect(readBarsCsv(path)).rejects.toThrow(`${path}:7: high: high 183 is below max(open, close) = 184.25`)
  })

  it('skips comment lines before a headerless file', async () => {
    const { report } = await readBarsCsv(file('# exported by a terminal\n2024-01-02,1,2,0.5,1.5\n2024-01-03,1,2,0.5,1.5\n'))
    expect(report).toMatchObject({ hasHeader: false, commentLines: 1, rowsRead: 2, columns: { time: '1', close: '5' } })
    expect(report.notes).toContain('skipped 1 comment line (starting with #) before the first row, line 1')
  })

  it('reads a header written as the last comment line when the rows have its field count', async () => {
    const { series, report } = await readBarsCsv(file('# source: x\n#time,close,high,low,open\n2024-01-02T00:00Z,1.5,2,0.5,1\n2024-01-02T00:01Z,1.5,2,0.5,1\n'))
    expect(report).toMatchObject({ hasHeader: true, commentLines: 1, rowsRead: 2, columns: { time: 'time', open: 'open', close: 'close' } })
    expect(report.notes).toContain('line 2 is a header written as a comment (#time,close,high,low,open): read as the header')
    expect(rows(series)[0], 'open and close by name, not by position').toEqual(['2024-01-02T00:00:00.000Z', 1, 2, 0.5, 1.5, 0])
  })

  it('does not skip a comment line among the rows: it is a row, and reported', async () => {
    const { report } = await readBarsCsv(file('date,open,high,low,close\n2024-01-02,1,2,0.5,1.5\n# note\n2024-01-03,1,2,0.5,1.5\n'), { policy: 'repair' })
    expect(report.commentLines).toBe(0)
    expect(report.issues.map((i) => [i.line, i.code])).toEqual([[3, 'wrong-field-count']])
  })

  it('finds a time column named oddly by its content, and notes which', async () => {
    const { series, report } = await readBarsCsv(`${FIXTURES}/time-column-named-by-format.csv`)
    expect(report.columns).toEqual({ time: '%Y-%m-%d', open: 'Open', high: 'High', low: 'Low', close: 'Close', volume: 'Volume' })
    expect(report.notes).toContain('no column is named as a time: column %Y-%m-%d holds timestamps throughout the sample, so it is the time column')
    expect(report).toMatchObject({ timeFormat: 'iso-8601', dateOnly: true, barsAccepted: 3 })
    expect(rows(series)[2]).toEqual(['2024-01-04T00:00:00.000Z', 182.15, 183.09, 180.88, 181.91, 71983600])
  })

  it('finds an epoch column by content, but not among columns that only look like times', async () => {
    const { report } = await readBarsCsv(file('Symbol,Unnamed: 0,Open,High,Low,Close,Volume\nX,1704153600000,1,2,0.5,1.5,82488700\nX,1704153660000,1,2,0.5,1.5,58414500\nX,1704153720000,1,2,0.5,1.5,71983600\n'))
    expect(report).toMatchObject({ timeFormat: 'epoch-ms', columns: { time: 'Unnamed: 0', volume: 'Volume' }, ignoredColumns: ['Symbol'] })
  })

  it('refuses to choose between two columns of timestamps', async () => {
    const path = file('Start,End,Open,High,Low,Close\n2024-01-02T09:30Z,2024-01-02T09:31Z,1,2,0.5,1.5\n2024-01-02T09:31Z,2024-01-02T09:32Z,1,2,0.5,1.5\n')
    await expect(readBarsCsv(path)).rejects.toThrow(`${path}: no column is named as a time, and columns Start, End all hold timestamps: map one, e.g. time=Start`)
    const { report } = await readBarsCsv(path, { columns: { time: 'Start' } })
    expect(report.columns.time).toBe('Start')
  })

  it('can be told whether the first line is a header', async () => {
    const path = file('1,2,3,4,5\n2024-01-03,1,2,0.5,1.5\n2024-01-04,1,2,0.5,1.5\n')
    const { report } = await readBarsCsv(path, { header: true, columns: { time: '1', open: '2', high: '3', low: '4', close: '5' } })
    expect(report).toMatchObject({ hasHeader: true, rowsRead: 2, columns: { time: '1', close: '5' } })
  })
})

describe('timestamps', () => {
  async function times(content: string, options: Parameters<typeof readBarsCsv>[1] = {}): Promise<{ times: string[]; format: string; dateOnly: boolean }> {
    const { series, report } = await readBarsCsv(file(`time,open,high,low,close\n${content}`), options)
    return { times: [...series.openTime].map((t) => new Date(t).toISOString()), format: report.timeFormat, dateOnly: report.dateOnly }
  }

  it('reads ISO 8601 with and without time, zone and fractional seconds', async () => {
    const content = '2024-01-02T09:30:00Z,1,1,1,1\n2024-01-02T09:31:00.250+00:00,1,1,1,1\n2024-01-02 09:32:00.5,1,1,1,1\n2024-01-02T10:33:00+01:00,1,1,1,1\n'
    expect(await times(content, { interval: parseInterval('1m') })).toEqual({
      times: ['2024-01-02T09:30:00.000Z', '2024-01-02T09:31:00.250Z', '2024-01-02T09:32:00.500Z', '2024-01-02T09:33:00.000Z'],
      format: 'iso-8601',
      dateOnly: false,
    })
  })

  it('treats date-only rows as daily bars known at 24:00 UTC', async () => {
    const { series, report } = await readBarsCsv(file('date,open,high,low,close\n2024-01-02,1,1,1,1\n2024-01-03,1,1,1,1\n'))
    expect(report.dateOnly).toBe(true)
    expect(series.at(0).knownAt, 'the end of the UTC day').toBe(Date.UTC(2024, 0, 3))
    const single = await readBarsCsv(file('date,open,high,low,close\n2024-01-02,1,1,1,1\n'))
    expect(single.report.interval.label, 'one date-only row is a daily bar').toBe('1d')
  })

  it('tells epoch seconds from epoch milliseconds', async () => {
    expect(await times('1704187800,1,1,1,1\n1704187860,1,1,1,1\n')).toMatchObject({ times: ['2024-01-02T09:30:00.000Z', '2024-01-02T09:31:00.000Z'], format: 'epoch-s' })
    expect(await times('1704187800000,1,1,1,1\n1704187860000,1,1,1,1\n')).toMatchObject({ times: ['2024-01-02T09:30:00.000Z', '2024-01-02T09:31:00.000Z'], format: 'epoch-ms' })
  })

  it('reads Binance klines: epoch milliseconds, no header, extra columns ignored', async () => {
    const { series, report } = await readBarsCsv(`${FIXTURES}/binance-klines.csv`)
    expect(report).toMatchObject({ timeFormat: 'epoch-ms', interval: { label: '1h' }, ignoredColumns: ['7', '8', '9', '10', '11', '12'] })
    expect(series.at(3)).toMatchObject({ openTime: Date.UTC(2024, 0, 1, 3), close: 42250.01, volume: 1256.82714 })
  })

  it('applies a --date-format', async () => {
    expect(await times('02/01/2024 09:30:15,1,1,1,1\n02/01/2024 09:31:15,1,1,1,1\n', { dateFormat: 'DD/MM/YYYY HH:mm:ss' })).toMatchObject({
      times: ['2024-01-02T09:30:15.000Z', '2024-01-02T09:31:15.000Z'],
      format: 'DD/MM/YYYY HH:mm:ss',
      dateOnly: false,
    })
    expect(await times('01/02/2024,1,1,1,1\n01/03/2024,1,1,1,1\n', { dateFormat: 'MM/DD/YYYY' })).toMatchObject({ times: ['2024-01-02T00:00:00.000Z', '2024-01-03T00:00:00.000Z'], dateOnly: true })
    expect(await times('20240102,1,1,1,1\n20240103,1,1,1,1\n', { dateFormat: 'YYYYMMDD' })).toMatchObject({ times: ['2024-01-02T00:00:00.000Z', '2024-01-03T00:00:00.000Z'] })
  })

  it('refuses to guess between day-first and month-first', async () => {
    const path = file('date,open,high,low,close\n01/02/2024,1,1,1,1\n01/03/2024,1,1,1,1\n', 'ambiguous.csv')
    await expect(readBarsCsv(path)).rejects.toThrow(
      `${path}: date: timestamps such as "01/02/2024" read as DD/MM/YYYY (2024-02-01) or as MM/DD/YYYY (2024-01-02), and none of the 2 sampled values tells them apart (a day above 12 would): pass the date format to say which`,
    )
  })

  it('settles day-first against month-first with the whole sample, not only its first thousand rows', async () => {
    // A day of minute bars on 12 February, then the 13th: only row 1441 tells DD/MM from MM/DD.
    const lines = ['time,open,high,low,close']
    for (let k = 0; k < 1450; k++) {
      const t = new Date(Date.UTC(2024, 1, 12) + k * 60_000)
      const hhmm = t.toISOString().slice(11, 16)
      lines.push(`${String(t.getUTCDate()).padStart(2, '0')}/02/2024 ${hhmm},1,1,1,1`)
    }
    const { series, report } = await readBarsCsv(file(`${lines.join('\n')}\n`))
    expect(report).toMatchObject({ timeFormat: 'DD/MM/YYYY HH:mm', barsAccepted: 1450, interval: { label: '1m' } })
    expect(series.openTime[1449]).toBe(Date.UTC(2024, 1, 13, 0, 9))
  })

  it('reads two-digit years across the century pivot, detected or given', async () => {
    const path = `${FIXTURES}/two-digit-years.csv`
    const { series, report } = await readBarsCsv(path)
    expect(report).toMatchObject({ timeFormat: 'DD-MMM-YY', dateOnly: true, calendar: 'weekdays', barsAccepted: 4 })
    expect(rows(series).map((r) => r[0])).toEqual(['1999-12-30T00:00:00.000Z', '1999-12-31T00:00:00.000Z', '2000-01-03T00:00:00.000Z', '2000-01-04T00:00:00.000Z'])
    const given = await readBarsCsv(path, { dateFormat: 'DD-MMM-YY' })
    expect([...given.series.openTime]).toEqual([...series.openTime])
  })

  it('uses the interval it is given, and refuses one it cannot infer', async () => {
    const { report, series } = await readBarsCsv(file('time,open,high,low,close\n2024-01-02T09:30:00Z,1,1,1,1\n'), { interval: parseInterval('1h') })
    expect(report.interval.label).toBe('1h')
    expect(series.at(0).knownAt).toBe(Date.UTC(2024, 0, 2, 10, 30))
    await expect(readBarsCsv(file('time,open,high,low,close\n2024-01-02T09:30:00Z,1,1,1,1\n'))).rejects.toThrow(/cannot infer the bar interval/)
    await expect(readBarsCsv(file('time,open,high,low,close\n2024-01-02T09:30:00.000Z,1,1,1,1\n2024-01-02T09:30:00.250Z,1,1,1,1\n'))).rejects.toThrow(/250 ms, which is not a supported bar interval/)
  })
})

describe('descending files', () => {
  it('are reversed into ascending order, and the report says so', async () => {
    const { series, report } = await readBarsCsv(`${FIXTURES}/investing-descending.csv`)
    expect(report).toMatchObject({ order: 'descending', timeFormat: 'MM/DD/YYYY', barsAccepted: 6 })
    expect(report.columns).toMatchObject({ close: 'Price', volume: 'Vol.' })
    expect(report.notes).toContain('rows are in descending time order; the bars have been reversed into ascending order')
    expect(rows(series)[0]).toEqual(['2023-12-28T00:00:00.000Z', 4786.44, 4793.3, 4780.98, 4783.35, 2698860000])
    expect(rows(series)[5]).toEqual(['2024-01-05T00:00:00.000Z', 4690.57, 4721.49, 4682.11, 4697.24, 3844370000])
    expect(series.at(5).knownAt).toBe(Date.UTC(2024, 0, 6))
    expect(report.issues, 'New Year is an NYSE holiday: no gap on the inferred calendar').toEqual([])
    const weekdays = await readBarsCsv(`${FIXTURES}/investing-descending.csv`, { calendar: 'weekdays' })
    expect(weekdays.report.issues.map((i) => [i.line, i.code]), 'the New Year gap, at the row after it in the file').toEqual([[6, 'gap']])
    expect([report.firstOpenTime, report.lastOpenTime]).toEqual([Date.UTC(2023, 11, 28), Date.UTC(2024, 0, 5)])
  })

  it('report rows that break the descending order', async () => {
    const path = file('date,open,high,low,close\n2024-01-05,1,1,1,1\n2024-01-04,1,1,1,1\n2024-01-08,1,1,1,1\n2024-01-03,1,1,1,1\n2024-01-02,1,1,1,1\n', 'desc.csv')
    await expect(readBarsCsv(path)).rejects.toThrow(`${path}:4: date: 2024-01-08 is out of order: it follows 2024-01-04 (line 3) in a file in descending order`)
    const { series, report } = await readBarsCsv(path, { policy: 'repair' })
    expect([...series.openTime].map((t) => new Date(t).toISOString().slice(0, 10))).toEqual(['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08'])
    expect(report.issues.map((i) => [i.line, i.code, i.action])).toEqual([[4, 'out-of-order', 'reordered']])
  })
})

describe('quoting and line ends', () => {
  it('reads quoted fields, doubled quotes and a quoted line end, keeping line numbers right', async () => {
    const { series, report } = await readBarsCsv(`${FIXTURES}/quoted.csv`, { policy: 'repair' })
    expect(report.ignoredColumns).toEqual(['symbol', 'note'])
    expect(rows(series)).toEqual([
      ['2024-01-02T14:30:00.000Z', 10, 11, 9, 10.5, 100],
      ['2024-01-02T14:31:00.000Z', 10.5, 11, 10, 10.8, 120],
      ['2024-01-02T14:32:00.000Z', 10.8, 11.2, 10.7, 11, 90],
    ])
  })

  it('numbers lines after a quoted line end correctly', async () => {
    const path = file('time,open,high,low,close,note\n2024-01-02T00:00Z,1,1,1,1,"a\nb"\n2024-01-02T00:01Z,1,1,1,1,x\n2024-01-02T00:02Z,1,0.5,1,1,y\n')
    const { report } = await readBarsCsv(path, { policy: 'repair' })
    expect(report.issues.map((i) => [i.line, i.code])).toEqual([[5, 'high-below-body']])
  })

  it('reports a quote left open at the end of the file', async () => {
    const path = file('time,open,high,low,close,note\n2024-01-02T00:00Z,1,1,1,1,x\n2024-01-02T00:01Z,1,1,1,1,x\n2024-01-02T00:02Z,1,1,1,1,"open\nrest')
    const { report } = await readBarsCsv(path, { policy: 'repair' })
    expect(report.issues).toEqual([{ line: 4, code: 'unterminated-quote', severity: 'error', message: 'a quoted field is not closed before the end of the file', action: 'dropped-row' }])
  })

  it('reads CRLF, bare CR, a BOM, blank lines and a missing final line end', async () => {
    const body = ['time,open,high,low,close', '2024-01-02T00:00Z,1,2,0.5,1.5', '', '2024-01-02T00:01Z,1.5,2,1,1.8']
    const expected = [
      ['2024-01-02T00:00:00.000Z', 1, 2, 0.5, 1.5, 0],
      ['2024-01-02T00:01:00.000Z', 1.5, 2, 1, 1.8, 0],
    ]
    for (const [name, text] of [
      ['lf', body.join('\n')],
      ['crlf', `${body.join('\r\n')}\r\n`],
      ['cr', body.join('\r')],
      ['bom', `\uFEFF${body.join('\r\n')}\r\n\r\n`],
    ] as const) {
      const { series, report } = await readBarsCsv(file(text))
      expect(rows(series), name).toEqual(expected)
      expect(report.rowsRead, `${name}: blank lines are not rows`).toBe(2)
    }
  })

  it('sends a row with a stray quote in a number to the slow path, and reports it', async () => {
    const path = file('time,open,high,low,close\n2024-01-02T00:00Z,1,1,1,1\n2024-01-02T00:01Z,1,1"5,1,1\n2024-01-02T00:02Z,1,1,1,1\n')
    const { report } = await readBarsCsv(path, { policy: 'repair' })
    expect(report.issues.map((i) => [i.line, i.field, i.code, i.message])).toEqual([[3, 'high', 'unparsable-number', 'high "1\\"5" is not a number']])
  })

  it('reads fields with spaces around them', async () => {
    const { series } = await readBarsCsv(file('time, open, high, low, close\n2024-01-02T00:00Z, 1, 2 , 0.5,1.5 \n2024-01-02T00:01Z , 1,2,1,1\n'))
    expect(rows(series)[0]).toEqual(['2024-01-02T00:00:00.000Z', 1, 2, 0.5, 1.5, 0])
  })
})

describe('large files', () => {
  it('detect from the first mebibyte and read the rest with the same rules', async () => {
    const rows = 40_000
    const lines = ['time,open,high,low,close,volume']
    for (let i = 0; i < rows; i++) lines.push(`${new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString()},${100 + (i % 7)},${110 + (i % 7)},${90 + (i % 7)},${105 + (i % 7)},${i}`)
    lines[30_001] = lines[30_001]!.replace(/,\d+$/, ',-1')
    const path = file(`${lines.join('\n')}\n`, 'large.csv')
    const { series, report } = await readBarsCsv(path, { policy: 'repair' })
    expect(report).toMatchObject({ rowsRead: rows, barsAccepted: rows - 1, interval: { label: '1m' } })
    expect(report.issues.map((i) => [i.line, i.code])).toEqual([[30_002, 'negative-volume']])
    expect(series.volume[rows - 2]).toBe(rows - 1)
  })
})

describe('files that cannot be read', () => {
  it('names a header whose field count no row has', async () => {
    const path = file('date;open;high;low;close\n2024-01-02,1,2,0.5,1.5\n', 'wrong-delimiter.csv')
    await expect(readBarsCsv(path, { delimiter: ';' })).rejects.toThrow(`${path}: the header has 5 fields and the rows have 1: is the delimiter ";" right?`)
  })


  it('names a missing file', async () => {
    const path = join(work, 'nope.csv')
    await expect(readBarsCsv(path)).rejects.toThrow(new TradePulseError('DATA_FILE_NOT_FOUND', 'cannot read: no such file', { file: path }))
    await expect(validateBarsCsv(work)).rejects.toMatchObject({ code: 'DATA_FILE_NOT_FOUND' })
  })

  it('refuses empty files and files with a header only', async () => {
    await expect(readBarsCsv(file(''))).rejects.toMatchObject({ code: 'DATA_EMPTY' })
    await expect(readBarsCsv(file('\n\n'))).rejects.toMatchObject({ code: 'DATA_EMPTY' })
    await expect(readBarsCsv(file('date,open,high,low,close\n'))).rejects.toThrow(/a header and no data rows/)
  })

  it('refuses a file with no usable row, even under repair', async () => {
    const path = file('date,open,high,low,close\n2024-01-02,x,1,1,1\n2024-01-03,-1,1,1,1\n')
    await expect(readBarsCsv(path, { policy: 'repair' })).rejects.toThrow(`${path}: no usable rows: 2 read, none accepted (unparsable-number 1, negative-price 1)`)
  })

  it('refuses UTF-16', async () => {
    await expect(readBarsCsv(file(Buffer.from('\uFEFFdate', 'utf16le')))).rejects.toMatchObject({ code: 'DATA_UNSUPPORTED_FORMAT' })
  })

  it('refuses a bad chunk size, which is a programming error', async () => {
    await expect(readBarsCsv(`${FIXTURES}/metatrader.csv`, { chunkBytes: 0 })).rejects.toThrow(RangeError)
  })
})

describe('progress', () => {
  it('is reported per chunk, ending at the file size', async () => {
    const calls: [number, number][] = []
    await validateBarsCsv(`${FIXTURES}/metatrader.csv`, { chunkBytes: 64, onProgress: (done, total) => calls.push([done, total]) })
    expect(calls.length).toBeGreaterThan(2)
    expect(calls.at(-1)).toEqual([210, 210])
    expect(calls.every(([done], i) => i === 0 || done >= calls[i - 1]![0])).toBe(true)
  })
})
