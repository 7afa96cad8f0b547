/**
 * The module graph: dependency-cruiser run over src/ with the project's rules
 * (.dependency-cruiser.js), folded from files to modules (folders directly under src/).
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type ICruiseResult, type IViolation, cruise } from 'dependency-cruiser'
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options'
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config'

export const RULES_FILE = '.dependency-cruiser.js'
const TEST_HELPER = /\/(testing|fixtures)\//

/** A row of the layer table in .dependency-cruiser.js. */
export interface Layer {
  readonly mayImport: readonly string[]
  readonly why: string
}

export interface ModuleNode {
  readonly name: string
  /** Production files (tests are outside the cruise). */
  readonly files: number
  /** Module imported → number of file-to-file imports of it. */
  readonly imports: ReadonlyMap<string, number>
  /** npm packages and Node built-ins imported, sorted. */
  readonly packages: readonly string[]
}

export interface ModuleGraph {
  /** Inside out: the layer table's order first, then undeclared modules alphabetically. */
  readonly modules: readonly ModuleNode[]
  readonly layers: Readonly<Record<string, Layer>>
  readonly violations: readonly IViolation[]
}

/** Cruises `root`/src with the rules in `root`/.dependency-cruiser.js. */
export async function cruiseSources(
  root: string,
): Promise<{ result: ICruiseResult; layers: Record<string, Layer> }> {
  const rulesPath = join(root, RULES_FILE)
  const options = await extractDepcruiseOptions(rulesPath)
  const tsConfigPath = join(root, 'tsconfig.json')
  const hasTsConfig = existsSync(tsConfigPath)
  // The configuration names tsconfig.json relative to the working directory; here it is the root's.
  const rest = { ...options }
  delete rest.tsConfig
  const outcome = await cruise(
    ['src'],
    {
      ...rest,
      ...(hasTsConfig ? { tsConfig: { fileName: tsConfigPath } } : {}),
      baseDir: root,
      validate: true,
    },
    {},
    hasTsConfig ? { tsConfig: extractTSConfig(tsConfigPath) } : {},
  )
  if (typeof outcome.output === 'string')
    throw new Error('dependency-cruiser returned a report, not a result')
  const config = (await import(pathToFileURL(rulesPath).href)) as { LAYERS?: Record<string, Layer> }
  return { result: outcome.output, layers: config.LAYERS ?? {} }
}

/** The module a source path belongs to: `src/data/csv/read.ts` → `data`; files directly in src/ → `src`. */
export function moduleOf(source: string): string | undefined {
  const parts = source.split('/')
  if (parts[0] !== 'src' || parts.length < 2) return undefined
  return parts.length === 2 ? 'src' : parts[1]
}

export function foldModules(result: ICruiseResult, layers: Readonly<Record<string, Layer>>): ModuleGraph {
  const files = new Map<string, number>()
  const imports = new Map<string, Map<string, number>>()
  const packages = new Map<string, Set<string>>()
  for (const file of result.modules) {
    const from = moduleOf(file.source)
    // Test helpers are in the cruise only so the rules can catch production code importing them.
    if (from === undefined || TEST_HELPER.test(file.source)) continue
    files.set(from, (files.get(from) ?? 0) + 1)
    const counts = imports.get(from) ?? new Map<string, number>()
    const used = packages.get(from) ?? new Set<string>()
    imports.set(from, counts)
    packages.set(from, used)
    for (const dependency of file.dependencies) {
      const to = moduleOf(dependency.resolved)
      if (to !== undefined) {
        if (to !== from) counts.set(to, (counts.get(to) ?? 0) + 1)
      } else if (dependency.dependencyTypes.includes('core')) {
        used.add(`node:${dependency.module.replace(/^node:/, '')}`)
      } else if (dependency.dependencyTypes.some((type) => type.startsWith('npm'))) {
        used.add(packageName(dependency.module))
      }
    }
  }
  const declared = Object.keys(layers)
  const rank = (name: string): number => {
    const index = declared.indexOf(name)
    return index === -1 ? declared.length : index
  }
  const names = [...files.keys()].sort((a, b) => rank(a) - rank(b) || compareText(a, b))
  const modules = names.map((name) => ({
    name,
    files: files.get(name) ?? 0,
    imports: new Map(
      [...(imports.get(name) ?? new Map<string, number>())].sort(
        ([a], [b]) => rank(a) - rank(b) || compareText(a, b),
      ),
    ),
    packages: [...(packages.get(name) ?? new Set<string>())].sort(compareText),
  }))
  return { modules, layers, violations: result.summary.violations }
}

/** `@scope/name/deep` → `@scope/name`, `name/deep` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/')
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/')
}

/** Code-point order, the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export function renderModules(graph: ModuleGraph): string {
  const lines = [
    '# Modules and their dependencies',
    '',
    '<!-- Generated by scripts/architecture/generate.ts from the code; do not edit. -->',
    '',
    'A module is a folder directly under `src/` (`src` stands for the files in `src/` itself, the',
    'package entry). The graph counts imports between production files; tests are left out. The',
    'rules are in `.dependency-cruiser.js` and `make architecture-check` enforces them.',
    '',
    '```mermaid',
    'flowchart BT',
  ]
  for (const module of graph.modules) {
    lines.push(
      `  ${nodeId(module.name)}["${module.name} (${module.files} ${module.files === 1 ? 'file' : 'files'})"]`,
    )
  }
  for (const module of graph.modules) {
    for (const [to, count] of module.imports)
      lines.push(`  ${nodeId(module.name)} -->|${count}| ${nodeId(to)}`)
  }
  lines.push('```', '')
  lines.push(
    '| module | files | imports (file-to-file imports) | packages and built-ins |',
    '| --- | ---: | --- | --- |',
  )
  for (const module of graph.modules) {
    const imported = [...module.imports].map(([to, count]) => `${to} (${count})`).join(', ') || '—'
    const packages = module.packages.map((name) => `\`${name}\``).join(', ') || '—'
    lines.push(`| \`${module.name}\` | ${module.files} | ${imported} | ${packages} |`)
  }
  lines.push('', '## What each module may import', '', '| module | may import | why |', '| --- | --- | --- |')
  for (const [name, layer] of Object.entries(graph.layers)) {
    lines.push(`| \`${name}\` | ${layer.mayImport.join(', ') || 'nothing'} | ${layer.why} |`)
  }
  lines.push('')
  return lines.join('\n')
}

/** Mermaid reserves some words (`end`) as node ids; a prefix keeps every module name safe. */
function nodeId(name: string): string {
  return `m_${name.replace(/[^A-Za-z0-9_]/g, '_')}`
}
