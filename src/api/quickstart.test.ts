import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

/** The README's service quick start, run exactly as written, in a fresh directory. */
const ROOT = new URL('../../', import.meta.url).pathname
const README = readFileSync(join(ROOT, 'README.md'), 'utf8')
const work = mkdtempSync(join(tmpdir(), 'tradepulse-quickstart-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

function quickstart(): string {
  const start = README.indexOf('<!-- service-quickstart:start -->')
  const end = README.indexOf('<!-- service-quickstart:end -->')
  const block = /```sh\n([\s\S]*?)```/.exec(README.slice(start, end))
  if (start < 0 || end < 0 || block === null) throw new Error('README.md has no service quick start block')
  return block[1]!
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => {
        resolve(typeof address === 'object' && address !== null ? address.port : 0)
      })
    })
  })
}

describe("the README's service quick start", () => {
  it('creates a key, uploads data, runs a backtest, submits an order and reads the position', async () => {
    symlinkSync(join(ROOT, 'data'), join(work, 'data'))
    // The installed bin, as a user has it: an executable \`tradepulse\` on PATH.
    mkdirSync(join(work, 'bin'))
    writeFileSync(
      join(work, 'bin', 'tradepulse'),
      `#!/bin/sh\nexec node ${JSON.stringify(join(ROOT, 'src/cli/bin.ts'))} "$@"\n`,
      { mode: 0o755 },
    )
    const script = `set -eu
${quickstart()}
wait`
    const output = execFileSync('bash', ['-c', script], {
      cwd: work,
      encoding: 'utf8',
      env: {
        ...process.env,
        PATH: `${join(work, 'bin')}:${process.env.PATH ?? ''}`,
        TRADEPULSE_PORT: String(await freePort()),
        // Every request logged: and still no key in the log.
        TRADEPULSE_LOG_LEVEL: 'trace',
        DATABASE_URL: '',
      },
      timeout: 120_000,
    })
    expect(output).toContain('"msg":"request completed"')
    expect(output, 'an API key in the output').not.toMatch(/tp_[0-9a-f]{12}_/)
    expect(output).toMatch(/"strategy":\{"startEquity":1000000/)
    expect(output).toMatch(/"status":"accepted"/)
    expect(output).toMatch(/"fills":1/)
    expect(output).toMatch(/"instrumentId":"SPY.PAPER","quantity":"10","side":"long"/)
  }, 150_000)
})
