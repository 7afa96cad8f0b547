/**
 * The dependency gate over package-lock.json: what may enter an install. Pure, so each rule is
 * tested on planted lockfiles (lockfile-gate.test.ts); `gate.ts` runs it on the real one.
 *
 * - Every package comes from the registry over https with an sha512 integrity hash: no git,
 *   file, link or tarball-URL dependencies, whose content no hash in the lockfile pins.
 * - Production packages carry a license on the allowlist (config/supply-chain.json).
 * - No package runs an install script unless it is allowlisted, with the reason written down.
 */
import type { AuditException } from './audit-exceptions.ts'

export interface LockPackage {
  readonly version?: string
  readonly resolved?: string
  readonly integrity?: string
  readonly license?: string
  readonly link?: boolean
  readonly dev?: boolean
  readonly devOptional?: boolean
  readonly optional?: boolean
  readonly hasInstallScript?: boolean
}

export interface Lockfile {
  readonly lockfileVersion?: number
  readonly packages?: Readonly<Record<string, LockPackage>>
}

export interface SupplyChainPolicy {
  readonly registry: string
  /** Critical advisories accepted until a date (SECURITY.md); see audit-exceptions.ts. */
  readonly auditExceptions?: readonly AuditException[]
  readonly licenses: readonly string[]
  readonly installScripts: Readonly<Record<string, string>>
}

export interface GateProblem {
  readonly package: string
  readonly rule: 'source' | 'integrity' | 'license' | 'install-script' | 'lockfile'
  readonly message: string
}

/** `node_modules/a/node_modules/@s/b` → `@s/b`. */
export function packageName(path: string): string {
  const at = path.lastIndexOf('node_modules/')
  return at < 0 ? path : path.slice(at + 'node_modules/'.length)
}

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/

export function checkLockfile(lock: Lockfile, policy: SupplyChainPolicy): GateProblem[] {
  const problems: GateProblem[] = []
  if (lock.lockfileVersion === undefined || lock.lockfileVersion < 2 || lock.packages === undefined) {
    return [
      {
        package: '(lockfile)',
        rule: 'lockfile',
        message: 'lockfileVersion 2 or 3 with a packages map is required',
      },
    ]
  }
  const licenses = new Set(policy.licenses)
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '') continue
    const name = packageName(path)
    if (entry.link === true) {
      problems.push({
        package: name,
        rule: 'source',
        message: `${path} is a link to a local folder, not a registry package`,
      })
      continue
    }
    if (entry.version === undefined || !SEMVER.test(entry.version)) {
      problems.push({
        package: name,
        rule: 'source',
        message: `${path} has version ${JSON.stringify(entry.version)}, not a registry release (git or file dependency?)`,
      })
    }
    if (entry.resolved !== undefined && !entry.resolved.startsWith(policy.registry)) {
      problems.push({
        package: name,
        rule: 'source',
        message: `${path} resolves to ${entry.resolved}, outside ${policy.registry}`,
      })
    }
    if (entry.integrity === undefined || !/^sha512-[A-Za-z0-9+/]+={0,2}$/.test(entry.integrity)) {
      problems.push({ package: name, rule: 'integrity', message: `${path} has no sha512 integrity hash` })
    }
    const production = entry.dev !== true && entry.devOptional !== true
    if (production && (entry.license === undefined || !licenses.has(entry.license))) {
      problems.push({
        package: name,
        rule: 'license',
        message: `${name}@${entry.version ?? '?'} is licensed ${entry.license ?? '(none declared)'}, not on the allowlist in config/supply-chain.json`,
      })
    }
    if (entry.hasInstallScript === true && policy.installScripts[name] === undefined) {
      problems.push({
        package: name,
        rule: 'install-script',
        message: `${name}@${entry.version ?? '?'} runs an install script and is not allowlisted in config/supply-chain.json`,
      })
    }
  }
  return problems
}

/**
 * With npm told to run no install script (`.npmrc`: ignore-scripts=true, and `make setup` running
 * the allowlisted ones), a package whose script is not allowlisted is skipped rather than a
 * problem: its script never runs. Without that setting it stays a problem.
 */
export function splitSkipped(
  found: readonly GateProblem[],
  scriptsIgnored: boolean,
): { readonly problems: GateProblem[]; readonly skipped: GateProblem[] } {
  const skipped = scriptsIgnored ? found.filter((p) => p.rule === 'install-script') : []
  return { problems: found.filter((p) => !skipped.includes(p)), skipped }
}
