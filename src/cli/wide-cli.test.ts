import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EXIT_OK, EXIT_USER_ERROR } from './main.ts'
import { runCaptured } from './testing/capture-io.ts'

// Five invented symbols over 60 NYSE trading days of 2024: CHARLIE lists on 1 February, ECHO's
// last close is on 8 March, DELTA has an empty cell on 14 February (line 32).
const WIDE = 'src/data/wide/fixtures/closes-listing-delisting.csv'

const work = mkdtempSync(join(tmpdir(), 'tradepulse-wide-cli-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})
function file(name: string, text: string): string {
  const path = join(work, name)
  writeFileSync(path, text)
  return path
}

const BROKEN = ['Date,IBM,AAPL', '2024-01-02,100,50', '2024-01-03,abc,51', '2024-01-04,102,52'].join('\n')

describe('tradepulse data validate on a wide file', () => {
  it('detects the wide file and reports per symbol: values, first and last date, gaps, problems', async () => {
    const run = await runCaptured(['data', 'validate', WIDE])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(EXIT_OK)
    const lines = run.stdout.split('\n')
    expect(lines[0]).toBe(`${WIDE}: wide file of 5 symbols, 60 rows read, 60 rows accepted`)
    expect(lines).toContain('  gaps of the file (nyse calendar): none')
    expect(lines).toContain('  symbol   values  first       last        gaps  missing  problems')
    expect(lines).toContain('  ACME         60  2024-01-02  2024-03-27     0        0         0')
    expect(lines).toContain(
      '  CHARLIE      39  2024-02-01  2024-03-27     0        0         0  listed later',
    )
    expect(lines).toContain('  DELTA        59  2024-01-02  2024-03-27     1        1         0')
    expect(lines).toContain('  ECHO         47  2024-01-02  2024-03-08     0        0         0  delisted')
    expect(lines).toContain(
      '  line 32: DELTA: 1 empty cell on 2024-02-14 between values on 2024-02-13 and 2024-02-15 (nyse calendar)',
    )
    expect(lines.at(-2)).toBe('OK: no problems found')
  })

  it('names the line and column of a cell that is not a number, and fails under strict', async () => {
    const run = await runCaptured(['data', 'validate', file('broken.csv', BROKEN)])
    expect(run.code).toBe(EXIT_USER_ERROR)
    expect(run.stdout).toContain('  line 3: IBM: "abc" is not a number [dropped-cell]')
    expect(run.stdout).toContain('  IBM          2  2024-01-02  2024-01-04     0        0         1')
    expect(run.stderr).toBe('error: 1 problem found; the strict policy rejects this file\n')
    const repair = await runCaptured([
      'data',
      'validate',
      file('broken-repair.csv', BROKEN),
      '--policy',
      'repair',
    ])
    expect(repair.code).toBe(EXIT_OK)
    expect(repair.stdout).toContain('OK under repair: 1 problem(s) fixed or dropped as listed')
  })

  it('prints the per-symbol report as JSON', async () => {
    const run = await runCaptured(['data', 'validate', WIDE, '--json'])
    const report = JSON.parse(run.stdout) as {
      ok: boolean
      wide: boolean
      calendar: string
      symbols: { symbol: string; values: number; listedLate: boolean; delistedEarly: boolean }[]
    }
    expect([report.ok, report.wide, report.calendar]).toEqual([true, true, 'nyse'])
    expect(report.symbols.map((s) => [s.symbol, s.values, s.listedLate, s.delistedEarly])).toEqual([
      ['ACME', 60, false, false],
      ['BRAVO', 60, false, false],
      ['CHARLIE', 39, true, false],
      ['DELTA', 59, false, false],
      ['ECHO', 47, false, true],
    ])
  })

  it('counts the holiday rows the file lacks as gaps of the file on --calendar weekdays', async () => {
    const run = await runCaptured(['data', 'validate', WIDE, '--calendar', 'weekdays'])
    expect(run.code).toBe(EXIT_OK)
    expect(run.stdout).toContain('  gaps of the file (weekdays calendar): 2, 2 missing rows, largest 4d')
  })

  it('reads a file as wide with --wide even when its tickers look like bar fields', async () => {
    const text = 'Date,O,H,L,C\n2024-01-02,1,2,3,4\n2024-01-03,1.5,2.5,,4.5\n2024-01-04,2,3,4,5\n'
    const bars = await runCaptured(['data', 'validate', file('ohlc.csv', text), '--json'])
    expect(JSON.parse(bars.stdout)).toMatchObject({ wide: false })
    const wide = await runCaptured(['data', 'validate', file('ohlc-wide.csv', text), '--wide', '--json'])
    const report = JSON.parse(wide.stdout) as { wide: boolean; symbols: { symbol: string }[] }
    expect([report.wide, report.symbols.map((s) => s.symbol)]).toEqual([true, ['O', 'H', 'L', 'C']])
  })

  it('refuses a --columns mapping of other roles than time with --wide', async () => {
    const run = await runCaptured(['data', 'validate', WIDE, '--wide', '--columns', 'close=ACME'])
    expect(run.code).toBe(EXIT_USER_ERROR)
    expect(run.stderr).toBe(
      'error: --columns: a wide file has a time column and symbols; only time=COLUMN applies, got close\n',
    )
  })
})

describe('an intraday wide file', () => {
  const text = [
    'Symbol count,BTC,ETH',
    '2024-01-06T10:00:00Z,42000,2300',
    '2024-01-06T11:00:00Z,42100,',
    '2024-01-06T12:00:00Z,42200,2310',
    '2024-01-06T14:00:00Z,42300,2320',
  ].join('\n')

  it('takes the time column from --columns time=… and prints full times, on the 24x7 calendar it infers', async () => {
    const path = file('hourly.csv', text)
    const run = await runCaptured(['data', 'validate', path, '--wide', '--columns', 'time=Symbol count'])
    expect(run.stderr).toBe('')
    const lines = run.stdout.split('\n')
    expect(lines).toContain('  gaps of the file (24x7 calendar): 1, 1 missing rows, largest 2h')
    expect(lines).toContain(
      '  ETH          3  2024-01-06T10:00:00.000Z  2024-01-06T14:00:00.000Z     1        1         0',
    )
    expect(lines).toContain(
      '  line 3: ETH: 1 empty cell on 2024-01-06T11:00:00.000Z between values on 2024-01-06T10:00:00.000Z and 2024-01-06T12:00:00.000Z (24x7 calendar)',
    )
    const info = JSON.parse(
      (await runCaptured(['data', 'info', path, '--wide', '--columns', 'time=1', '--json'])).stdout,
    ) as {
      interval: string
      first: string
    }
    expect([info.interval, info.first]).toEqual(['1h', '2024-01-06T10:00:00.000Z'])
  })
})

describe('tradepulse data info on a wide file', () => {
  it('summarises each symbol', async () => {
    const run = await runCaptured(['data', 'info', WIDE])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(EXIT_OK)
    const lines = run.stdout.split('\n')
    expect(lines[0]).toBe(`${WIDE}: wide file of 5 symbols, 60 rows of 1d, 2024-01-02 → 2024-03-27`)
    expect(lines).toContain('  gaps of the file (nyse calendar): none')
    expect(lines[3]).toMatch(
      /^ {2}symbol {3}values {2}first {7}last {8}gaps {2}last close {2}return {2}volatility {2}max drawdown$/,
    )
    expect(lines[6]).toMatch(
      /^ {2}CHARLIE {6}39 {2}2024-02-01 {2}2024-03-27 {5}0 {7}22\.00 {2}-4\.31% {2}\s*\d+\.\d\d% {2}\s*\d+\.\d\d% {2}listed later$/,
    )
  })

  it('prints the per-symbol summary as JSON', async () => {
    const run = await runCaptured(['data', 'info', WIDE, '--json'])
    const info = JSON.parse(run.stdout) as {
      wide: boolean
      rows: number
      symbols: {
        symbol: string
        values: number
        first: string
        last: string
        lastClose: number
        totalReturn: number
      }[]
    }
    expect([info.wide, info.rows]).toEqual([true, 60])
    const echo = info.symbols[4]!
    expect([echo.symbol, echo.values, echo.first, echo.last, echo.lastClose]).toEqual([
      'ECHO',
      47,
      '2024-01-02',
      '2024-03-08',
      12.84,
    ])
    expect(echo.totalReturn).toBeCloseTo(12.84 / 12.63 - 1, 12)
  })
})

describe('tradepulse analyze on a wide file', () => {
  it('computes Kuramoto across the symbols on every row, each symbol counting while it is listed', async () => {
    const run = await runCaptured(['analyze', WIDE, '--window', '20', '--json'])
    expect(run.stderr).toBe('')
    const result = JSON.parse(run.stdout) as {
      kuramoto: { assets: number; bars: number; assetsAtLatest: number; r: number | null }
      assets: { asset: string; bars: number; close: number }[]
    }
    expect(result.kuramoto).toMatchObject({ assets: 5, bars: 60, assetsAtLatest: 4 })
    expect(result.kuramoto.r).toBeGreaterThan(0)
    expect(result.kuramoto.r).toBeLessThanOrEqual(1)
    expect(result.assets.map((a) => [a.asset, a.bars, a.close])).toEqual([
      ['ACME', 60, 139.38],
      ['BRAVO', 60, 39.81],
      ['CHARLIE', 39, 22],
      ['DELTA', 59, 95.1],
      ['ECHO', 47, 12.84],
    ])
  })

  it('says so in the text output', async () => {
    const run = await runCaptured(['analyze', WIDE, '--window', '20', '--no-chart'])
    expect(run.code).toBe(EXIT_OK)
    expect(run.stdout.split('\n')[0]).toBe(`${WIDE}: 5 assets, window 20`)
    expect(run.stdout).toMatch(
      /Kuramoto R across 5 assets: \d\.\d{4} .* over 60 bars, 4 assets at the latest/,
    )
  })
})
