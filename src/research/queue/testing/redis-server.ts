/**
 * A throwaway redis-server for tests and the benchmark: on loopback, on a free port, with its
 * files (when persistent) in a directory of the caller's; never a system service.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { RespConnection } from '../resp-connection.ts'

export const REDIS_SERVER = '/usr/bin/redis-server'
export const REDIS_MISSING = `${REDIS_SERVER} is missing: install it with \`make services\` (Debian: apt-get install redis-server)`

export function hasRedisServer(): boolean {
  return existsSync(REDIS_SERVER)
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => {
        resolve(port)
      })
    })
  })
}

export interface RedisServer {
  readonly port: number
  readonly url: string
  /** Stops the server (SIGTERM: a persistent one writes its append-only file first). */
  stop(): Promise<void>
  /** Starts it again on the same port and directory. */
  restart(): Promise<void>
}

/** Starts redis-server; with `dir`, it persists there (append-only file) across restarts. */
export async function startRedis(dir?: string): Promise<RedisServer> {
  const port = await freePort()
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '']
  args.push(
    ...(dir === undefined
      ? ['--appendonly', 'no']
      : ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir]),
  )
  let child: ChildProcess | undefined
  const start = async (): Promise<void> => {
    child = spawn(REDIS_SERVER, args, { stdio: 'ignore' })
    await waitForPing(port)
  }
  await start()
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      const running = child
      child = undefined
      if (running?.exitCode !== null) return
      await new Promise((resolve) => {
        running.once('exit', resolve)
        running.kill('SIGTERM')
      })
    },
    restart: start,
  }
}

async function waitForPing(port: number): Promise<void> {
  const deadline = performance.now() + 10_000
  for (;;) {
    const connection = new RespConnection({ host: '127.0.0.1', port, db: 0 })
    try {
      await connection.connect()
      const reply = await connection.send('PING', [])
      connection.close()
      if (reply === 'PONG') return
    } catch (error) {
      connection.close()
      if (performance.now() > deadline) throw error
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
