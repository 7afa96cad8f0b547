/**
 * The production SBOM and its check against the lockfile it was made from: the shape the
 * CycloneDX 1.5 schema requires for what we publish, every production package listed once with
 * its purl, license and the same SHA-512 the lockfile pins, and a dependency graph whose
 * references all resolve. Pure; `sbom.ts` writes and checks.
 *
 * `npm sbom --omit dev` leaves out a production package that dev tools also use (semver, reached
 * from bullmq and from eslint), so the full SBOM is filtered to the lockfile's production
 * packages instead (`productionSbom`). Optional platform packages not installed on this machine
 * (another OS's native build) are not expected.
 */
import { z } from 'zod'
import { type Lockfile, packageName } from './lockfile-gate.ts'

const hash = z.strictObject({ alg: z.string(), content: z.string().regex(/^[0-9a-f]+$/) })
const license = z.union([
  z.object({ license: z.object({ id: z.string().optional(), name: z.string().optional() }) }),
  z.object({ expression: z.string() }),
])
const component = z.object({
  'bom-ref': z.string().min(1),
  type: z.enum(['library', 'application', 'framework']),
  name: z.string().min(1),
  version: z.string().min(1),
  purl: z.string().startsWith('pkg:npm/'),
  hashes: z.array(hash).optional(),
  licenses: z.array(license).optional(),
})
const sbomSchema = z.object({
  bomFormat: z.literal('CycloneDX'),
  specVersion: z.enum(['1.4', '1.5', '1.6']),
  serialNumber: z.string().regex(/^urn:uuid:[0-9a-f-]{36}$/),
  version: z.number().int().min(1),
  metadata: z.object({ timestamp: z.string(), component: component.partial({ purl: true }) }),
  components: z.array(component),
  dependencies: z.array(z.object({ ref: z.string(), dependsOn: z.array(z.string()).optional() })).optional(),
})

export type Sbom = z.infer<typeof sbomSchema>

export function parseSbom(input: unknown): Sbom {
  return sbomSchema.parse(input)
}

function purlOf(name: string, version: string): string {
  return `pkg:npm/${name.replace('@', '%40')}@${version}`
}

function sha512Hex(integrity: string): string | undefined {
  const match = /^sha512-(.+)$/.exec(integrity)
  return match === null ? undefined : Buffer.from(match[1]!, 'base64').toString('hex')
}

/** Production packages of the lockfile, as purls; optional ones only where `installed` says so. */
function productionPurls(lock: Lockfile, installed: (path: string) => boolean): Map<string, string> {
  const purls = new Map<string, string>()
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    if (path === '' || entry.dev === true || entry.devOptional === true || entry.version === undefined)
      continue
    if (entry.optional === true && !installed(path)) continue
    purls.set(purlOf(packageName(path), entry.version), path)
  }
  return purls
}

/** The full SBOM cut down to the production packages, its dependency graph with it. */
export function productionSbom(full: Sbom, lock: Lockfile, installed: (path: string) => boolean): Sbom {
  const wanted = productionPurls(lock, installed)
  const components = full.components.filter((c) => wanted.has(c.purl))
  const refs = new Set([full.metadata.component['bom-ref'], ...components.map((c) => c['bom-ref'])])
  const dependencies = (full.dependencies ?? [])
    .filter((d) => refs.has(d.ref))
    .map((d) => ({ ...d, dependsOn: (d.dependsOn ?? []).filter((r) => refs.has(r)) }))
  return { ...full, components, dependencies }
}

export function checkSbom(input: unknown, lock: Lockfile, installed: (path: string) => boolean): string[] {
  const parsed = sbomSchema.safeParse(input)
  if (!parsed.success) {
    return parsed.error.issues.map((i) => `SBOM ${i.path.join('.') || '(root)'}: ${i.message}`)
  }
  const bom = parsed.data
  const problems: string[] = []
  const byPurl = new Map<string, Sbom['components'][number]>()
  for (const c of bom.components) {
    if (byPurl.has(c.purl)) problems.push(`SBOM lists ${c.purl} twice`)
    byPurl.set(c.purl, c)
    if (c.licenses === undefined || c.licenses.length === 0) problems.push(`SBOM ${c.purl} has no license`)
  }
  const wanted = productionPurls(lock, installed)
  for (const [purl, path] of wanted) {
    const entry = lock.packages![path]!
    const c = byPurl.get(purl)
    if (c === undefined) {
      problems.push(`SBOM misses the production package ${packageName(path)}@${entry.version}`)
      continue
    }
    const expected = entry.integrity === undefined ? undefined : sha512Hex(entry.integrity)
    const listed = c.hashes?.find((h) => h.alg === 'SHA-512')?.content
    if (expected !== undefined && listed !== expected)
      problems.push(`SBOM ${purl}: SHA-512 ${listed ?? '(none)'} differs from the lockfile's integrity`)
  }
  for (const purl of byPurl.keys())
    if (!wanted.has(purl))
      problems.push(`SBOM lists ${purl}, which is not a production package of the lockfile`)
  const refs = new Set([bom.metadata.component['bom-ref'], ...bom.components.map((c) => c['bom-ref'])])
  for (const d of bom.dependencies ?? []) {
    for (const ref of [d.ref, ...(d.dependsOn ?? [])])
      if (!refs.has(ref)) problems.push(`SBOM dependency graph names ${ref}, which is not a component`)
  }
  return problems
}
