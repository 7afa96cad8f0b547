import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'tradepulse-changesets-'))

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('changesets', () => {
  it('folds a committed entry into CHANGELOG.md under the new version, above the older sections', () => {
    for (const file of ['package.json', 'CHANGELOG.md', '.changeset/config.json'])
      cpSync(join(root, file), join(dir, file))
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'))
    execFileSync('git', ['init', '--quiet'], { cwd: dir })
    const version = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string })
      .version
    writeFileSync(
      join(dir, '.changeset/quiet-owls.md'),
      "---\n'tradepulse': minor\n---\n\n`tradepulse sweep --fast` evaluates every combination on the vectorised path.\n",
    )
    execFileSync(join(root, 'node_modules/.bin/changeset'), ['version'], { cwd: dir, stdio: 'pipe' })
    const changelog = readFileSync(join(dir, 'CHANGELOG.md'), 'utf8')
    const [major, minor] = version.split('.').map(Number)
    const next = `${major}.${minor! + 1}.0`
    expect(
      changelog.startsWith(`# Changelog\n\n## ${next}\n\n### Minor Changes\n\n- \`tradepulse sweep --fast\``),
    ).toBe(true)
    expect(changelog.indexOf(`## ${next}`)).toBeLessThan(changelog.indexOf('## [Unreleased]'))
    expect((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version).toBe(
      next,
    )
  }, 60_000)
})
