/**
 * One TCP connection to Redis speaking RESP2, shaped like Bun's built-in `RedisClient` (`send`,
 * `connected`, `onconnect`/`onclose`, `connect`, `close`, `duplicate`) so that BullMQ's own
 * adapter for that client (`createBunRedisClient`) drives it: BullMQ then does the queue work,
 * Lua scripts, transactions and reconnection with back-off, and this file only moves bytes.
 * It exists because no Redis driver package is installed beside bullmq; with one, only
 * connection.ts would change.
 *
 * Replies: simple and bulk strings as UTF-8 strings, integers as numbers, nil as null, arrays as
 * arrays; an error reply rejects `send` (inside an array, e.g. EXEC's, it stays an Error value).
 * Commands are pipelined: replies come back in the order they were sent. When the socket closes
 * every command still waiting is rejected with "Connection closed", the message BullMQ's adapter
 * recognises as a lost connection (it then reconnects on a fresh duplicate, as with Bun's client).
 */
import { Socket } from 'node:net'

export interface RedisTarget {
  readonly host: string
  readonly port: number
  readonly db: number
}

/** Told about each connection's life, to log outages once rather than once per connection. */
export interface ConnectionObserver {
  connected(connection: RespConnection): void
  lost(connection: RespConnection, error: Error | undefined): void
}

type Reply = string | number | null | Error | Reply[]

interface Waiting {
  readonly resolve: (reply: Reply) => void
  readonly reject: (error: Error) => void
}

const CRLF = Buffer.from('\r\n')

export class RespConnection {
  readonly target: RedisTarget
  readonly url: string
  onconnect: (() => void) | undefined = undefined
  onclose: ((error?: Error) => void) | undefined = undefined
  onerror: ((error: Error) => void) | undefined = undefined
  readonly #observer: ConnectionObserver | undefined
  #socket: Socket | undefined = undefined
  #connected = false
  #closing = false
  #waiting: Waiting[] = []
  #buffer: Buffer = Buffer.alloc(0)
  #lastError: Error | undefined = undefined

  constructor(target: RedisTarget, observer?: ConnectionObserver) {
    this.target = target
    this.url = `redis://${target.host}:${target.port}/${target.db}`
    this.#observer = observer
  }

  get connected(): boolean {
    return this.#connected
  }

  /** Opens the socket (and selects the database); rejects if the server cannot be reached. */
  connect(): Promise<void> {
    if (this.#socket !== undefined) return Promise.resolve()
    this.#closing = false
    return new Promise((resolve, reject) => {
      const socket = new Socket()
      this.#socket = socket
      socket.setNoDelay(true)
      socket.setKeepAlive(true, 10_000)
      const onFailedConnect = (error: Error): void => {
        this.#socket = undefined
        socket.destroy()
        reject(error)
      }
      socket.once('error', onFailedConnect)
      socket.connect(this.target.port, this.target.host, () => {
        socket.off('error', onFailedConnect)
        this.#connected = true
        socket.on('data', (chunk: Buffer) => {
          this.#receive(chunk)
        })
        socket.on('error', (error: Error) => {
          this.#lastError = error
          this.onerror?.(error)
        })
        socket.on('close', () => {
          this.#closed()
        })
        const ready =
          this.target.db === 0 ? Promise.resolve(null) : this.send('SELECT', [String(this.target.db)])
        ready.then(
          () => {
            this.#observer?.connected(this)
            this.onconnect?.()
            resolve()
          },
          (error: unknown) => {
            socket.destroy()
            reject(error instanceof Error ? error : new Error(String(error)))
          },
        )
      })
    })
  }

  send(command: string, args: readonly (string | number | Buffer)[]): Promise<Reply> {
    const socket = this.#socket
    if (socket === undefined || !this.#connected) return Promise.reject(new Error('Connection closed'))
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject })
      socket.write(encodeCommand(command, args))
    })
  }

  /** Closes the connection; commands still waiting are rejected. */
  close(): void {
    this.#closing = true
    this.#socket?.destroy()
  }

  disconnect(): void {
    this.close()
  }

  /** A new, unconnected connection to the same server. */
  duplicate(): Promise<RespConnection> {
    return Promise.resolve(new RespConnection(this.target, this.#observer))
  }

  #closed(): void {
    const wasConnected = this.#connected
    this.#connected = false
    this.#socket = undefined
    this.#buffer = Buffer.alloc(0)
    const error = new Error('Connection closed')
    for (const waiting of this.#waiting.splice(0)) waiting.reject(error)
    if (!wasConnected) return
    const cause = this.#closing
      ? undefined
      : (this.#lastError ?? new Error('Connection closed by the server'))
    this.#lastError = undefined
    if (!this.#closing) this.#observer?.lost(this, cause)
    this.onclose?.(cause)
  }

  #receive(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk])
    let offset = 0
    for (;;) {
      const parsed = parseReply(this.#buffer, offset)
      if (parsed === undefined) break
      offset = parsed.next
      const waiting = this.#waiting.shift()
      if (waiting === undefined) continue // a reply nobody waits for (none in RESP2 without pub/sub)
      if (parsed.reply instanceof Error) waiting.reject(parsed.reply)
      else waiting.resolve(parsed.reply)
    }
    this.#buffer = offset === this.#buffer.length ? Buffer.alloc(0) : this.#buffer.subarray(offset)
  }
}

export function encodeCommand(command: string, args: readonly (string | number | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length + 1}\r\n`)]
  for (const arg of [command, ...args]) {
    const bytes = Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg), 'utf8')
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, CRLF)
  }
  return Buffer.concat(parts)
}

/** One whole reply starting at `offset`, or undefined when the buffer does not hold all of it yet. */
export function parseReply(buffer: Buffer, offset: number): { reply: Reply; next: number } | undefined {
  const lineEnd = buffer.indexOf(CRLF, offset)
  if (lineEnd === -1) return undefined
  const type = String.fromCharCode(buffer[offset]!)
  const line = buffer.toString('utf8', offset + 1, lineEnd)
  const next = lineEnd + 2
  switch (type) {
    case '+':
      return { reply: line, next }
    case '-':
      return { reply: new Error(line), next }
    case ':':
      return { reply: Number(line), next }
    case '$': {
      const length = Number(line)
      if (length < 0) return { reply: null, next }
      if (buffer.length < next + length + 2) return undefined
      return { reply: buffer.toString('utf8', next, next + length), next: next + length + 2 }
    }
    case '*': {
      const count = Number(line)
      if (count < 0) return { reply: null, next }
      const items: Reply[] = []
      let at = next
      for (let i = 0; i < count; i++) {
        const item = parseReply(buffer, at)
        if (item === undefined) return undefined
        items.push(item.reply)
        at = item.next
      }
      return { reply: items, next: at }
    }
    default:
      throw new Error(`unexpected RESP reply type ${JSON.stringify(type)} from Redis`)
  }
}
