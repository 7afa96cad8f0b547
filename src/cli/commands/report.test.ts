import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { computeMetrics } from '../../backtest/metrics/metrics.ts'
import { writeRun } from '../../backtest/run-store/write-run.ts'
import { twoInstrumentResult } from '../../backtest/testing/result-fixtures.ts'
import { EXIT_OK, EXIT_USER_ERROR } from '../main.ts'
import { runCaptured } from '../testing/capture-io.ts'

const result = twoInstrumentResult()
let work: string
let run: string

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'tradepulse-report-cli-'))
  run = (await writeRun(result, computeMetrics(result), work)).path
})
afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

describe('tradepulse report', () => {
  it('prints the transaction costs of a run folder as tables, per dimension', async () => {
    const out = await runCaptured(['report', 'tca', run])
    expect(out.code, out.stderr).toBe(EXIT_OK)
    expect(out.stdout).toContain('Transaction costs by instrument')
    expect(out.stdout).toMatch(/^ {2}AAA\.XNAS\s+\d+/m)
    expect(out.stdout).toMatch(/^ {2}XNYS\s/m)
  })

  it('prints the attribution as JSON whose phase buckets add up to the total, in cents', async () => {
    const out = await runCaptured(['report', 'attribution', run, '--json'])
    expect(out.code, out.stderr).toBe(EXIT_OK)
    const json = JSON.parse(out.stdout) as { total: string; by: { phase: { pnl: string }[] } }
    const sum = json.by.phase.reduce((total, bucket) => total + BigInt(bucket.pnl), 0n)
    expect(sum).toBe(BigInt(json.total))
  })

  it('writes the risk report as a self-contained page', async () => {
    const html = join(work, 'risk.html')
    const out = await runCaptured(['report', 'risk', run, '--html', html])
    expect(out.code, out.stderr).toBe(EXIT_OK)
    expect(out.stdout).toContain('Value at risk and expected shortfall')
    expect(out.stdout).toContain('market −10%')
    const page = await readFile(html, 'utf8')
    expect(page).toContain('<div class="chart small" id="chart-risk"></div>')
    expect(page).not.toMatch(/<script[^>]+src=|<link /)
  })

  it('refuses an unknown kind and a folder that is not a run', async () => {
    const kind = await runCaptured(['report', 'costs', run])
    expect(kind.code).toBe(EXIT_USER_ERROR)
    expect(kind.stderr).toContain('must be one of tca, risk, attribution')
    const missing = await runCaptured(['report', 'tca', join(work, 'nothing')])
    expect(missing.code).toBe(EXIT_USER_ERROR)
    expect(missing.stderr).toContain('config.json')
  })
})
