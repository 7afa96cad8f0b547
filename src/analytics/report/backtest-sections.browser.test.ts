/**
 * A backtest's report.html with the transaction-cost and attribution sections, as
 * `tradepulse backtest` writes it, opened in Debian's Chromium offline: the page's own charts and
 * the two added ones are drawn, each with every point of its series, and nothing but the file is
 * loaded. Without Chromium at /usr/bin/chromium this fails rather than skips.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type Browser, type Page, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { computeMetrics } from '../../backtest/metrics/metrics.ts'
import { writeRun } from '../../backtest/run-store/write-run.ts'
import { twoInstrumentResult } from '../../backtest/testing/result-fixtures.ts'
import { analyticsReportExtension } from './backtest-sections.ts'

const CHROMIUM = '/usr/bin/chromium'
const READY =
  'window.__report !== undefined && window.__report.ready === true && window.__analytics !== undefined && window.__analytics.ready === true'

describe('the backtest report with analytics sections, in Chromium', () => {
  const result = twoInstrumentResult()
  let scratch: string
  let browser: Browser | undefined
  let page: Page
  let path: string
  const errors: string[] = []
  const requests: string[] = []

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install chromium`)
    scratch = await mkdtemp(join(tmpdir(), 'tradepulse-backtest-analytics-'))
    const run = await writeRun(result, computeMetrics(result), scratch, {
      reportExtensions: [analyticsReportExtension(result)],
    })
    path = join(run.path, 'report.html')
    // Tests run as root in CI containers, where Chromium's sandbox cannot start.
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] })
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`)
    })
    page.on('pageerror', (error) => errors.push(`page: ${error.message}`))
    page.on('request', (request) => requests.push(request.url()))
    await page.goto(pathToFileURL(path).href)
    await page.waitForFunction(READY, undefined, { timeout: 20_000 })
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await rm(scratch, { recursive: true, force: true })
  })

  it('runs without an error and loads nothing but itself', () => {
    expect(errors).toEqual([])
    expect(requests).toEqual([pathToFileURL(path).href])
  })

  it('places the two sections, tables and charts, after the frictions and before the trades', async () => {
    const html = await readFile(path, 'utf8')
    const at = (id: string): number => html.indexOf(`<section id="${id}">`)
    expect(at('tca')).toBeGreaterThan(at('frictions'))
    expect(at('attribution')).toBeGreaterThan(at('tca'))
    expect(at('trades')).toBeGreaterThan(at('attribution'))
    expect(html).toContain('Transaction costs by instrument')
    expect(html).toMatch(/<h3>[^<]*by market phase/i)
  })

  it('draws every chart, the added ones holding every point of their series', async () => {
    const canvases = await page.evaluate<[string, boolean][]>(
      `[...document.querySelectorAll('#tca .chart, #attribution .chart')].map((chart) => [chart.id, chart.querySelectorAll('canvas').length > 0])`,
    )
    expect(canvases).toEqual([
      ['chart-tca', true],
      ['chart-attribution', true],
    ])
    const lengths = await page.evaluate<Record<string, number>>('window.__analytics.seriesLengths')
    // 13 fills on 13 distinct days; 6 closed trades on 6 exit days (the analytics report's figures).
    expect(lengths).toEqual({ 'chart-tca': 13, 'chart-attribution': 6 })
  })
})
