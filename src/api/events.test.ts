import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiKey } from './api-keys.ts'
import { ServiceConfig } from './config.ts'
import { type RunningService, startService } from './service.ts'

let service: RunningService
let key: string
const dir = mkdtempSync(join(tmpdir(), 'tradepulse-events-'))

beforeAll(async () => {
  service = await startService(ServiceConfig.parse({ dataDir: dir, port: 0, logLevel: 'silent' }))
  key = (await createApiKey(service.context.keys, 'events', ['admin'], Date.now())).key
})
afterAll(async () => {
  await service.close()
  rmSync(dir, { recursive: true, force: true })
})

interface Frame {
  readonly id: number
  readonly event: string
  readonly data: Record<string, unknown>
}

/** Reads SSE frames from `/api/v1/events` until `enough` says so. */
async function readFrames(
  lastEventId: number | undefined,
  enough: (frames: Frame[]) => boolean,
  act?: () => Promise<void>,
): Promise<Frame[]> {
  const controller = new AbortController()
  const response = await fetch(`${service.url}/api/v1/events`, {
    headers: {
      authorization: `Bearer ${key}`,
      ...(lastEventId === undefined ? {} : { 'last-event-id': String(lastEventId) }),
    },
    signal: controller.signal,
  })
  expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
  const frames: Frame[] = []
  let buffer = ''
  const acting = act?.()
  while (!enough(frames)) {
    const { value, done } = await reader.read()
    if (done) break
    buffer += new TextDecoder().decode(value)
    let end
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const fields = Object.fromEntries(
        block
          .split('\n')
          .filter((l) => !l.startsWith(':') && l.includes(': '))
          .map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]),
      )
      if (fields.id !== undefined)
        frames.push({
          id: Number(fields.id),
          event: fields.event!,
          data: JSON.parse(fields.data!) as Record<string, unknown>,
        })
    }
  }
  await acting
  controller.abort()
  return frames
}

async function post(path: string, body: unknown, extra: Record<string, string> = {}): Promise<Response> {
  return fetch(`${service.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...extra },
    body: JSON.stringify(body),
  })
}

describe('the event stream', () => {
  it('streams an order, its fill and the kill switch as they happen, and replays them after Last-Event-ID', async () => {
    const live = await readFrames(
      undefined,
      (f) => f.some((e) => e.event === 'kill-switch'),
      async () => {
        await post(
          '/api/v1/orders',
          { instrumentId: 'SPY.PAPER', side: 'buy', type: 'market', quantity: '3' },
          { 'idempotency-key': 'stream-1' },
        )
        await post('/api/v1/market/quotes', { instrumentId: 'SPY.PAPER', bid: '99.00', ask: '99.02' })
        await post('/api/v1/risk/kill-switch/trip', { reason: 'stream test' })
      },
    )
    const kinds = live.map((f) => (f.event === 'order' ? `order:${String(f.data.kind)}` : f.event))
    expect(kinds).toEqual(expect.arrayContaining(['order:accepted', 'fill', 'order:filled', 'kill-switch']))
    expect(live.find((f) => f.event === 'fill')!.data).toMatchObject({
      quantity: '3',
      price: '99.02',
      side: 'buy',
    })
    expect(live.map((f) => f.id)).toEqual([...live.map((f) => f.id)].sort((a, b) => a - b))

    // A client that saw only the first event gets the rest on reconnecting.
    const first = live[0]!.id
    const replayed = await readFrames(first, (f) => f.length >= live.length - 1)
    expect(replayed.map((f) => f.id)).toEqual(live.slice(1).map((f) => f.id))
    await post('/api/v1/risk/kill-switch/reset', { reason: 'stream test over' })
  })
})

describe('tradepulse probe', () => {
  const BIN = new URL('../cli/bin.ts', import.meta.url).pathname
  // Asynchronous: the server answers from this process, so the probe must not block it.
  const probe = (url: string, probeKey: string): Promise<{ status: number | null; output: string }> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [BIN, 'probe', '--url', url], {
        env: { ...process.env, TRADEPULSE_API_KEY: probeKey },
      })
      let output = ''
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
      child.once('close', (status) => {
        resolve({ status, output })
      })
    })

  it('passes against a healthy server, leaving its order cancelled', async () => {
    const { status, output } = await probe(service.url, key)
    expect(output).toContain('probe passed: 5 steps')
    expect(status).toBe(0)
    const orders = service.context.desk.core.manager.orders().filter((o) => o.price === 1)
    expect(orders.at(-1)?.status).toBe('cancelled')
  })

  it('fails naming the step: a key without the trade scope, a server that is not there', async () => {
    const reader = (await createApiKey(service.context.keys, 'reader', ['read'], Date.now())).key
    const refused = await probe(service.url, reader)
    expect(refused.status).toBe(1)
    expect(refused.output).toContain('probe failed at "submit a paper order"')
    expect(refused.output).toContain('403')
    const gone = await probe('http://127.0.0.1:1', key)
    expect(gone.status).toBe(1)
    expect(gone.output).toContain('probe failed at "liveness /healthz"')
  })
})
