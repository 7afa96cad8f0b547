import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MS_PER_DAY, type UnixMillis } from '../../domain/time.ts'
import { computeMetrics } from '../metrics/metrics.ts'
import type { BacktestResult } from '../result.ts'
import {
  FIXTURE_START,
  closedTrade,
  resultFromEquity,
  twoInstrumentResult,
} from '../testing/result-fixtures.ts'
import { chartLibrarySource } from './chart-library.ts'
import { reportChartData } from './chart-data.ts'
import { monthlyReturns, yearRows } from './monthly-returns.ts'
import { renderReport } from './render.ts'

function render(result: BacktestResult): string {
  return renderReport(result, computeMetrics(result))
}

function embeddedData(html: string): unknown {
  const match = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)
  if (match === null) throw new Error('no report-data element in the report')
  return JSON.parse(match[1]!)
}

describe('monthlyReturns', () => {
  it('chains each month’s last equity from the initial capital', () => {
    const at = (month: number, day: number): UnixMillis => Date.UTC(2025, month, day) as UnixMillis
    const times = [at(0, 30), at(0, 31), at(1, 3), at(1, 28), at(2, 3)]
    const result = resultFromEquity([104, 110, 100, 99, 108.9], { times, initialCapital: 100 })
    const months = monthlyReturns(result.equity, 100)
    // January 110 / 100, February 99 / 110, March 108.9 / 99.
    expect(months.map((month) => [month.year, month.month])).toEqual([
      [2025, 1],
      [2025, 2],
      [2025, 3],
    ])
    expect(months[0]!.return).toBeCloseTo(0.1, 12)
    expect(months[1]!.return).toBeCloseTo(-0.1, 12)
    expect(months[2]!.return).toBeCloseTo(0.1, 12)
    const [year] = yearRows(months)
    expect(year!.months.slice(3)).toEqual(Array.from({ length: 9 }, () => null))
    expect(year!.yearReturn).toBeCloseTo(1.1 * 0.9 * 1.1 - 1, 12)
  })
})

describe('monthlyReturns compounding', () => {
  it('compounds its months to the run’s total return', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 50, max: 200, noNaN: true }), { minLength: 1, maxLength: 120 }),
        fc.integer({ min: 1, max: 20 }),
        (values, stepDays) => {
          const times = values.map((_, i) => FIXTURE_START + i * stepDays * MS_PER_DAY)
          const result = resultFromEquity(values, { times, initialCapital: 100 })
          const growth = monthlyReturns(result.equity, 100).reduce(
            (product, month) => product * (1 + month.return),
            1,
          )
          expect(growth).toBeCloseTo(values[values.length - 1]! / 100, 9)
        },
      ),
    )
  })
})

describe('reportChartData', () => {
  it('puts markers on the first equity time at or after the fill and leaves out prices before the first bar', () => {
    // Equity every other calendar day; the trade enters on day 1 and exits on day 4.
    const times = [0, 2, 4, 6].map((day) => FIXTURE_START + day * MS_PER_DAY)
    const trade = closedTrade(5, FIXTURE_START + MS_PER_DAY, FIXTURE_START + 4 * MS_PER_DAY)
    const base = resultFromEquity([100, 101, 102, 103], { times, trades: [trade] })
    const result: BacktestResult = { ...base, closes: { AAA: [Number.NaN, 10, 11, 12] } }
    const [chart] = reportChartData(result).instruments
    const seconds = (day: number): number => (FIXTURE_START + day * MS_PER_DAY) / 1000
    expect(chart!.prices).toEqual([
      { time: seconds(2), value: 10 },
      { time: seconds(4), value: 11 },
      { time: seconds(6), value: 12 },
    ])
    expect(chart!.markers.map((marker) => [marker.time, marker.shape])).toEqual([
      [seconds(2), 'arrowUp'],
      [seconds(4), 'circle'],
    ])
  })

  it('thins long series and keeps each trade marker on a drawn price', () => {
    const result = twoInstrumentResult()
    const data = reportChartData(result, 40)
    expect(data.points).toBe(300)
    // The benchmark always moves: every bucket keeps two points. The equity is flat while out of
    // the market, and a flat bucket keeps one.
    expect(data.benchmark).toHaveLength(40)
    expect(data.equity.length).toBeLessThanOrEqual(40)
    for (const instrument of data.instruments) {
      const drawn = new Set(instrument.prices.map((point) => point.time))
      expect(instrument.prices.length).toBeLessThanOrEqual(40)
      expect(instrument.markers.every((marker) => drawn.has(marker.time))).toBe(true)
    }
    expect(data.instruments.map((instrument) => instrument.markers.length)).toEqual([7, 6])
  })

  it('draws the drawdown in percent below zero', () => {
    const data = reportChartData(resultFromEquity([100, 120, 90, 120]))
    expect(data.drawdown.map((point) => point.value)).toEqual([0, 0, -25, 0])
  })
})

