/**
 * Opens a sweep's report.html in a real Chromium, offline from a file:// URL, and checks that the
 * heat map's cells and the verdict render without an error. Chromium is Debian's, found as the
 * backtest report's browser test finds it; without it this test fails rather than skips.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { writeSweepReport } from './render.ts'
import { reportInput } from './testing/sweep-report-input.ts'

const CHROMIUM = '/usr/bin/chromium'

describe('a sweep report in Chromium', () => {
  let browser: Browser | undefined
  let scratch: string | undefined
  afterAll(async () => {
    await browser?.close()
    if (scratch !== undefined) await rm(scratch, { recursive: true, force: true })
  })

  it('renders the heat map cells and the verdict, with no console error or request', async () => {
    expect(existsSync(CHROMIUM), `Chromium is not installed at ${CHROMIUM}: apt-get install chromium`).toBe(
      true,
    )
    scratch = await mkdtemp(join(tmpdir(), 'tradepulse-sweep-report-'))
    const path = await writeSweepReport(scratch, reportInput())
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] })
    const page = await browser.newPage()
    const errors: string[] = []
    const requests: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    page.on('pageerror', (error) => errors.push(error.message))
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) requests.push(request.url())
    })
    await page.goto(pathToFileURL(path).href)
    const cells = page.locator('svg.heatmap rect.cell')
    expect(await cells.count()).toBe(12)
    const box = await cells.first().boundingBox()
    expect(box?.width, 'a cell is drawn with its size').toBeGreaterThan(20)
    expect(await cells.nth(2).getAttribute('data-value')).toBe('0.6')
    expect(await page.locator('p.verdict').innerText()).toMatch(/\w+/)
    expect(await page.locator('svg.logits rect.bar').count()).toBeGreaterThan(0)
    expect(errors).toEqual([])
    expect(requests).toEqual([])
  })
})
