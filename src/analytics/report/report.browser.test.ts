/**
 * Opens an analytics report (transaction costs, attribution and risk on one page) in Debian's
 * Chromium, offline from a file:// URL: the page runs without an error, loads nothing but itself,
 * and every chart holds the points of its series. Without Chromium at /usr/bin/chromium this
 * fails rather than skips (`apt-get install chromium`; .ci/run installs it).
 */
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type Browser, type Page, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { twoInstrumentResult } from '../../backtest/testing/result-fixtures.ts'
import { runAttribution, runRisk, runTransactionCosts } from '../run-analysis.ts'
import { attributionSection, renderAnalyticsReport, riskSection, tcaSection } from './render.ts'

const CHROMIUM = '/usr/bin/chromium'
const READY = 'window.__analytics !== undefined && window.__analytics.ready === true'

describe('the analytics report in Chromium', () => {
  const result = twoInstrumentResult()
  const sections = [
    tcaSection(runTransactionCosts(result)),
    attributionSection(result, runAttribution(result)),
    riskSection(result, runRisk(result)),
  ]
  let scratch: string
  let browser: Browser | undefined
  let page: Page
  let path: string
  const errors: string[] = []
  const requests: string[] = []

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium is not installed at ${CHROMIUM}: apt-get install chromium`)
    scratch = await mkdtemp(join(tmpdir(), 'tradepulse-analytics-report-'))
    path = join(scratch, 'analytics.html')
    await writeFile(path, renderAnalyticsReport(result, sections))
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
    // Launching Chromium on a loaded machine can take longer than vitest's 10 s hook default.
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await rm(scratch, { recursive: true, force: true })
  })

  it('runs without an error and loads nothing but itself', () => {
    expect(errors).toEqual([])
    expect(requests).toEqual([pathToFileURL(path).href])
  })

  it('draws a canvas in every chart', async () => {
    const canvases = await page.evaluate<[string, boolean][]>(
      `[...document.querySelectorAll('.chart')].map((chart) => [chart.id, chart.querySelectorAll('canvas').length > 0])`,
    )
    expect(canvases).toEqual([
      ['chart-tca', true],
      ['chart-attribution', true],
      ['chart-risk', true],
    ])
  })

  it('holds every point of each series', async () => {
    const lengths = await page.evaluate<Record<string, number>>('window.__analytics.seriesLengths')
    // 13 fills on 13 distinct days; 6 closed trades on 6 exit days; 300 equity points.
    expect(lengths).toEqual({ 'chart-tca': 13, 'chart-attribution': 6, 'chart-risk': result.equity.length })
    expect(sections.map((s) => s.chart.points.length)).toEqual([13, 6, 300])
  })
})
