import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  type LockPackage,
  type Lockfile,
  type SupplyChainPolicy,
  checkLockfile,
  packageName,
  splitSkipped,
} from './lockfile-gate.ts'

const policy: SupplyChainPolicy = {
  registry: 'https://registry.npmjs.org/',
  licenses: ['MIT', 'ISC'],
  installScripts: { esbuild: 'downloads its platform binary from the registry' },
}
const integrity = `sha512-${Buffer.alloc(64, 7).toString('base64')}`
const ok: LockPackage = { version: '1.2.3', integrity, license: 'MIT' }

function lock(packages: Record<string, LockPackage>): Lockfile {
  return { lockfileVersion: 3, packages: { '': { version: '0.1.0' }, ...packages } }
}

describe('checkLockfile', () => {
  it('passes registry packages with integrity, allowed licenses and no unlisted install scripts', () => {
    expect(
      checkLockfile(
        lock({
          'node_modules/a': ok,
          'node_modules/a/node_modules/@s/b': {
            ...ok,
            resolved: 'https://registry.npmjs.org/@s/b/-/b-1.2.3.tgz',
          },
          'node_modules/esbuild': { ...ok, hasInstallScript: true },
          'node_modules/gpl-tool': { ...ok, license: 'GPL-3.0', dev: true },
        }),
        policy,
      ),
    ).toEqual([])
  })

  it('names each package that breaks a rule, and the rule', () => {
    const problems = checkLockfile(
      lock({
        'node_modules/from-git': { ...ok, version: 'git+ssh://git@github.com/x/y.git#abc' },
        'node_modules/from-file': { ...ok, resolved: 'file:../vendor/z.tgz' },
        'node_modules/linked': { link: true },
        'node_modules/unpinned': { version: '1.0.0', license: 'MIT' },
        'node_modules/copyleft': { ...ok, license: 'GPL-3.0' },
        'node_modules/postinstaller': { ...ok, hasInstallScript: true },
        'node_modules/plain-http': { ...ok, resolved: 'http://registry.npmjs.org/p/-/p-1.2.3.tgz' },
      }),
      policy,
    )
    expect(problems.map((p) => [p.package, p.rule])).toEqual([
      ['from-git', 'source'],
      ['from-file', 'source'],
      ['linked', 'source'],
      ['unpinned', 'integrity'],
      ['copyleft', 'license'],
      ['postinstaller', 'install-script'],
      ['plain-http', 'source'],
    ])
    expect(problems.find((p) => p.package === 'copyleft')?.message).toContain('GPL-3.0')
  })

  it('refuses a lockfile without a packages map', () => {
    expect(checkLockfile({ lockfileVersion: 1 }, policy)[0]?.rule).toBe('lockfile')
  })

  it('reads the package name from a nested path', () => {
    expect(packageName('node_modules/a/node_modules/@scope/b')).toBe('@scope/b')
  })

  it('holds for this project', async () => {
    const { ROOT, readLockfile, readPolicy } = await import('./policy.ts')
    const npmrc = readFileSync(join(ROOT, '.npmrc'), 'utf8')
    expect(npmrc, 'the project .npmrc turns install scripts off').toMatch(/^ignore-scripts=true$/m)
    const { problems, skipped } = splitSkipped(checkLockfile(readLockfile(), readPolicy()), true)
    expect(problems).toEqual([])
    // ccxt's script would call GitHub's API at install: it must stay skipped.
    expect(skipped.map((p) => p.package)).toContain('ccxt')
  })

  it('counts an unlisted install script as a problem when npm would run it', () => {
    const found = [{ package: 'x', rule: 'install-script' as const, message: 'x runs an install script' }]
    expect(splitSkipped(found, false).problems).toEqual(found)
    expect(splitSkipped(found, true)).toEqual({ problems: [], skipped: found })
  })
})
