import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { checkArchitecture, shortDiff } from './check.ts'
import { ARCHITECTURE_DIR, generateArchitecture, writeDocuments } from './generate.ts'
import { cruiseSources } from './module-graph.ts'
import { fixturePackage, writeFile } from './testing/fixture-package.ts'

const LAYERED = {
  'src/index.ts': "export { price } from './domain/price.ts'\n",
  'src/domain/price.ts': 'export function price(ticks: number): number {\n  return ticks / 100\n}\n',
  'src/data/bars.ts': "import { price } from '../domain/price.ts'\nexport const first = price(1)\n",
  'src/cli/main.ts': "import { first } from '../data/bars.ts'\nexport const shown = String(first)\n",
}

const roots: string[] = []
function fixture(files: Readonly<Record<string, string>>): string {
  const root = fixturePackage(files)
  roots.push(root)
  return root
}
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
})

async function violations(root: string): Promise<string[]> {
  const { result } = await cruiseSources(root)
  return result.summary.violations.map(
    (violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`,
  )
}

describe('the dependency rules', () => {
  it('accept a tree whose imports point inward', async () => {
    expect(await violations(fixture(LAYERED))).toEqual([])
  })

  it('catch the domain importing the CLI', async () => {
    const root = fixture({
      ...LAYERED,
      'src/domain/price.ts':
        "import { shown } from '../cli/main.ts'\nexport const price = (t: number): number => t + shown.length\n",
    })
    expect(await violations(root)).toContain('layer-domain: src/domain/price.ts → src/cli/main.ts')
  })

  it('catch production code importing a test helper, and the domain doing I/O', async () => {
    const root = fixture({
      ...LAYERED,
      'src/data/testing/bars.ts': 'export const sample = [1, 2, 3]\n',
      'src/data/bars.ts': "import { sample } from './testing/bars.ts'\nexport const first = sample[0]\n",
      'src/domain/clock.ts':
        "import { readFileSync } from 'node:fs'\nexport const read = (p: string): string => readFileSync(p, 'utf8')\n",
    })
    const found = await violations(root)
    expect(found).toContain('no-test-code-in-production: src/data/bars.ts → src/data/testing/bars.ts')
    expect(found).toContain('domain-no-io: src/domain/clock.ts → fs')
  })

  it('catch a module nobody declared', async () => {
    const root = fixture({
      ...LAYERED,
      'src/gadgets/x.ts': 'export const x = 1\n',
      'src/cli/main.ts': "export { x } from '../gadgets/x.ts'\n",
    })
    expect(await violations(root)).toContain('module-declared: src/cli/main.ts → src/gadgets/x.ts')
  })
})

describe('the generated architecture documents', () => {
  it('are byte-identical when generated twice', async () => {
    const root = fixture(LAYERED)
    const first = await generateArchitecture(root)
    const second = await generateArchitecture(root)
    expect([...first.keys()]).toEqual(['c4-container.md', 'c4-context.md', 'entry-points.md', 'modules.md'])
    expect(second).toEqual(first)
    expect(first.get('modules.md')).toContain('m_cli -->|1| m_data')
    expect(first.get('entry-points.md')).toContain('- function: `price`')
  })

  it('show a new entry point on regeneration', async () => {
    const root = fixture(LAYERED)
    writeFile(
      root,
      'package.json',
      JSON.stringify({
        name: 'fixture',
        type: 'module',
        exports: { '.': './dist/index.js', './data': './dist/data/bars.js' },
      }),
    )
    const documents = await generateArchitecture(root)
    expect(documents.get('entry-points.md')).toContain('### `fixture/data`')
    expect(documents.get('c4-container.md')).toContain('Entry points: fixture, fixture/data')
  })

  it('fail the check when a committed file is stale, naming it with a diff', async () => {
    const root = fixture(LAYERED)
    const dir = join(root, ARCHITECTURE_DIR)
    writeDocuments(dir, await generateArchitecture(root))
    expect(await checkArchitecture(root)).toEqual([])

    const modules = readFileSync(join(dir, 'modules.md'), 'utf8')
    writeFile(
      root,
      `${ARCHITECTURE_DIR}/modules.md`,
      modules.replace('m_cli -->|1| m_data', 'm_cli -->|7| m_data'),
    )
    const stale = await checkArchitecture(root)
    expect(stale.map((file) => file.file)).toEqual(['modules.md'])
    expect(stale[0]?.diff).toContain('- ')
    expect(stale[0]?.diff).toContain('m_cli -->|7| m_data')
    expect(stale[0]?.diff).toContain('+   m_cli -->|1| m_data')
  })
})

describe('shortDiff', () => {
  it('shows the first differing lines of each side and where they start', () => {
    expect(shortDiff('a\nb\nc\n', 'a\nB\nc\n')).toBe('  @@ line 2\n  - b\n  + B')
  })
})
