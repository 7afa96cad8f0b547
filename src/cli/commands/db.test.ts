import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import { runCaptured } from '../testing/capture-io.ts'

const dir = mkdtempSync(join(tmpdir(), 'tradepulse-db-cli-'))
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('tradepulse db', () => {
  it('migrates a new database, then finds nothing to do, and reports the status', async () => {
    const url = `sqlite:${join(dir, 'cli.db')}`
    const first = await runCaptured(['db', 'migrate', '--database-url', url])
    expect(first).toEqual({ code: 0, stdout: `database: ${url}\napplied 001-initial\n`, stderr: '' })
    const second = await runCaptured(['db', 'migrate', '--database-url', url])
    expect(second.stdout).toBe(`database: ${url}\nthe schema is up to date\n`)
    const status = await runCaptured(['db', 'status', '--database-url', url, '--json'])
    const parsed = JSON.parse(status.stdout) as {
      migrations: { version: number; name: string; state: string }[]
    }
    expect(parsed.migrations.map(({ version, name, state }) => ({ version, name, state }))).toEqual([
      { version: 1, name: 'initial', state: 'applied' },
    ])
  })

  it('shows pending migrations of a database never migrated', async () => {
    const run = await runCaptured(['db', 'status', '--database-url', `sqlite:${join(dir, 'fresh.db')}`])
    expect(run.stdout).toContain('001-initial  pending\n')
  })

  it('names the option at fault for a URL it cannot use', async () => {
    const run = await runCaptured(['db', 'migrate', '--database-url', 'mysql://h/db'])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('--database-url: expected postgres://user:pass@host:5432/db or sqlite:PATH')
  })
})
