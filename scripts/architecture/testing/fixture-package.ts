/** A tiny package in a temporary folder, with the project's dependency rules, for the architecture tests. */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

/** Writes `files` (path → text) under a fresh folder holding package.json and .dependency-cruiser.js. */
export function fixturePackage(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'tradepulse-fixture-'))
  copyFileSync(join(REPO_ROOT, '.dependency-cruiser.js'), join(root, '.dependency-cruiser.js'))
  const all: Record<string, string> = {
    'package.json': JSON.stringify({
      name: 'fixture',
      description: 'A fixture package',
      type: 'module',
      exports: { '.': { types: './dist/index.d.ts' }, './package.json': './package.json' },
    }),
    ...files,
  }
  for (const [path, text] of Object.entries(all)) writeFile(root, path, text)
  return root
}

export function writeFile(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true })
  writeFileSync(join(root, path), text)
}
