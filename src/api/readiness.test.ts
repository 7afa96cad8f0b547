import { appendFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { JOURNAL_FILE } from './trading-desk.ts'
import { type TestService, openTestService } from './testing/test-service.ts'

/**
 * What /readyz tells an operator beyond "the database answers": market data gone stale, and a
 * torn journal tail dropped at start. GameDay (docs/gameday/) detects both faults through these.
 */
const dir = mkdtempSync(join(tmpdir(), 'tradepulse-readiness-'))
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

interface Readiness {
  status: string
  checks: Record<string, { status: string; detail: string }>
}

async function readiness(service: TestService): Promise<{ code: number; body: Readiness }> {
  const response = await service.server.app.inject({ method: 'GET', url: '/readyz' })
  return { code: response.statusCode, body: response.json<Readiness>() }
}

async function quote(service: TestService): Promise<void> {
  const response = await service.server.app.inject({
    method: 'POST',
    url: '/api/v1/market/quotes',
    headers: { ...(await service.auth('trade')), 'content-type': 'application/json' },
    payload: JSON.stringify({ instrumentId: 'SPY.PAPER', bid: '100.00', ask: '100.02' }),
  })
  expect(response.statusCode).toBe(202)
}

describe('readiness', () => {
  it('fails on market data older than marketDataStaleAfterMs and is ready again on the next quote', async () => {
    const service = await openTestService({ marketDataStaleAfterMs: 100 }, join(dir, 'stale'))
    try {
      const before = await readiness(service)
      expect(before.body.checks.marketData, 'no instrument quoted yet is not stale').toEqual({
        status: 'ok',
        detail: '0 instruments quoted, none older than 100 ms',
      })
      await quote(service)
      expect((await readiness(service)).code).toBe(200)
      await new Promise((resolve) => setTimeout(resolve, 300))
      const stale = await readiness(service)
      expect(stale.code).toBe(503)
      expect(stale.body.status).toBe('not-ready')
      expect(stale.body.checks.marketData?.status).toBe('failing')
      expect(stale.body.checks.marketData?.detail).toMatch(/^stale over 100 ms: SPY\.PAPER \d+\.\d s old$/)
      await quote(service)
      const fresh = await readiness(service)
      expect(fresh.code).toBe(200)
      expect(fresh.body.checks.marketData?.detail).toBe('1 instrument quoted, none older than 100 ms')
    } finally {
      await service.dispose()
    }
  })

  it('reports the torn journal tail it dropped at start, with the records it recovered', async () => {
    const data = join(dir, 'torn')
    const first = await openTestService({}, data)
    const trade = { ...(await first.auth('trade')), 'content-type': 'application/json' }
    const placed = await first.server.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { ...trade, 'idempotency-key': 'torn-1' },
      payload: JSON.stringify({ instrumentId: 'SPY.PAPER', side: 'buy', type: 'market', quantity: '1' }),
    })
    expect(placed.statusCode).toBe(201)
    const clean = await readiness(first)
    expect(clean.body.checks.journal?.detail).toMatch(/; recovered 0 records at start$/)
    await first.dispose()
    // Half a record, as a crash in the middle of a write leaves it.
    const torn = '{"seq":99,"type":"ord'
    appendFileSync(join(data, JOURNAL_FILE), torn)
    const second = await openTestService({}, data)
    try {
      const after = await readiness(second)
      expect(after.code).toBe(200)
      expect(after.body.checks.journal?.detail).toMatch(
        new RegExp(`recovered \\d+ records at start, dropped a torn tail of ${torn.length} bytes$`),
      )
    } finally {
      await second.dispose()
    }
  })
})
