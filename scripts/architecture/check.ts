/**
 * Fails when the committed architecture documents are not what the code generates: regenerates
 * into a temporary folder, compares byte for byte, and names each stale file with a short diff.
 * Usage: node scripts/architecture/check.ts   (exit 0 up to date, 1 stale)
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ARCHITECTURE_DIR, generateArchitecture, writeDocuments } from './generate.ts'
import { compareText } from './module-graph.ts'

export interface StaleFile {
  readonly file: string
  /** A few lines around the first difference, `-` committed and `+` generated. */
  readonly diff: string
}

/** Compares the documents in `generatedDir` with those in `committedDir`, file by file. */
export function staleFiles(generatedDir: string, committedDir: string): StaleFile[] {
  const generated = readdirSync(generatedDir)
  const committed = existsSync(committedDir)
    ? readdirSync(committedDir).filter((file) => file.endsWith('.md'))
    : []
  const stale: StaleFile[] = []
  for (const file of [...new Set([...generated, ...committed])].sort(compareText)) {
    if (!generated.includes(file)) {
      stale.push({ file, diff: '  (no longer generated: delete it)' })
      continue
    }
    const want = readFileSync(join(generatedDir, file), 'utf8')
    if (!committed.includes(file)) {
      stale.push({ file, diff: '  (missing: generate it)' })
      continue
    }
    const have = readFileSync(join(committedDir, file), 'utf8')
    if (have !== want) stale.push({ file, diff: shortDiff(have, want) })
  }
  return stale
}

/** The first differing region of two texts, at most `context` lines of each. */
export function shortDiff(before: string, after: string, context = 5): string {
  const a = before.split('\n')
  const b = after.split('\n')
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1
    endB -= 1
  }
  const removed = a.slice(start, Math.min(endA, start + context)).map((line) => `  - ${line}`)
  const added = b.slice(start, Math.min(endB, start + context)).map((line) => `  + ${line}`)
  const more = endA - start > context || endB - start > context ? ['  …'] : []
  return [`  @@ line ${start + 1}`, ...removed, ...added, ...more].join('\n')
}

/** Regenerates the documents of the package at `root` and compares them with the committed ones. */
export async function checkArchitecture(root: string): Promise<StaleFile[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'tradepulse-architecture-'))
  try {
    writeDocuments(scratch, await generateArchitecture(root))
    return staleFiles(scratch, join(root, ARCHITECTURE_DIR))
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

if (import.meta.main) {
  const stale = await checkArchitecture(process.cwd())
  for (const { file, diff } of stale)
    console.error(`architecture-check: ${ARCHITECTURE_DIR}/${file} is stale\n${diff}`)
  if (stale.length > 0) {
    console.error('architecture-check: run `make docs-architecture` and commit the result.')
    process.exit(1)
  }
  console.log('architecture-check: docs/architecture is up to date')
}