describe('renderReport', () => {
  const result = twoInstrumentResult()
  const html = render(result)
  const library = chartLibrarySource()

  it('inlines the chart library and references nothing outside the file', () => {
    expect(html).toContain(library.slice(0, 2000))
    const page = html.replace(library, '')
    expect(page).not.toMatch(/https?:\/\//)
    expect(page).not.toMatch(/<(script|link|img|iframe)\b[^>]*\b(src|href)=/i)
  })

  it('holds in the library only a licence link, the SVG namespace and the attribution link it is told not to draw', () => {
    // The library's own addresses: the licence in its header comment, the namespace of the SVG
    // it builds (an identifier, never fetched), and the logo link, off with attributionLogo: false.
    const addresses = new Set(library.match(/https?:\/\/[^\s"'`)]+/g))
    expect([...addresses].map((address) => new URL(address).host).sort()).toEqual([
      'www.apache.org',
      'www.tradingview.com',
      'www.w3.org',
    ])
    expect(library.startsWith('/*!')).toBe(true)
    expect(library.indexOf('https://www.apache.org')).toBeLessThan(library.indexOf('*/'))
    expect(html).toContain('attributionLogo: false')
  })

  it('embeds every equity point, benchmark point and price for the charts', () => {
    const data = embeddedData(html) as {
      equity: unknown[]
      benchmark: unknown[]
      instruments: { prices: unknown[]; markers: unknown[] }[]
    }
    expect(data.equity).toHaveLength(300)
    expect(data.benchmark).toHaveLength(300)
    expect(data.instruments.map((instrument) => instrument.prices.length)).toEqual([300, 300])
    // AAA: 4 entries and 3 exits; BBB: 3 entries and 3 exits.
    expect(data.instruments.map((instrument) => instrument.markers.length)).toEqual([7, 6])
  })

  it('renders the same run to the same bytes', () => {
    expect(render(twoInstrumentResult())).toBe(html)
  })

  it('keeps names that look like markup as text', () => {
    const hostile = '</script><script>alert(1)</script>'
    const base = twoInstrumentResult(40)
    const renamed: BacktestResult = {
      ...base,
      strategy: { name: '<b>bold</b>', params: {} },
      closes: { [hostile]: base.closes['AAA.XNAS']! },
    }
    const page = render(renamed)
    expect(page.match(/<\/script>/g), 'report data, library and page script close once each').toHaveLength(3)
    expect(page).toContain('<h1>&lt;b&gt;bold&lt;/b&gt;</h1>')
    const data = embeddedData(page) as { instruments: { instrumentId: string }[] }
    expect(data.instruments[0]!.instrumentId).toBe(hostile)
  })

  it('shows the figures of the metrics table as computed', () => {
    const page = render(resultFromEquity([100, 110, 99, 121], { initialCapital: 100 }))
    expect(page).toContain('<tr><th scope="row">Total return</th><td>21.00%</td><td>21.00%</td></tr>')
    expect(page).toContain('<tr><th scope="row">Max drawdown</th><td>10.00%</td><td>10.00%</td></tr>')
    expect(page).toContain(
      '<tr><th scope="row">Periods per year</th><td>252.0 (252 trading days a year)</td><td></td></tr>',
    )
    expect(page).toContain('<tr><th scope="row">Win rate</th><td>—</td><td></td></tr>')
  })

  it('lists each trade, an open one as open', () => {
    const open = { ...closedTrade(-12.5, Date.UTC(2025, 0, 6)), exitTime: null }
    const page = render(resultFromEquity([100, 101], { trades: [closedTrade(30), open] }))
    expect(page).toContain(
      '<tr><th scope="row">AAA</th><td>long</td><td>2025-01-02</td><td>2025-01-03</td><td>100.0000</td><td>130.0000</td><td>1</td><td>30.00</td><td>30.00%</td><td>1</td></tr>',
    )
    expect(page).toContain(
      '<tr><th scope="row">AAA</th><td>long</td><td>2025-01-06</td><td>open</td><td>100.0000</td><td>87.5000</td><td>1</td><td>-12.50</td><td>-12.50%</td><td>1</td></tr>',
    )
    expect(page).not.toContain('more in trades.json')
  })

  it('shows the first thousand trades and points to trades.json for the rest', () => {
    const trades = Array.from({ length: 1001 }, (_, i) => closedTrade(i))
    const page = render(resultFromEquity([100, 101], { trades }))
    expect(page.match(/<td>long<\/td>/g)).toHaveLength(1000)
    expect(page).toContain('The first 1,000 trades are shown; 1 more in trades.json.')
  })

  it('renders a run without a single point', () => {
    const page = render(resultFromEquity([], { initialCapital: 100 }))
    expect(embeddedData(page)).toEqual({
      equity: [],
      benchmark: [],
      drawdown: [],
      instruments: [],
      intraday: false,
      points: 0,
    })
    expect(page).toContain('<section id="monthly">')
  })

  it('has the sections a reader looks for', () => {
    for (const id of [
      'equity',
      'drawdown',
      'prices',
      'monthly',
      'metrics',
      'frictions',
      'trades',
      'config',
    ]) {
      expect(html).toContain(`<section id="${id}">`)
    }
    expect(html.match(/class="chart[^"]*" id="chart-[^"]+"/g)).toHaveLength(4)
  })
})
