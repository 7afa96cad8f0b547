/**
 * Connections to the Redis a distributed sweep runs through, from a `redis://HOST:PORT[/DB]` URL.
 * Each BullMQ object gets its own connection (a worker also duplicates one for its blocking
 * reads); all of them share one observer, so a Redis restart is logged once — "lost", then
 * "reconnected" — however many connections notice it. BullMQ's adapter reconnects with back-off
 * (1 s, then growing to 20 s) and its blocking reads tolerate the outage, so a restart of Redis
 * costs the sweep only the time Redis was away.
 */
import { createBunRedisClient } from 'bullmq'
import type { ConnectionOptions } from 'bullmq'
import { TradePulseError } from '../../domain/errors.ts'
import { type ConnectionObserver, type RedisTarget, RespConnection } from './resp-connection.ts'

/** Parses `redis://HOST:PORT[/DB]`; `field` names the option at fault in the error. */
export function parseQueueUrl(text: string, field = 'queue'): RedisTarget {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new TradePulseError('CLI_USAGE', `not a URL: ${JSON.stringify(text)}; expected redis://HOST:PORT`, {
      field,
    })
  }
  if (url.protocol !== 'redis:')
    throw new TradePulseError('CLI_USAGE', `expected a redis:// URL, was ${JSON.stringify(text)}`, { field })
  if (url.username !== '' || url.password !== '')
    throw new TradePulseError('CLI_USAGE', 'credentials in the queue URL are not supported', { field })
  const port = url.port === '' ? 6379 : Number(url.port)
  const path = url.pathname.replace(/^\//, '')
  const db = path === '' ? 0 : Number(path)
  if (!Number.isSafeInteger(db) || db < 0)
    throw new TradePulseError(
      'CLI_USAGE',
      `the database after the port must be a whole number, was ${path}`,
      {
        field,
      },
    )
  // URL keeps the brackets of an IPv6 host; the socket wants them off.
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port, db }
}

export class RedisConnections {
  readonly target: RedisTarget
  readonly url: string
  readonly #observer: ConnectionObserver
  readonly #clients: ReturnType<typeof createBunRedisClient>[] = []
  #down = false

  constructor(target: RedisTarget, log: (line: string) => void = () => undefined) {
    this.target = target
    this.url = `redis://${target.host}:${target.port}${target.db === 0 ? '' : `/${target.db}`}`
    this.#observer = {
      connected: () => {
        if (!this.#down) return
        this.#down = false
        log(`reconnected to ${this.url}`)
      },
      lost: (_connection, error) => {
        if (this.#down) return
        this.#down = true
        log(
          `lost the connection to ${this.url}${error === undefined ? '' : ` (${error.message})`}; reconnecting`,
        )
      },
    }
  }

  /** A new connection for one BullMQ queue, worker or getter. */
  create(): ConnectionOptions {
    // The adapter only reads the Bun client's shape (send, connected, callbacks), which RespConnection has.
    const client = createBunRedisClient(new RespConnection(this.target, this.#observer) as never)
    this.#clients.push(client)
    return client
  }

  /** Closes every connection made here (BullMQ leaves connections it was given open). */
  async close(): Promise<void> {
    await Promise.all(this.#clients.splice(0).map((client) => client.quit().catch(() => undefined)))
  }
}

/** Whether an error is Redis being unreachable (worth retrying) rather than a refused command. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  return (
    error.name === 'ConnectionClosedError' ||
    /^Connection (closed|is closed)|ECONNREFUSED|ECONNRESET|EPIPE|LOADING/.test(error.message)
  )
}

/** Runs `attempt` until it succeeds, waiting out a Redis that is away; other errors are thrown. */
export async function untilConnected<T>(
  attempt: () => Promise<T>,
  signal?: AbortSignal,
  waitMs = 250,
): Promise<T> {
  for (;;) {
    signal?.throwIfAborted()
    try {
      return await attempt()
    } catch (error) {
      if (!isConnectionError(error)) throw error
      await new Promise((resolve) => setTimeout(resolve, waitMs))
    }
  }
}
