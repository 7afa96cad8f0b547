/**
 * What the dashboard's browser tests stand on: the dashboard built by Vite into a temp folder, a
 * real `tradepulse serve` on loopback over a temp data dir serving it, keys made with the real
 * `tradepulse keys create`, Debian's Chromium driven by playwright-core (no browser download),
 * axe-core run in the page, and every console error and uncaught exception collected so a test
 * can demand there were none — a Content-Security-Policy violation is a console error.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { AxeBuilder } from '@axe-core/playwright'
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core'
import { build } from 'vite'

export const CHROMIUM = '/usr/bin/chromium'
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const BIN = join(ROOT, 'src/cli/bin.ts')

/** Git-ignored: the screenshots of every page at both widths, kept as test artefacts. */
export const ARTEFACTS = join(ROOT, 'reports/dashboard')

export const WIDTHS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const

/** Builds web/ with the project's Vite configuration into `outDir`. */
export async function buildDashboard(outDir: string): Promise<void> {
  await build({
    configFile: join(ROOT, 'vite.web.config.ts'),
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true, sourcemap: false },
  })
}

export interface Server {
  readonly url: string
  readonly dataDir: string
  /** A new key with these scopes, from `tradepulse keys create`. */
  key(scopes: string): string
  stop(): Promise<void>
}

export async function startServer(webDir: string): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tradepulse-dashboard-'))
  const env = { ...process.env, DATABASE_URL: '', TRADEPULSE_LOG_LEVEL: 'silent', TRADEPULSE_WEB_DIR: webDir }
  // A small sweep where the service's research API looks for them, for the Research page.
  execFileSync(
    process.execPath,
    [
      BIN,
      'sweep',
      '--strategy',
      'ma-crossover',
      '--data',
      join(ROOT, 'data/sp500-2000.csv'),
      '--param',
      'fast=5:20:5',
      '--param',
      'slow=30:50:10',
      '--param',
      'average=sma',
      '--out',
      join(dataDir, 'sweeps'),
      '--json',
    ],
    { env, stdio: 'ignore' },
  )
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8')
      const match = /serving (http:\/\/[^\s/]+)/.exec(output)
      if (match !== null) resolve(match[1]!)
    })
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
    child.once('exit', (code) => {
      reject(new Error(`serve exited with ${String(code)}: ${output}`))
    })
  })
  return {
    url,
    dataDir,
    key: (scopes) =>
      execFileSync(
        process.execPath,
        [
          BIN,
          'keys',
          'create',
          '--name',
          `e2e ${scopes}`,
          '--scopes',
          scopes,
          '--key-only',
          '--data-dir',
          dataDir,
        ],
        { encoding: 'utf8', env },
      ).trim(),
    stop: async () => {
      child.kill('SIGTERM')
      await exited
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

const MISSING_CHROMIUM = `Chromium is not installed at ${CHROMIUM}: run \`make services\` (apt-get install chromium, as root)`

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(MISSING_CHROMIUM)
  // Tests run as root in CI containers, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] })
}

/** A page that records every console error and uncaught exception into `errors`. */
export async function watchedPage(context: BrowserContext, errors: string[]): Promise<Page> {
  const page = await context.newPage()
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${page.url()})`)
  })
  page.on('pageerror', (error) => errors.push(`page: ${error.message} (${page.url()})`))
  return page
}

export interface Violation {
  readonly id: string
  readonly impact: string
  readonly help: string
  readonly targets: readonly string[]
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A and AA rules). */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }))
}

export function artefactsDir(): string {
  mkdirSync(ARTEFACTS, { recursive: true })
  return ARTEFACTS
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix))
  return {
    path,
    remove: () => {
      rmSync(path, { recursive: true, force: true })
    },
  }
}
