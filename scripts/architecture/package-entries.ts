/**
 * The package's public doors as package.json declares them: the `exports` map, each subpath
 * traced back from its compiled file in dist/ to the TypeScript source it is built from, and the
 * `bin` commands.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { compareText } from './module-graph.ts'

export interface PackageManifest {
  readonly name: string
  readonly description: string
  readonly bin: Readonly<Record<string, string>>
  readonly exports: Readonly<Record<string, unknown>>
  readonly dependencies: Readonly<Record<string, string>>
}

export interface PackageEntry {
  /** The subpath in the exports map: `.`, `./data`. */
  readonly subpath: string
  /** What a user imports: `tradepulse`, `tradepulse/data`. */
  readonly specifier: string
  /** The source file, relative to the package root: `src/data/index.ts`. */
  readonly source: string
}

export function readManifest(root: string): PackageManifest {
  const json = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Partial<PackageManifest>
  return {
    name: json.name ?? 'package',
    description: json.description ?? '',
    bin: json.bin ?? {},
    exports: json.exports ?? {},
    dependencies: json.dependencies ?? {},
  }
}

/**
 * The exports whose target is compiled from a source file under src/, sorted by subpath.
 * `./dist/data/index.d.ts` (or `.js`) is built from `src/data/index.ts`; targets that are not
 * code (`./package.json`) are no part of the API.
 */
export function packageEntries(root: string, manifest: PackageManifest = readManifest(root)): PackageEntry[] {
  const entries: PackageEntry[] = []
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    const file = targetFile(target)
    const match = file === undefined ? null : /^\.\/dist\/(.+)\.(d\.ts|js)$/.exec(file)
    if (match === null) continue
    const source = `src/${match[1] ?? ''}.ts`
    if (!existsSync(join(root, source))) {
      throw new Error(`package.json exports["${subpath}"] points at ${file}, but ${source} does not exist`)
    }
    const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.replace(/^\.\//, '')}`
    entries.push({ subpath, specifier, source })
  }
  return entries.sort((a, b) => compareText(a.subpath, b.subpath))
}

/** The file an export target names: the `types` condition first, as it is what the API report reads. */
function targetFile(target: unknown): string | undefined {
  if (typeof target === 'string') return target
  if (typeof target !== 'object' || target === null) return undefined
  const conditions = target as Record<string, unknown>
  for (const key of ['types', 'import', 'default']) {
    const value = conditions[key]
    if (typeof value === 'string') return value
  }
  return undefined
}

/** `.` → `index`, `./data` → `data`, `./a/b` → `a-b`: the report's file name for an entry. */
export function entrySlug(subpath: string): string {
  return subpath === '.' ? 'index' : subpath.replace(/^\.\//, '').replace(/[^A-Za-z0-9_.-]+/g, '-')
}
