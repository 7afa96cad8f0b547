/**
 * `tradepulse serve` as a child process, as an operator runs it, and the client side of order
 * traffic against it: keys made with `tradepulse keys create`, orders and quotes over fetch, and
 * the acknowledged orders and fills kept to compare with what the server returns after a fault.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'

export const BIN = new URL('../../src/cli/bin.ts', import.meta.url).pathname

export interface ServeOptions {
  readonly dataDir: string
  /** Extra environment: DATABASE_URL, TRADEPULSE_* settings. */
  readonly env?: Readonly<Record<string, string>>
}

export interface ServeProcess {
  readonly child: ChildProcess
  readonly url: string
  readonly exited: Promise<number | null>
  /** SIGTERM and wait; a no-op when it already exited. */
  stop(): Promise<void>
}

function environment(options: ServeOptions): NodeJS.ProcessEnv {
  return { ...process.env, DATABASE_URL: '', TRADEPULSE_LOG_LEVEL: 'silent', ...options.env }
}

export async function startServe(options: ServeOptions): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', options.dataDir], {
    env: environment(options),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8')
      const match = /serving (http:\/\/[^\s/]+)/.exec(output)
      if (match !== null) resolve(match[1]!)
    })
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
    child.once('exit', (code) => {
      reject(new Error(`tradepulse serve exited with ${String(code)}: ${output}`))
    })
  })
  return {
    child,
    url,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}

/** `tradepulse keys create` against the same data dir and database; returns the secret. */
export function createKey(options: ServeOptions, scopes: string): string {
  const out = execFileSync(
    process.execPath,
    [
      BIN,
      'keys',
      'create',
      '--name',
      `gameday-${scopes}`,
      '--scopes',
      scopes,
      '--json',
      '--data-dir',
      options.dataDir,
    ],
    { encoding: 'utf8', env: environment(options) },
  )
  return (JSON.parse(out) as { key: string }).key
}

export interface Acknowledged {
  readonly idempotencyKey: string
  readonly body: Readonly<Record<string, string>>
  readonly orderId: string
}

/** An answer other than the ones traffic expects: status and problem code (or the network error). */
export interface Refusal {
  readonly status: number
  readonly code: string
}

export interface Traffic {
  readonly acknowledged: Acknowledged[]
  /** Fills the quote endpoint reported, summed; when (performance.now()) the last quote was sent. */
  readonly fills: { count: number; lastQuoteSentAt: number }
  readonly refusals: Refusal[]
  /** Stops the lanes and waits for them. */
  stop(): Promise<void>
}

/**
 * `lanes` concurrent loops, each placing a market order then feeding a quote that fills it.
 * A request that fails at the network level (the server gone) is a refusal with status 0; the
 * lane keeps going after a short pause unless told to stop, so traffic resumes with the server.
 */
export function startTraffic(target: { url: string }, key: string, lanes = 3, prefix = 'gd'): Traffic {
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' }
  const traffic: Traffic & { stopped: boolean } = {
    acknowledged: [],
    fills: { count: 0, lastQuoteSentAt: 0 },
    refusals: [],
    stopped: false,
    stop: async () => {
      traffic.stopped = true
      await Promise.all(running)
    },
  }
  const refuse = async (response: Response): Promise<void> => {
    const text = await response.text()
    let code = '(no problem code)'
    try {
      const parsed = JSON.parse(text) as { code?: unknown }
      if (typeof parsed.code === 'string') code = parsed.code
    } catch {
      code = `(not JSON: ${text.slice(0, 60)})`
    }
    traffic.refusals.push({ status: response.status, code })
  }
  const lane = async (n: number): Promise<void> => {
    for (let i = 0; !traffic.stopped; i++) {
      const idempotencyKey = `${prefix}-${n}-${i}`
      const body = {
        instrumentId: 'SPY.PAPER',
        side: i % 2 === 0 ? 'buy' : 'sell',
        type: 'market',
        quantity: String(1 + (i % 5)),
      }
      try {
        const response = await fetch(`${target.url}/api/v1/orders`, {
          method: 'POST',
          headers: { ...headers, 'idempotency-key': idempotencyKey },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(5_000),
        })
        if (response.status === 201)
          traffic.acknowledged.push({
            idempotencyKey,
            body,
            orderId: ((await response.json()) as { orderId: string }).orderId,
          })
        else await refuse(response)
        traffic.fills.lastQuoteSentAt = performance.now()
        const quote = await fetch(`${target.url}/api/v1/market/quotes`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ instrumentId: 'SPY.PAPER', bid: '100.00', ask: '100.02' }),
          signal: AbortSignal.timeout(5_000),
        })
        if (quote.status === 202) traffic.fills.count += ((await quote.json()) as { fills: number }).fills
        else await refuse(quote)
      } catch {
        traffic.refusals.push({ status: 0, code: 'network' })
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      // Small traffic: a loaded machine runs several scenarios' servers at once.
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
  const running = Array.from({ length: lanes }, (_, n) => lane(n))
  return traffic
}

/** Every order the server lists, by id, following the cursor. */
export async function listOrders(url: string, key: string): Promise<Map<string, { status: string }>> {
  const orders = new Map<string, { status: string }>()
  for (let cursor: string | undefined; ;) {
    const page = (await (
      await fetch(`${url}/api/v1/orders?limit=500${cursor === undefined ? '' : `&cursor=${cursor}`}`, {
        headers: { authorization: `Bearer ${key}` },
      })
    ).json()) as { items: { orderId: string; status: string }[]; nextCursor?: string }
    for (const order of page.items) orders.set(order.orderId, order)
    if (page.nextCursor === undefined) return orders
    cursor = page.nextCursor
  }
}

/** How many fills the server lists (GET /api/v1/fills has no cursor: at most 500, so traffic stays below). */
export async function countFills(url: string, key: string): Promise<number> {
  const page = (await (
    await fetch(`${url}/api/v1/fills?limit=500`, { headers: { authorization: `Bearer ${key}` } })
  ).json()) as { items: unknown[] }
  return page.items.length
}

export interface Readiness {
  readonly code: number
  readonly status: string
  readonly checks: Readonly<Record<string, { status: string; detail: string }>>
}

/** GET /readyz; a server that does not answer is `{ code: 0 }`. */
export async function readiness(url: string): Promise<Readiness> {
  try {
    const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) })
    const body = (await response.json()) as { status: string; checks: Readiness['checks'] }
    return { code: response.status, status: body.status, checks: body.checks }
  } catch (error) {
    return { code: 0, status: error instanceof Error ? error.message : String(error), checks: {} }
  }
}
