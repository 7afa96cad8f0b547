import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TradePulseError } from '../domain/errors.ts'
import { INDICATORS } from '../indicators/registry.ts'
import { pinPlugin } from './allowlist.ts'
import type { PluginAllowlist } from './config.ts'
import { loadIndicatorPlugins } from './indicator-plugins.ts'
import { resolvePlugin } from './integrity.ts'
import { EXAMPLE_ALLOWLIST, EXAMPLE_PLUGIN_ENTRY, REPOSITORY_ROOT } from './testing/example-plugin.ts'

/** A project holding a copy of the sample plugin and a few broken ones. */
let project: string

const ZOD = JSON.stringify(join(REPOSITORY_ROOT, 'node_modules', 'zod', 'index.js'))

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'tradepulse-plugins-'))
  cpSync(join(REPOSITORY_ROOT, 'examples', 'plugin-indicators'), join(project, 'example'), {
    recursive: true,
  })
  writeFileSync(join(project, 'nothing.mjs'), 'export const helper = 1\n')
  writeFileSync(join(project, 'broken.mjs'), 'export default [\n')
  writeFileSync(
    join(project, 'bad-category.mjs'),
    `import { z } from ${ZOD}
export default { name: 'odd', title: 'Odd', description: 'Odd.', category: 'astrology', inputs: ['value'],
  outputs: ['value'], params: z.strictObject({}), warmup: () => 0, batch: () => ({}), stream: () => ({}) }
`,
  )
  writeFileSync(
    join(project, 'clash.mjs'),
    `import { z } from ${ZOD}
export const indicators = [{ name: 'rsi', title: 'Not RSI', description: 'A second rsi.', category: 'momentum',
  inputs: ['value'], outputs: ['value'], params: z.strictObject({}), warmup: () => 0,
  batch: (i) => ({ value: i.value }), stream: () => ({ update: (r) => r, reset() {} }) }]
`,
  )
})

afterAll(() => {
  rmSync(project, { recursive: true, force: true })
})

function pinned(...specs: string[]): PluginAllowlist {
  return { root: project, plugins: specs.map((spec) => pinPlugin(resolvePlugin(spec, project), project)) }
}

async function failure(run: () => Promise<unknown>): Promise<TradePulseError> {
  try {
    await run()
  } catch (error) {
    if (error instanceof TradePulseError) return error
    throw error
  }
  throw new Error('expected a TradePulseError')
}

describe('loadIndicatorPlugins', () => {
  it('adds an allowed plugin after the built-ins and says where each indicator comes from', async () => {
    const registry = await loadIndicatorPlugins(['./examples/plugin-indicators/index.js'], {
      cwd: REPOSITORY_ROOT,
      allowlist: EXAMPLE_ALLOWLIST,
    })
    expect(registry.names()).toEqual([...INDICATORS.map((i) => i.name), 'efficiency-ratio', 'close-zscore'])
    expect(registry.sourceOf('rsi')).toBe('built-in')
    expect(registry.sourceOf('close-zscore')).toBe('plugin "example" (./examples/plugin-indicators/index.js)')
  })

  it('loads every indicator plugin of the allowlist when asked, once even when also named', async () => {
    const registry = await loadIndicatorPlugins(['./examples/plugin-indicators/index.js'], {
      cwd: REPOSITORY_ROOT,
      allowlist: EXAMPLE_ALLOWLIST,
      includeAllowlisted: true,
    })
    expect(registry.indicators).toHaveLength(INDICATORS.length + 2)
  })

  it('refuses a tampered copy of the sample plugin, naming the expected and the actual hash', async () => {
    const copy = join(project, 'example', 'index.js')
    const original = readFileSync(copy, 'utf8')
    writeFileSync(copy, original.replace('return Math.min(1, net / this.path)', 'return 1'))
    try {
      // The copy is pinned with the genuine plugin's hash, as a project that pinned it would have it.
      const allowlist = { root: project, plugins: [{ ...EXAMPLE_PLUGIN_ENTRY, path: './example/index.js' }] }
      const error = await failure(() =>
        loadIndicatorPlugins(['./example/index.js'], { cwd: project, allowlist }),
      )
      expect(error.code).toBe('PLUGIN_INTEGRITY_MISMATCH')
      expect(error.message).toMatch(
        new RegExp(
          `^\\./example/index\\.js: plugin "example" has changed since it was pinned: expected ${EXAMPLE_PLUGIN_ENTRY.integrity.replace(/[+/]/g, '\\$&')}, actual sha512-[A-Za-z0-9+/]{86}==$`,
        ),
      )
    } finally {
      writeFileSync(copy, original)
    }
  })

  it('refuses a plugin that is not on the allowlist before running it', async () => {
    const error = await failure(() =>
      loadIndicatorPlugins(['./broken.mjs'], { cwd: project, allowlist: { root: project, plugins: [] } }),
    )
    expect(error.code).toBe('PLUGIN_NOT_ALLOWED')
    expect(error.message).toContain('plugin "./broken.mjs" is not in the allowlist')
  })

  it('refuses an indicator whose name is taken, naming both sources', async () => {
    const error = await failure(() =>
      loadIndicatorPlugins(['./clash.mjs'], { cwd: project, allowlist: pinned('./clash.mjs') }),
    )
    expect(error.code).toBe('PLUGIN_NAME_CLASH')
    expect(error.message).toBe(
      'rsi: indicator "rsi" from plugin "clash" (./clash.mjs) clashes with the one from built-in',
    )
  })

  it('names the plugin and the field of a broken definition', async () => {
    const error = await failure(() =>
      loadIndicatorPlugins(['./bad-category.mjs'], { cwd: project, allowlist: pinned('./bad-category.mjs') }),
    )
    expect(error.code).toBe('PLUGIN_LOAD_FAILED')
    expect(error.message).toBe(
      'plugin "bad-category" (./bad-category.mjs): odd.category: "category" must be one of trend, momentum, volatility, volume, statistics, geometric',
    )
  })

  it('reports a module that does not import, or exports no definitions', async () => {
    const broken = await failure(() =>
      loadIndicatorPlugins(['./broken.mjs'], { cwd: project, allowlist: pinned('./broken.mjs') }),
    )
    expect(broken.code).toBe('PLUGIN_LOAD_FAILED')
    expect(broken.message).toMatch(/^plugin "broken" \(\.\/broken\.mjs\): could not be imported: /)
    const nothing = await failure(() =>
      loadIndicatorPlugins(['./nothing.mjs'], { cwd: project, allowlist: pinned('./nothing.mjs') }),
    )
    expect(nothing.message).toBe(
      'plugin "nothing" (./nothing.mjs): exports no indicator definitions as "default" or "indicators"; it exports "helper"',
    )
  })
})
