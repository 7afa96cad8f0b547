import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

/** `make serve-demo` on a temp data dir: a populated service, its URL and an admin key printed. */
const SCRIPT = new URL('./serve-demo.ts', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'tradepulse-demo-'))
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('serve-demo', () => {
  it('serves a data set, a finished backtest, a sweep and a position, and prints the URL and an admin key', async () => {
    const child = spawn(process.execPath, [SCRIPT, '--data-dir', dir, '--port', '0'], {
      env: { ...process.env, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const exited = new Promise((resolve) => child.once('exit', resolve))
    try {
      let output = ''
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString('utf8')
          if (output.includes('Ctrl-C')) resolve()
        })
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
        child.once('exit', (code) => {
          reject(new Error(`serve-demo exited with ${String(code)}: ${output}`))
        })
      })
      const url = /TradePulse dashboard: (http:\/\/\S+)\//.exec(output)?.[1]
      const key = /admin key \(shown once\): (tp_\S+)/.exec(output)?.[1]
      expect(url, output).toBeDefined()
      expect(key, output).toBeDefined()
      const get = async (path: string): Promise<{ items: Record<string, unknown>[] }> =>
        (await (await fetch(`${url!}${path}`, { headers: { authorization: `Bearer ${key!}` } })).json()) as {
          items: Record<string, unknown>[]
        }
      expect((await fetch(`${url!}/`)).headers.get('content-security-policy')).toContain("default-src 'self'")
      expect((await get('/api/v1/datasets')).items.map((d) => [d.name, d.rowCount])).toEqual([
        ['sp500-2000.csv', 5105],
      ])
      expect((await get('/api/v1/backtests')).items.map((j) => j.status)).toEqual(['succeeded'])
      expect((await get('/api/v1/research/sweeps')).items.map((s) => [s.strategy, s.combinations])).toEqual([
        ['ma-crossover', 20],
      ])
      expect((await get('/api/v1/positions')).items.map((p) => [p.instrumentId, p.quantity, p.side])).toEqual(
        [['SPY.PAPER', '100', 'long']],
      )
    } finally {
      child.kill('SIGTERM')
      await exited
    }
  }, 120_000)
})
