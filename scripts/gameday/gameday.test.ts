import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { PHASES } from './scenario.ts'
import { SCENARIOS } from './scenarios.ts'

/**
 * GameDay as CI runs it: the runner (`make gameday`) over every scenario, each against real
 * servers on loopback, and a postmortem per scenario with every timeline phase measured and
 * every check passed.
 */
const RUN = new URL('./run.ts', import.meta.url).pathname
const out = mkdtempSync(join(tmpdir(), 'tradepulse-gameday-test-'))
afterAll(() => {
  rmSync(out, { recursive: true, force: true })
})

describe('GameDay', () => {
  it('injects every fault, detects and recovers from it, loses nothing, and writes the postmortems', async () => {
    const { stderr } = await promisify(execFile)(process.execPath, [RUN, '--out', out], {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
      // Beside the rest of the suite on two shared cores the six scenarios take minutes; a run
      // that hangs is killed before the test's own limit, so its stderr (the progress) is shown.
      timeout: 580_000,
    })
    expect(stderr).toContain(`gameday: ${SCENARIOS.length} of ${SCENARIOS.length} scenarios passed`)
    for (const scenario of SCENARIOS) {
      const postmortem = readFileSync(join(out, `${scenario.name}.md`), 'utf8')
      expect(postmortem, scenario.name).toContain(`# Postmortem: ${scenario.title}`)
      expect(postmortem, `${scenario.name}: no template field left`).not.toMatch(/\{\{\w+\}\}/)
      expect(postmortem, scenario.name).toContain('Verdict: **passed**')
      for (const phase of PHASES)
        expect(postmortem, `${scenario.name}: ${phase}`).toMatch(
          new RegExp(`^\\| ${phase} \\| \\d+ ms \\| \\S`, 'm'),
        )
      expect(postmortem, scenario.name).toMatch(/^- Time to recover: \d+ ms$/m)
      expect(postmortem, scenario.name).not.toContain('| FAIL |')
    }
  }, 600_000)

  it('refuses an unknown scenario with exit code 2, naming the known ones', async () => {
    const failure = await promisify(execFile)(
      process.execPath,
      [RUN, '--only', 'meteor-strike', '--out', out],
      {
        encoding: 'utf8',
      },
    ).then(
      () => undefined,
      (error: unknown) => error as { code: number; stderr: string },
    )
    expect(failure?.code).toBe(2)
    expect(failure?.stderr).toBe(
      `gameday: no scenario meteor-strike; known: ${SCENARIOS.map((s) => s.name).join(', ')}\n`,
    )
  })
})
