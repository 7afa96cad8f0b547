/**
 * A throwaway PostgreSQL server for tests: a fresh data directory in the temp folder, `initdb`
 * with trust authentication, a server on 127.0.0.1 at a free port with its socket in the data
 * directory, and one database created for the suite. `stop()` shuts it down and removes the
 * directory; it is also registered for process exit, so a failing or interrupted suite does not
 * leave a server behind.
 *
 * When running as root (containers, CI), PostgreSQL refuses to run, so `initdb` and `pg_ctl` run
 * as the `postgres` user through `runuser`, on a directory chowned to it. Without an installed
 * PostgreSQL, `startPostgres` throws — a suite must fail, not pass without having run.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import pg from 'pg'

export interface TestPostgres {
  /** `postgres://postgres@127.0.0.1:PORT/DB`. */
  readonly url: string
  /** Creates another empty database on the same server and returns its URL: one per test keeps tests apart. */
  freshDatabase(): Promise<string>
  /** Stops the server as a crash would (`-m immediate`), keeping its data directory and port. */
  halt(): void
  /** Starts a halted server again on the same directory and port. */
  resume(): void
  stop(): void
}

const ROOT = '/usr/lib/postgresql'

/** The newest installed PostgreSQL's bin folder, or undefined. */
export function findPostgresBin(): string | undefined {
  if (!existsSync(ROOT)) return undefined
  const versions = readdirSync(ROOT)
    .filter((name) => existsSync(join(ROOT, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] === undefined ? undefined : join(ROOT, versions[0], 'bin')
}

export async function startPostgres(database = 'tradepulse_test'): Promise<TestPostgres> {
  const bin = findPostgresBin()
  if (bin === undefined) {
    throw new Error(
      `PostgreSQL is not installed (no ${ROOT}/*/bin/initdb): run \`make services\` to install it, then rerun the tests`,
    )
  }
  const asRoot = process.getuid?.() === 0
  const dir = mkdtempSync(join(tmpdir(), 'tradepulse-pg-'))
  const run = (tool: string, args: readonly string[]): void => {
    const [command, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]]
      : [join(bin, tool), args]
    execFileSync(command, argv, { stdio: 'pipe' })
  }
  let started = false
  const halt = (): void => {
    if (started) {
      started = false
      const [command, argv] = asRoot
        ? [
            'runuser',
            ['-u', 'postgres', '--', join(bin, 'pg_ctl'), '-D', dir, '-m', 'immediate', '-w', 'stop'],
          ]
        : [join(bin, 'pg_ctl'), ['-D', dir, '-m', 'immediate', '-w', 'stop']]
      spawnSync(command, argv, { stdio: 'ignore' })
    }
  }
  const stop = (): void => {
    process.off('exit', stop)
    halt()
    rmSync(dir, { recursive: true, force: true })
  }
  process.on('exit', stop)
  try {
    if (asRoot) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
      chownSync(dir, uid, gid)
      chmodSync(dir, 0o700)
    }
    run('initdb', ['-D', dir, '--auth=trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8'])
    const port = await freePort()
    // fsync off: a test server's data is thrown away, and every commit would otherwise wait for the disk.
    const start = (): void => {
      started = true
      run('pg_ctl', [
        '-D',
        dir,
        '-o',
        `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off`,
        '-l',
        join(dir, 'server.log'),
        '-w',
        'start',
      ])
    }
    start()
    const create = async (name: string): Promise<string> => {
      const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` })
      await admin.connect()
      try {
        await admin.query(`CREATE DATABASE ${name}`)
      } finally {
        await admin.end()
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`
    }
    const url = await create(database)
    let count = 0
    return { url, freshDatabase: () => create(`${database}_${++count}`), halt, resume: start, stop }
  } catch (error) {
    stop()
    throw error
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => {
        if (address === null || typeof address === 'string') reject(new Error('no port was assigned'))
        else resolve(address.port)
      })
    })
  })
}
