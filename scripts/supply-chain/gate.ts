/**
 * `make deps-check`: the dependency gate (lockfile-gate.ts) over this project's lockfile, and the
 * registry npm is configured with. Exits 1 naming each package at fault.
 *
 * Install scripts: the project's .npmrc sets `ignore-scripts=true`, so `npm ci` runs none, and
 * `make setup` then runs (`npm rebuild`) only those allowlisted in config/supply-chain.json. A
 * package whose script is not allowlisted is therefore reported as skipped rather than failing
 * the gate — unless npm would run scripts after all, which fails it.
 */
import { execFileSync } from 'node:child_process'
import { checkLockfile, splitSkipped } from './lockfile-gate.ts'
import { ROOT, readLockfile, readPolicy } from './policy.ts'

const npmConfig = (key: string): string =>
  execFileSync('npm', ['config', 'get', key], { cwd: ROOT, encoding: 'utf8' }).trim()

const policy = readPolicy()
const scriptsIgnored = npmConfig('ignore-scripts') === 'true'
const found = checkLockfile(readLockfile(), policy)
const verdict = splitSkipped(found, scriptsIgnored)
const skipped = verdict.skipped
const problems = verdict.problems.map((p) => `${p.rule}: ${p.message}`)
const registry = npmConfig('registry')
if (!registry.startsWith('https://'))
  problems.push(`source: npm's registry is ${registry}; only an https registry is allowed`)
if (!scriptsIgnored)
  problems.push(
    'install-script: npm runs install scripts here (ignore-scripts is not true); the project .npmrc must set ignore-scripts=true so only the allowlist runs',
  )
if (problems.length > 0) {
  for (const line of problems) console.error(line)
  console.error(`dependency gate: ${problems.length} problem(s)`)
  process.exit(1)
}
for (const p of skipped)
  console.log(`skipped: ${p.package} has an install script that is never run (not allowlisted)`)
const count = Object.keys(readLockfile().packages ?? {}).length - 1
console.log(
  `dependency gate: ${count} packages from ${registry} with sha512 integrity; production licenses on the allowlist; install scripts run only for ${Object.keys(policy.installScripts).join(', ')}`,
)
