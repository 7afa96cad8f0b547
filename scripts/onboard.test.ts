import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'tradepulse-onboard-'))

// Removing the clone's node_modules (the dashboard's build tools included) can take longer than
// the default 10 s hook timeout on a busy machine.
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
}, 120_000)

describe('scripts/onboard.sh', () => {
  // A clean clone of the committed HEAD: no node_modules, no local configuration.
  it('installs, scaffolds the local configuration and passes its smoke test in a clean clone', () => {
    const clone = join(dir, 'clone')
    execFileSync('git', ['clone', '--quiet', '--no-hardlinks', root, clone])
    const run = spawnSync('bash', ['scripts/onboard.sh'], {
      cwd: clone,
      encoding: 'utf8',
      // The npm cache is warm wherever the suite runs (it ran npm ci itself).
      env: { ...process.env, ONBOARD_NPM_FLAGS: '--prefer-offline' },
      timeout: 280_000,
    })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('works: install, CLI, data validation, backtest and report')
    expect(existsSync(join(clone, '.tradepulse/backtest.json'))).toBe(true)
    // A second run keeps the configuration and skips the install.
    const again = spawnSync('bash', ['scripts/onboard.sh'], {
      cwd: clone,
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(again.status).toBe(0)
    expect(again.stdout).toContain('node_modules is up to date')
    expect(again.stdout).toContain('.tradepulse/backtest.json exists: kept')
  }, 300_000)
})
