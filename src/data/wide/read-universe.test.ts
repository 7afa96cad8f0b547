import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { type ErrorCode, TradePulseError } from '../../domain/errors.ts'
import { isWideCsv, readUniverseCsv, validateUniverseCsv } from './read-universe.ts'

// Invented closes for five invented symbols over the first 60 NYSE trading days of 2024: CHARLIE
// lists on 1 February, ECHO's last close is on 8 March, DELTA has no close on 14 February.
// Martin Luther King Jr. Day and Washington's Birthday have no row.
const FIXTURE = 'src/data/wide/fixtures/closes-listing-delisting.csv'
const DAY = 86_400_000

const work = mkdtempSync(join(tmpdir(), 'tradepulse-wide-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})
let fileCount = 0
function file(text: string): string {
  const path = join(work, `w${fileCount++}.csv`)
  writeFileSync(path, text)
  return path
}

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString().slice(0, 10))

async function failure(promise: Promise<unknown>): Promise<{ code: ErrorCode; message: string }> {
  try {
    await promise
  } catch (error) {
    if (error instanceof TradePulseError) return { code: error.code, message: error.message }
    throw error
  }
  throw new Error('expected the read to fail')
}

describe('readUniverseCsv on the listing/delisting fixture', () => {
  it('reads one close-only series per symbol, starting at its listing and ending at its delisting', async () => {
    const { universe, report } = await readUniverseCsv(FIXTURE)
    expect(universe.map((m) => [m.symbol, m.series.length])).toEqual([
      ['ACME', 60],
      ['BRAVO', 60],
      ['CHARLIE', 39],
      ['DELTA', 59],
      ['ECHO', 47],
    ])
    const charlie = universe[2]!.series
    expect(charlie.at(0)).toMatchObject({
      openTime: Date.UTC(2024, 1, 1),
      knownAt: Date.UTC(2024, 1, 2),
      open: 22.99,
      high: 22.99,
      low: 22.99,
      close: 22.99,
      volume: 0,
    })
    expect(iso(universe[4]!.series.openTime[46]!)).toBe('2024-03-08')
    expect(universe[4]!.series.close[46]).toBe(12.84)
    expect(report).toMatchObject({
      timeColumn: 'Date',
      timeFormat: 'iso-8601',
      dateOnly: true,
      calendar: 'nyse',
      rowsRead: 60,
      rowsAccepted: 60,
      gaps: { count: 0, missingBars: 0 },
    })
  })

  it('takes empty cells before a listing and after a delisting as such, and reports them per symbol', async () => {
    const report = await validateUniverseCsv(FIXTURE)
    expect(
      report.symbols.map((s) => [s.symbol, s.values, iso(s.firstOpenTime), iso(s.lastOpenTime), s.listedLate, s.delistedEarly, s.problems]),
    ).toEqual([
      ['ACME', 60, '2024-01-02', '2024-03-27', false, false, 0],
      ['BRAVO', 60, '2024-01-02', '2024-03-27', false, false, 0],
      ['CHARLIE', 39, '2024-02-01', '2024-03-27', true, false, 0],
      ['DELTA', 59, '2024-01-02', '2024-03-27', false, false, 0],
      ['ECHO', 47, '2024-01-02', '2024-03-08', false, true, 0],
    ])
    expect(report.notes).toEqual(['rows carry dates only: each bar opens at 00:00 UTC and is known at the end of its interval'])
    const empty = await validateUniverseCsv(file('Date,A,B\n2024-01-02,1,\n2024-01-03,2,\n'))
    expect(empty.symbols[1]).toMatchObject({ values: 0, firstOpenTime: null, lastOpenTime: null, listedLate: false, delistedEarly: false })
    expect(empty.notes).toContain('B: no value in the file')
  })

  it('reports an empty cell between two values as a gap of that symbol, on its line', async () => {
    const report = await validateUniverseCsv(FIXTURE)
    expect(report.symbols[3]!.gaps).toEqual({ count: 1, missingBars: 1, largestMs: 2 * DAY })
    expect(report.issueCounts).toEqual({ gap: 1 })
    expect(report.issues).toEqual([
      {
        line: 32,
        field: 'DELTA',
        code: 'gap',
        severity: 'warning',
        message: '1 empty cell on 2024-02-14 between values on 2024-02-13 and 2024-02-15 (nyse calendar)',
        action: 'none',
      },
    ])
    expect(readFileSync(FIXTURE, 'utf8').split('\n')[31]).toMatch(/^2024-02-14,[\d.]+,[\d.]+,[\d.]+,,[\d.]+$/)
  })

  it('counts the holidays without a row as gaps of the file on the weekday calendar, once, not per symbol', async () => {
    const report = await validateUniverseCsv(FIXTURE, { calendar: 'weekdays' })
    expect(report.gaps).toEqual({ count: 2, missingBars: 2, largestMs: 4 * DAY })
    expect(report.issues.filter((i) => i.field === 'Date').map((i) => [i.line, i.message])).toEqual([
      [11, '1 row missing between 2024-01-12 and 2024-01-16 (interval 1d, weekdays calendar)'],
      [35, '1 row missing between 2024-02-16 and 2024-02-20 (interval 1d, weekdays calendar)'],
    ])
    expect(report.issueCounts).toEqual({ gap: 3 })
  })
})

describe('problems in a wide file', () => {
  const text = [
    'Date,IBM,AAPL',
    '2024-01-02,100,50', // line 2
    '2024-01-03,abc,51', // line 3: not a number
    '2024-01-04,102,-1', // line 4: negative
    '2024-01-05,103', // line 5: a field short
    '2024-01-08,104,inf', // line 6: not finite
    '2024-01-08,105,54', // line 7: the same date again
    'Jan 9,106,55', // line 8: not a date
    '2024-01-10,107,56', // line 9
  ].join('\n')

  it('fails under strict at the first problem, naming line and column', async () => {
    const path = file(text)
    expect(await failure(readUniverseCsv(path))).toEqual({
      code: 'DATA_CSV_PARSE',
      message: `${path}:3: IBM: "abc" is not a number`,
    })
  })

  it('drops bad cells and bad rows under repair, keeping the rest of each row, and lists each problem', async () => {
    const { universe, report } = await readUniverseCsv(file(text), { policy: 'repair' })
    expect(report.issues.map((i) => [i.line, i.field ?? '-', i.code, i.action, i.message])).toEqual([
      [3, 'IBM', 'unparsable-number', 'dropped-cell', '"abc" is not a number'],
      [4, 'AAPL', 'negative-price', 'dropped-cell', 'close -1 is negative'],
      [5, '-', 'wrong-field-count', 'dropped-row', 'expected 3 fields, found 2'],
      [6, 'AAPL', 'non-finite-price', 'dropped-cell', 'close Infinity is not finite'],
      [6, 'Date', 'gap', 'none', '1 row missing between 2024-01-04 and 2024-01-08 (interval 1d, weekdays calendar)'],
      [7, 'Date', 'duplicate-time', 'dropped-row', '2024-01-08 appears again (first on line 6)'],
      [8, 'Date', 'unparsable-time', 'dropped-row', '"Jan 9" is not a timestamp in the format iso-8601'],
      [9, 'Date', 'gap', 'none', '1 row missing between 2024-01-08 and 2024-01-10 (interval 1d, weekdays calendar)'],
    ])
    expect(universe.map((m) => [m.symbol, Array.from(m.series.close)])).toEqual([
      ['IBM', [100, 102, 104, 107]],
      ['AAPL', [50, 51, 56]],
    ])
    expect(report.symbols.map((s) => [s.symbol, s.values, s.problems, s.gaps.count])).toEqual([
      ['IBM', 4, 1, 0],
      ['AAPL', 3, 2, 0],
    ])
    // Dropped cells make no gap of their symbol (it was quoted that day). The dates of the rows
    // dropped whole, 5 and 9 January, are missing from the file: gaps of the file, once each.
    expect(report.gaps).toMatchObject({ count: 2, missingBars: 2 })
    expect(report.issueCounts).toEqual({
      'unparsable-number': 1,
      'negative-price': 1,
      'wrong-field-count': 1,
      'non-finite-price': 1,
      'duplicate-time': 1,
      'unparsable-time': 1,
      gap: 2,
    })
  })

  it('moves a row that is out of order into place under repair, and fails under strict', async () => {
    const path = file('Date,A,B\n2024-01-02,1,2\n2024-01-04,3,4\n2024-01-03,5,6\n2024-01-05,7,8\n')
    expect(await failure(readUniverseCsv(path))).toEqual({
      code: 'DATA_TIME_ORDER',
      message: `${path}:4: Date: 2024-01-03 is out of order: it follows 2024-01-04 (line 3) in a file in ascending order`,
    })
    const { universe, report } = await readUniverseCsv(path, { policy: 'repair' })
    expect(Array.from(universe[0]!.series.close)).toEqual([1, 5, 3, 7])
    expect(report.issues.map((i) => [i.line, i.code, i.action])).toEqual([[4, 'out-of-order', 'reordered']])
  })

  it('reports a run of empty cells once, from its first line, and not on days the calendar is closed', async () => {
    // 2024-03-29 is Good Friday: on nyse the B cell there is not missing, on weekdays it is.
    const path = file(
      ['Date,A,B', '2024-03-26,1,1', '2024-03-27,2,', '2024-03-28,3,', '2024-03-29,4,', '2024-04-01,5,5'].join('\n'),
    )
    const nyse = await validateUniverseCsv(path, { calendar: 'nyse' })
    expect(nyse.symbols[1]!.gaps).toEqual({ count: 1, missingBars: 2, largestMs: 6 * DAY })
    expect(nyse.issues.map((i) => [i.line, i.field, i.message])).toEqual([
      [3, 'B', '2 empty cells from 2024-03-27 to 2024-03-28 between values on 2024-03-26 and 2024-04-01 (nyse calendar)'],
    ])
    const weekdays = await validateUniverseCsv(path, { calendar: 'weekdays' })
    expect(weekdays.symbols[1]!.gaps.missingBars).toBe(3)
  })

  it('reads a descending file into ascending series, with gap lines from the file', async () => {
    const path = file('Date,A,B\n2024-01-05,5,50\n2024-01-04,4,\n2024-01-03,3,30\n2024-01-02,2,20\n')
    const { universe, report } = await readUniverseCsv(path)
    expect(report.order).toBe('descending')
    expect(universe.map((m) => Array.from(m.series.close))).toEqual([
      [2, 3, 4, 5],
      [20, 30, 50],
    ])
    expect(report.issues.map((i) => [i.line, i.field])).toEqual([[3, 'B']])
  })

  it('reads semicolons with decimal commas, quoted names and a BOM', async () => {
    const path = file('\uFEFF"Datum";"Siemens AG";"SAP"\r\n02.01.2024;167,5;139,12\r\n03.01.2024;;140,2\r\n04.01.2024;170,25;141\r\n')
    const { universe, report } = await readUniverseCsv(path)
    expect(report).toMatchObject({ delimiter: ';', decimalSeparator: ',', timeFormat: 'DD.MM.YYYY', timeColumn: 'Datum' })
    expect(universe.map((m) => [m.symbol, Array.from(m.series.close)])).toEqual([
      ['Siemens AG', [167.5, 170.25]],
      ['SAP', [139.12, 140.2, 141]],
    ])
  })

  it('keeps line numbers right across a quoted line end, and reports a quote left open at the end', async () => {
    const path = file('Date,A,B\n2024-01-02,1,"2"\n2024-01-03,"x\ny",3\n2024-01-04,4,5\n2024-01-05,6,"7\n')
    const { universe, report } = await readUniverseCsv(path, { policy: 'repair', chunkBytes: 5 })
    expect(report.issues.map((i) => [i.line, i.field ?? '-', i.code, i.message])).toEqual([
      [3, 'A', 'unparsable-number', '"x\\ny" is not a number'],
      [6, '-', 'unterminated-quote', 'a quoted field is not closed before the end of the file'],
    ])
    expect(universe.map((m) => Array.from(m.series.close))).toEqual([
      [1, 4],
      [2, 3, 5],
    ])
  })

  it('keeps every cell as the table grows past its first allocation', async () => {
    const rows = Array.from({ length: 1000 }, (_, k) => {
      const t = new Date(Date.UTC(2020, 0, 1) + k * DAY).toISOString().slice(0, 10)
      return `${t},${k},${k % 7 === 0 ? '' : 2 * k},${1000 - k}`
    })
    const { universe, report } = await readUniverseCsv(file(['Date,A,B,C', ...rows].join('\n')), { calendar: 'continuous' })
    expect(report.rowsAccepted).toBe(1000)
    expect(Array.from(universe[0]!.series.close)).toEqual(Array.from({ length: 1000 }, (_, k) => k))
    expect(universe[1]!.series.length).toBe(1000 - 143)
    expect(universe[1]!.series.close[856]).toBe(2 * 999)
    expect(universe[2]!.series.close[999]).toBe(1)
    expect(report.symbols[1]!.gaps).toMatchObject({ count: 142, missingBars: 142 })
  })

  it('drops a row whose time cell is empty', async () => {
    const { report } = await readUniverseCsv(file('Date,A\n2024-01-02,1\n ,2\n2024-01-03,3\n'), { policy: 'repair' })
    expect(report.issues.map((i) => [i.line, i.field, i.code, i.message])).toEqual([[3, 'Date', 'missing-value', 'time has no value (" ")']])
  })

  it('refuses a file without a header, and two columns with the same symbol', async () => {
    const headless = file('2024-01-02,1,2\n2024-01-03,1,2\n')
    expect(await failure(readUniverseCsv(headless))).toEqual({
      code: 'DATA_CSV_HEADER',
      message: `${headless}:1: a wide file needs a header naming the time column and one symbol per column, e.g. Date,IBM,AAPL`,
    })
    const twice = file('Date,IBM,AAPL,ibm\n2024-01-02,1,2,3\n')
    expect(await failure(readUniverseCsv(twice))).toEqual({
      code: 'DATA_CSV_HEADER',
      message: `${twice}:1: columns 2 and 4 are both named ibm: each symbol needs its own column`,
    })
  })

  it('takes the time column it is told, by name or number', async () => {
    const path = file('IBM,When,AAPL\n1,2024-01-02,2\n3,2024-01-03,4\n')
    const byName = await readUniverseCsv(path, { timeColumn: 'when' })
    expect(byName.universe.map((m) => [m.symbol, Array.from(m.series.close)])).toEqual([
      ['IBM', [1, 3]],
      ['AAPL', [2, 4]],
    ])
    expect((await readUniverseCsv(path, { timeColumn: '2' })).report.timeColumn).toBe('When')
    expect((await failure(readUniverseCsv(path, { timeColumn: 'Date' }))).message).toBe(
      `${path}: time column "Date" is not in the file: the header is IBM, When, AAPL`,
    )
  })

  it('refuses a file with no usable row, even under repair', async () => {
    const path = file('Date,A\nnope,1\n')
    expect(await failure(readUniverseCsv(path, { policy: 'repair', dateFormat: 'YYYY-MM-DD' }))).toEqual({
      code: 'DATA_EMPTY',
      message: `${path}: no usable rows: 1 read, none accepted (unparsable-time 1)`,
    })
  })
})

describe('isWideCsv', () => {
  it('tells wide files from bar files and long files', async () => {
    const cases: [string, boolean][] = [
      ['Date,IBM,AAPL\n2024-01-02,1,2\n2024-01-03,,3\n', true],
      ['Date,C,V,O,L\n2024-01-02,1,2,3,4\n', true], // tickers, not bar fields
      ['Date,Close\n2024-01-02,1\n', true], // one close-only series
      ['Date,Open,High,Low,Close\n2024-01-02,1,2,0.5,1.5\n', false],
      ['t,o,h,l,c,v\n2024-01-02,1,2,0.5,1.5,9\n', false],
      ['Date,Open,Hi,Lo,Close\n2024-01-02,1,2,0.5,1.5\n', false], // a bar file with unusual names
      ['Date,Price,Volume\n2024-01-02,1,100\n', false],
      ['Date,Symbol,Close\n2024-01-02,IBM,1\n2024-01-02,AAPL,2\n', false], // long format
      ['IBM,AAPL\n1704153600000,2\n1704240000000,3\n', false], // numbers first: prices, not epochs
      ['timestamp,BTC,ETH\n1704153600000,42000,2300\n1704240000000,42100,2310\n', true],
      ['2024-01-02,1,2\n', false],
    ]
    for (const [text, wide] of cases) expect(await isWideCsv(file(text)), text.split('\n')[0]).toBe(wide)
    expect(await isWideCsv(FIXTURE)).toBe(true)
    expect(await isWideCsv('data/sp500-2000.csv')).toBe(false)
    expect(await isWideCsv(join(work, 'missing.csv'))).toBe(false)
    expect(await isWideCsv(work), 'a directory').toBe(false)
    const fifo = join(work, 'pipe.csv')
    if (spawnSync('mkfifo', [fifo]).status === 0) expect(await isWideCsv(fifo), 'a FIFO, without waiting for a writer').toBe(false)
  })
})

describe('reading is independent of how the file is cut and what it holds', () => {
  it('gives the same report and series whatever the chunk size', async () => {
    const whole = await readUniverseCsv(FIXTURE)
    for (const chunkBytes of [1, 7, 64, 1000]) {
      const cut = await readUniverseCsv(FIXTURE, { chunkBytes })
      expect(cut.report, `${chunkBytes}`).toEqual(whole.report)
      expect(cut.universe.map((m) => Array.from(m.series.close))).toEqual(whole.universe.map((m) => Array.from(m.series.close)))
    }
  })

  it('gives each symbol exactly its non-empty cells, and one gap per run of empty cells inside its span', async () => {
    const cellArb: fc.Arbitrary<number | null> = fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 100_000 }).map((n) => n / 100))
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }).chain((symbols) =>
          fc.array(fc.array(cellArb, { minLength: symbols, maxLength: symbols }), { minLength: 2, maxLength: 40 }),
        ),
        fc.integer({ min: 1, max: 97 }),
        async (table, chunkBytes) => {
          const symbols = table[0]!.map((_, j) => `S${j}`)
          // Consecutive calendar days, so every day trades on the continuous calendar.
          const rows = table.map((cells, k) => [new Date(Date.UTC(2024, 0, 1 + k)).toISOString().slice(0, 10), ...cells.map((c) => (c === null ? '' : String(c)))].join(','))
          const path = file([['Date', ...symbols].join(','), ...rows].join('\n'))
          const { universe, report } = await readUniverseCsv(path, { calendar: 'continuous', chunkBytes })
          symbols.forEach((_, j) => {
            const column = table.map((cells) => cells[j] ?? null)
            const present = column.flatMap((c) => (c === null ? [] : [c]))
            expect(Array.from(universe[j]!.series.close)).toEqual(present)
            const first = column.findIndex((c) => c !== null)
            const last = column.length - 1 - [...column].reverse().findIndex((c) => c !== null)
            let runs = 0
            for (let k = first + 1; first >= 0 && k <= last; k++) if (column[k] === null && column[k - 1] !== null) runs++
            expect(report.symbols[j]!.gaps.count).toBe(runs)
            expect(report.symbols[j]!.gaps.missingBars).toBe(first < 0 ? 0 : column.slice(first, last + 1).filter((c) => c === null).length)
          })
        },
      ),
      { numRuns: 60 },
    )
  })
})
