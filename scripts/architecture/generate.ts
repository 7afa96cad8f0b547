/**
 * Writes the architecture documents under docs/architecture/ from the code: the module graph,
 * C4 context and container diagrams, and the entry points. Output depends on the code alone
 * (sorted, no dates), so a rerun is byte-identical and CI can check it (check.ts).
 * Usage: node scripts/architecture/generate.ts [--out DIR]
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { collectApi } from './api-surface.ts'
import { presentFeatures, renderContainers, renderContext } from './c4.ts'
import { cliCommands } from './cli-commands.ts'
import { renderEntryPoints } from './entry-points.ts'
import { cruiseSources, foldModules, renderModules } from './module-graph.ts'
import { packageEntries, readManifest } from './package-entries.ts'

export const ARCHITECTURE_DIR = 'docs/architecture'

/** File name → contents of every generated architecture document for the package at `root`. */
export async function generateArchitecture(root: string): Promise<Map<string, string>> {
  const manifest = readManifest(root)
  const entries = packageEntries(root, manifest)
  const commands = await cliCommands(root)
  const { result, layers } = await cruiseSources(root)
  const facts = { manifest, entries, commands, present: presentFeatures(root) }
  return new Map([
    ['c4-container.md', renderContainers(facts)],
    ['c4-context.md', renderContext(facts)],
    [
      'entry-points.md',
      renderEntryPoints(collectApi(root, entries), commands, Object.keys(manifest.bin).sort()),
    ],
    ['modules.md', renderModules(foldModules(result, layers))],
  ])
}

export function writeDocuments(dir: string, documents: ReadonlyMap<string, string>): void {
  mkdirSync(dir, { recursive: true })
  for (const [file, text] of documents) writeFileSync(join(dir, file), text)
}

if (import.meta.main) {
  const root = process.cwd()
  const outIndex = process.argv.indexOf('--out')
  const out = resolve(
    root,
    outIndex === -1 ? ARCHITECTURE_DIR : (process.argv[outIndex + 1] ?? ARCHITECTURE_DIR),
  )
  writeDocuments(out, await generateArchitecture(root))
  console.log(`architecture: wrote ${out}`)
}
