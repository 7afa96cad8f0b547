/**
 * `make sbom`: the CycloneDX SBOM of the production dependencies, from `npm sbom` (offline: it
 * reads node_modules and the lockfile) cut to the lockfile's production packages, checked
 * against the lockfile (sbom-check.ts) and written to reports/sbom/tradepulse.cdx.json (or the
 * path given).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { checkSbom, parseSbom, productionSbom } from './sbom-check.ts'
import { ROOT, readLockfile } from './policy.ts'

const out = resolve(ROOT, process.argv[2] ?? 'reports/sbom/tradepulse.cdx.json')
const text = execFileSync('npm', ['sbom', '--sbom-format', 'cyclonedx'], {
  cwd: ROOT,
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
})
const lock = readLockfile()
const installed = (path: string): boolean => existsSync(resolve(ROOT, path, 'package.json'))
const bom = productionSbom(parseSbom(JSON.parse(text)), lock, installed)
const problems = checkSbom(bom, lock, installed)
if (problems.length > 0) {
  for (const line of problems) console.error(line)
  console.error(`sbom: ${problems.length} problem(s); nothing written`)
  process.exit(1)
}
mkdirSync(dirname(out), { recursive: true })
writeFileSync(out, `${JSON.stringify(bom, null, 2)}\n`)
console.log(
  `sbom: ${bom.components.length} production components, checked against package-lock.json → ${out}`,
)
