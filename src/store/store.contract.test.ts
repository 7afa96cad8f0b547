import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll } from 'vitest'

import { openPostgresDatabase } from './postgres-database.ts'
import { openSqliteDatabase } from './sqlite-database.ts'
import { startPostgres, type TestPostgres } from './testing/postgres.ts'
import { storeContract } from './testing/store-contract.ts'

let dir = ''
let files = 0
let server: TestPostgres | undefined

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tradepulse-store-'))
  // Throws naming `make services` when PostgreSQL is missing: the PostgreSQL half then fails, never passes unrun.
  server = await startPostgres()
}, 120_000)

afterAll(() => {
  server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

storeContract('SQLite', () => Promise.resolve(openSqliteDatabase(join(dir, `store-${++files}.db`))))

storeContract('PostgreSQL', async () => {
  if (server === undefined) throw new Error('the test PostgreSQL server did not start')
  return openPostgresDatabase(await server.freshDatabase())
})
