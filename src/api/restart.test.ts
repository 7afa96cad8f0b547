import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

/**
 * The server killed with SIGKILL in the middle of order traffic, then started again on the same
 * data dir: every order it acknowledged is there with its fills, and every Idempotency-Key it
 * answered still names the same order.
 */
const BIN = new URL('../cli/bin.ts', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'tradepulse-restart-'))
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

function cli(...args: string[]): string {
  return cliIn(dir, ...args)
}

function cliIn(dataDir: string, ...args: string[]): string {
  return execFileSync(process.execPath, [BIN, ...args, '--data-dir', dataDir], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '' },
  })
}

type JournalKind = 'file' | 'store'

async function serve(
  dataDir: string,
  journal: JournalKind,
): Promise<{ child: ChildProcess; url: string; exited: Promise<unknown> }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir], {
    env: { ...process.env, DATABASE_URL: '', TRADEPULSE_LOG_LEVEL: 'silent', TRADEPULSE_JOURNAL: journal },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8')
      const match = /serving (http:\/\/[^\s/]+)/.exec(output)
      if (match !== null) resolve(match[1]!)
    })
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
    child.once('exit', (code) => {
      reject(new Error(`serve exited with ${String(code)}: ${output}`))
    })
  })
  return { child, url, exited }
}

interface Acknowledged {
  readonly key: string
  readonly body: Record<string, string>
  readonly orderId: string
}

describe('a server killed during order traffic', () => {
  it.each(['file', 'store'] as const)(
    'comes back with every acknowledged order and fill, and reuses no Idempotency-Key (%s journal)',
    async (journal) => {
      const dataDir = join(dir, journal)
      const key = (
        JSON.parse(cliIn(dataDir, 'keys', 'create', '--name', 'restart', '--scopes', 'trade', '--json')) as {
          key: string
        }
      ).key
      const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' }
      const first = await serve(dataDir, journal)
      const acknowledged: Acknowledged[] = []
      let acknowledgedFills = 0
      const traffic = { stop: false }
      const stopped = (): boolean => traffic.stop
      const failures: string[] = []
      const trader = async (lane: number): Promise<void> => {
        for (let i = 0; !stopped(); i++) {
          const idempotencyKey = `lane${lane}-${i}`
          const body = {
            instrumentId: 'SPY.PAPER',
            side: i % 2 === 0 ? 'buy' : 'sell',
            type: 'market',
            quantity: String(1 + (i % 5)),
          }
          try {
            const response = await fetch(`${first.url}/api/v1/orders`, {
              method: 'POST',
              headers: { ...headers, 'idempotency-key': idempotencyKey },
              body: JSON.stringify(body),
            })
            if (response.status === 201)
              acknowledged.push({
                key: idempotencyKey,
                body,
                orderId: ((await response.json()) as { orderId: string }).orderId,
              })
            const quote = await fetch(`${first.url}/api/v1/market/quotes`, {
              method: 'POST',
              headers,
              body: JSON.stringify({ instrumentId: 'SPY.PAPER', bid: '100.00', ask: '100.02' }),
            })
            if (quote.status === 202) acknowledgedFills += ((await quote.json()) as { fills: number }).fills
          } catch (error) {
            if (!stopped())
              failures.push(
                error instanceof Error ? `${error.message} ${String(error.cause)}` : String(error),
              )
            return // the server is gone
          }
        }
      }
      const lanes = [trader(0), trader(1), trader(2)]
      while (acknowledged.length < 60 && failures.length === 0)
        await new Promise((resolve) => setTimeout(resolve, 20))
      expect(failures).toEqual([])
      first.child.kill('SIGKILL')
      traffic.stop = true
      await Promise.all(lanes)
      await first.exited

      expect(
        existsSync(join(dataDir, journal === 'file' ? 'journal.jsonl' : 'journal.db')),
        `the ${journal} journal was written`,
      ).toBe(true)
      const second = await serve(dataDir, journal)
      try {
        const orders = new Map<string, { status: string }>()
        for (let cursor: string | undefined; ;) {
          const page = (await (
            await fetch(
              `${second.url}/api/v1/orders?limit=500${cursor === undefined ? '' : `&cursor=${cursor}`}`,
              { headers },
            )
          ).json()) as { items: { orderId: string; status: string }[]; nextCursor?: string }
          for (const order of page.items) orders.set(order.orderId, order)
          if (page.nextCursor === undefined) break
          cursor = page.nextCursor
        }
        for (const ack of acknowledged)
          expect(orders.has(ack.orderId), `acknowledged order ${ack.orderId}`).toBe(true)
        const fills = (await (await fetch(`${second.url}/api/v1/fills?limit=500`, { headers })).json()) as {
          items: unknown[]
        }
        expect(fills.items.length).toBeGreaterThanOrEqual(acknowledgedFills)
        expect(acknowledgedFills).toBeGreaterThan(0)
        // A retry of any answered request gets the same order back, never a second one.
        for (const ack of acknowledged.slice(-10)) {
          const retry = await fetch(`${second.url}/api/v1/orders`, {
            method: 'POST',
            headers: { ...headers, 'idempotency-key': ack.key },
            body: JSON.stringify(ack.body),
          })
          expect(retry.status).toBe(200)
          expect(((await retry.json()) as { orderId: string }).orderId).toBe(ack.orderId)
        }
        const after = (await (await fetch(`${second.url}/api/v1/orders?limit=500`, { headers })).json()) as {
          items: unknown[]
        }
        expect(after.items.length).toBe(Math.min(500, orders.size))
      } finally {
        second.child.kill('SIGTERM')
        await second.exited
      }
    },
    120_000,
  )

  it('manages keys from the command line: create, list, revoke', () => {
    const created = JSON.parse(
      cli('keys', 'create', '--name', 'ops', '--scopes', 'read,admin', '--json'),
    ) as { id: string; key: string; scopes: string[] }
    expect(created.key).toMatch(/^tp_[0-9a-f]{12}_/)
    expect(created.scopes).toEqual(['read', 'admin'])
    const listed = JSON.parse(cli('keys', 'list', '--json')) as {
      keys: { id: string; revokedAt: string | null }[]
    }
    expect(listed.keys.find((k) => k.id === created.id)).toMatchObject({ revokedAt: null })
    expect(cli('keys', 'list')).not.toContain(created.key)
    cli('keys', 'revoke', created.id)
    const after = JSON.parse(cli('keys', 'list', '--json')) as {
      keys: { id: string; revokedAt: string | null }[]
    }
    expect(after.keys.find((k) => k.id === created.id)?.revokedAt).not.toBeNull()
  })
})
