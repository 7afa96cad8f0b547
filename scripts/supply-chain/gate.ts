/**
 * `make deps-check`: the dependency gate (lockfile-gate.ts) over this project's lockfile, and the
 * registry npm is configured with. Exits 1 naming each package at fault.
 */
import { execFileSync } from 'node:child_process'
import { checkLockfile } from './lockfile-gate.ts'
import { ROOT, readLockfile, readPolicy } from './policy.ts'

const policy = readPolicy()
const problems = checkLockfile(readLockfile(), policy).map((p) => `${p.rule}: ${p.message}`)
const registry = execFileSync('npm', ['config', 'get', 'registry'], { cwd: ROOT, encoding: 'utf8' }).trim()
if (!registry.startsWith('https://'))
  problems.push(`source: npm's registry is ${registry}; only an https registry is allowed`)
if (problems.length > 0) {
  for (const line of problems) console.error(line)
  console.error(`dependency gate: ${problems.length} problem(s)`)
  process.exit(1)
}
const count = Object.keys(readLockfile().packages ?? {}).length - 1
console.log(
  `dependency gate: ${count} packages from ${registry} with sha512 integrity; production licenses on the allowlist; install scripts only from ${Object.keys(policy.installScripts).join(', ')}`,
)
