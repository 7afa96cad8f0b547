/**
 * Opens a written report.html in a real Chromium, offline from a file:// URL, and checks that the
 * page runs without an error, draws its charts and that the charts hold the run's data. Chromium
 * is Debian's (`apt-get install chromium`, which .ci/run does in CI); without it these tests fail
 * rather than skip, so a missing browser cannot pass for a working report.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type Browser, type Page, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { computeMetrics } from '../metrics/metrics.ts'
import { writeRun } from '../run-store/write-run.ts'
import { resultFromEquity, twoInstrumentResult } from '../testing/result-fixtures.ts'

const CHROMIUM = '/usr/bin/chromium'

interface Point {
  readonly time: number
  readonly value: number
}

// Page code is passed as source text: it runs in the browser, and the project's types are Node's, not the DOM's.
const READY = 'window.__report !== undefined && window.__report.ready === true'

const MISSING_CHROMIUM = `Chromium is not installed at ${CHROMIUM}: run \`apt-get install chromium\` (as root) to run the report's browser tests`

async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(MISSING_CHROMIUM)
  // Tests run as root in CI containers, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] })
}

describe('Chromium for the report tests', () => {
  it('is installed', () => {
    expect(existsSync(CHROMIUM), MISSING_CHROMIUM).toBe(true)
  })
})

describe('report.html in Chromium', () => {
  const result = twoInstrumentResult()
  let scratch: string
  let browser: Browser | undefined
  let page: Page
  let reportPath: string
  const errors: string[] = []
  const requests: string[] = []

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'tradepulse-report-'))
    const info = await writeRun(result, computeMetrics(result), scratch)
    reportPath = join(info.path, 'report.html')
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`)
    })
    page.on('pageerror', (error) => errors.push(`page: ${error.message}`))
    page.on('request', (request) => requests.push(request.url()))
    await page.goto(pathToFileURL(reportPath).href)
    await page.waitForFunction(READY, undefined, { timeout: 20_000 })
  })

  afterAll(async () => {
    await browser?.close()
    await rm(scratch, { recursive: true, force: true })
  })

  it('runs without a console error or an uncaught exception', () => {
    expect(errors).toEqual([])
  })

  it('loads nothing but the file itself', () => {
    expect(requests).toEqual([pathToFileURL(reportPath).href])
  })

  it('draws a canvas in every chart', async () => {
    const canvases = await page.evaluate<[string, boolean][]>(
      `[...document.querySelectorAll('.chart')].map((chart) => [chart.id, chart.querySelectorAll('canvas').length > 0])`,
    )
    expect(canvases).toEqual([
      ['chart-equity', true],
      ['chart-drawdown', true],
      ['chart-price-0', true],
      ['chart-price-1', true],
    ])
  })

  it('holds every point of the run in its series and every trade as markers', async () => {
    const report = await page.evaluate<{
      lengths: Record<string, number>
      markers: Record<string, number>
      points: number
    }>(
      '({ lengths: window.__report.seriesLengths, markers: window.__report.markerCounts, points: window.__report.points })',
    )
    expect(report.lengths).toEqual({
      equity: result.equity.length,
      benchmark: result.benchmark.length,
      drawdown: result.equity.length,
      'close:AAA.XNAS': result.closes['AAA.XNAS']!.length,
      'close:BBB.XNYS': result.closes['BBB.XNYS']!.length,
    })
    expect(report.points).toBe(result.equity.length)
    // AAA: four entries and three exits (one trade open at the end); BBB: three of each.
    expect(report.markers).toEqual({ 'AAA.XNAS': 7, 'BBB.XNYS': 6 })
  })

  it('plots the run’s own values at the run’s times', async () => {
    const ends = await page.evaluate<{
      firstEquity: Point
      lastEquity: Point
      lastBenchmark: Point
    }>(`(() => {
      const equity = window.__report.series.equity.data()
      const benchmark = window.__report.series.benchmark.data()
      return { firstEquity: equity[0], lastEquity: equity[equity.length - 1], lastBenchmark: benchmark[benchmark.length - 1] }
    })()`)
    const last = result.equity.length - 1
    expect(ends).toEqual({
      firstEquity: { time: result.equity[0]!.time / 1000, value: result.equity[0]!.equity },
      lastEquity: { time: result.equity[last]!.time / 1000, value: result.equity[last]!.equity },
      lastBenchmark: { time: result.benchmark[last]!.time / 1000, value: result.benchmark[last]!.equity },
    })
  })

  it('opens a run of one point and no trades without an error', async () => {
    const single = resultFromEquity([100])
    const info = await writeRun(single, computeMetrics(single), join(scratch, 'single'))
    const singlePage = await browser!.newPage()
    const singleErrors: string[] = []
    singlePage.on('pageerror', (error) => singleErrors.push(error.message))
    singlePage.on('console', (message) => {
      if (message.type() === 'error') singleErrors.push(message.text())
    })
    await singlePage.goto(pathToFileURL(join(info.path, 'report.html')).href)
    await singlePage.waitForFunction(READY, undefined, { timeout: 20_000 })
    const lengths = await singlePage.evaluate<Record<string, number>>('window.__report.seriesLengths')
    await singlePage.close()
    expect(singleErrors).toEqual([])
    expect(lengths).toEqual({ equity: 1, benchmark: 1, drawdown: 1 })
  })

  it('takes a full-page screenshot', async () => {
    const path = join(scratch, 'report.png')
    await page.screenshot({ path, fullPage: true })
    const png = await readFile(path)
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    expect(png.readUInt32BE(16), 'image width').toBe(1280)
  })
})
