import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TradePulseError } from '../domain/errors.ts'
import { pinPlugin } from '../plugins/allowlist.ts'
import type { PluginAllowlist } from '../plugins/config.ts'
import { resolvePlugin } from '../plugins/integrity.ts'
import { regime } from './builtin/regime.ts'
import { parseStrategyParams } from './define.ts'
import { loadStrategy } from './load.ts'
import { getStrategy } from './registry.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** A project directory with a strategy package installed, as `npm install` would leave it. */
let project: string
/** The project's allowlist: every module in it pinned as it was written. */
let allowlist: PluginAllowlist

/** The fixture strategy of this repository, pinned in an allowlist rooted at the repository. */
const FIXTURE = './src/strategy/testing/fixture-strategy.ts'
const ROOT_ALLOWLIST: PluginAllowlist = {
  root: ROOT,
  plugins: [pinPlugin(resolvePlugin(FIXTURE, ROOT), ROOT, { kind: 'strategy' })],
}

const PACKAGE_MODULE = `import { z } from 'zod'
export const strategy = {
  name: 'always-long',
  title: 'Always long',
  description: 'Holds one lot from the first bar.',
  params: z.strictObject({ lots: z.number().int().min(1).default(1).describe('Lots held') }),
  create: (p) => ({ onBar: (ctx, e) => { ctx.targetPosition(e.instrumentId, p.lots) } }),
}
`

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'tradepulse-strategy-'))
  const modules = join(project, 'node_modules')
  const pkg = join(modules, 'tp-always-long')
  mkdirSync(join(pkg, 'lib'), { recursive: true })
  // The package's own dependency, installed beside it.
  symlinkSync(realpathSync(join(ROOT, 'node_modules', 'zod')), join(modules, 'zod'), 'dir')
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({ name: 'tp-always-long', type: 'module', exports: { '.': './lib/index.mjs' } }),
  )
  writeFileSync(join(pkg, 'lib', 'index.mjs'), PACKAGE_MODULE)
  writeFileSync(
    join(project, 'helpers.mjs'),
    'export const helper = 1\nexport function size() { return 2 }\n',
  )
  writeFileSync(join(project, 'broken.mjs'), 'export default {\n')
  writeFileSync(
    join(project, 'bad-params.mjs'),
    "export default { name: 'bad', title: 'B', description: 'B', params: {}, create() { return {} } }\n",
  )
  writeFileSync(join(project, 'unlisted.mjs'), PACKAGE_MODULE)
  allowlist = {
    root: project,
    plugins: ['tp-always-long', './helpers.mjs', './broken.mjs', './bad-params.mjs'].map((spec) =>
      pinPlugin(resolvePlugin(spec, project), project, { kind: 'strategy' }),
    ),
  }
})

afterAll(() => {
  rmSync(project, { recursive: true, force: true })
})

async function failure(run: () => Promise<unknown>): Promise<TradePulseError> {
  try {
    await run()
  } catch (error) {
    if (error instanceof TradePulseError) return error
    throw error
  }
  throw new Error('expected a TradePulseError')
}

describe('getStrategy', () => {
  it('finds a built-in and lists the built-ins when the name is unknown', () => {
    expect(getStrategy('regime')).toBe(regime)
    expect(() => getStrategy('regim')).toThrow(
      'no built-in strategy named "regim"; built-in: ma-crossover, mean-reversion, breakout, regime',
    )
  })
})

describe('loadStrategy', () => {
  it('returns a built-in by name', async () => {
    expect(await loadStrategy('regime', project, { allowlist: { root: project, plugins: [] } })).toBe(regime)
  })

  it('imports a TypeScript file by a path relative to the working directory', async () => {
    const loaded = await loadStrategy(FIXTURE, ROOT, { allowlist: ROOT_ALLOWLIST })
    expect(loaded.name).toBe('streak')
    expect(parseStrategyParams(loaded, {})).toEqual({ rise: 3, fall: 2 })
  })

  it('imports an installed package, resolved from the working directory, and takes its `strategy` export', async () => {
    const loaded = await loadStrategy('tp-always-long', project, { allowlist })
    expect(loaded.name).toBe('always-long')
    expect(parseStrategyParams(loaded, {})).toEqual({ lots: 1 })
  })

  it('says which names it tried when nothing goes by the name', async () => {
    const error = await failure(() => loadStrategy('tp-not-installed', project, { allowlist }))
    expect(error.code).toBe('STRATEGY_NOT_FOUND')
    expect(error.message).toBe(
      `"tp-not-installed" is neither a built-in strategy (ma-crossover, mean-reversion, breakout, regime), a path, nor a package installed in ${project}`,
    )
    const missing = await failure(() => loadStrategy('./nowhere.ts', project, { allowlist }))
    expect(missing.code).toBe('STRATEGY_NOT_FOUND')
    expect(missing.message).toBe(`./nowhere.ts: strategy file ${join(project, 'nowhere.ts')} does not exist`)
  })

  it('names the module and what it exports when there is no definition', async () => {
    const error = await failure(() => loadStrategy('./helpers.mjs', project, { allowlist }))
    expect(error.code).toBe('STRATEGY_LOAD_FAILED')
    expect(error.message).toBe(
      './helpers.mjs: exports no strategy as "default" or "strategy"; it exports "helper", "size"',
    )
  })

  it('reports a module that does not import, and an export that is not a valid definition', async () => {
    const broken = await failure(() => loadStrategy('./broken.mjs', project, { allowlist }))
    expect(broken.code).toBe('STRATEGY_LOAD_FAILED')
    expect(broken.message).toMatch(/^\.\/broken\.mjs: could not be imported: /)
    const bad = await failure(() => loadStrategy('./bad-params.mjs', project, { allowlist }))
    expect(bad.message).toBe(
      'params: ./bad-params.mjs: "params" must be a zod object (z.strictObject({...}))',
    )
  })

  it('refuses a file that is not on the allowlist, naming it and its hash, without running it', async () => {
    const error = await failure(() => loadStrategy('./unlisted.mjs', project, { allowlist }))
    expect(error.code).toBe('PLUGIN_NOT_ALLOWED')
    expect(error.message).toMatch(
      /^\.\/unlisted\.mjs: plugin "\.\/unlisted\.mjs" is not in the allowlist .*; its integrity is sha512-[A-Za-z0-9+/]{86}==\./,
    )
  })

  it('refuses a package whose files changed after it was pinned, naming both hashes', async () => {
    const pinned = allowlist.plugins.find((p) => p.package === 'tp-always-long')!
    const manifest = join(project, 'node_modules', 'tp-always-long', 'package.json')
    const original = readFileSync(manifest, 'utf8')
    writeFileSync(manifest, original.replace('"type"', '"version":"6.6.6","type"'))
    try {
      const error = await failure(() => loadStrategy('tp-always-long', project, { allowlist }))
      expect(error.code).toBe('PLUGIN_INTEGRITY_MISMATCH')
      expect(error.message).toContain(
        `plugin "tp-always-long" has changed since it was pinned: expected ${pinned.integrity}, actual sha512-`,
      )
      expect(error.message).not.toContain(`actual ${pinned.integrity}`)
    } finally {
      writeFileSync(manifest, original)
    }
  })

  it("reads the allowlist from the project's tradepulse.config.json when none is given", async () => {
    const helpers = allowlist.plugins.find((p) => p.path === './helpers.mjs')!
    const config = join(project, 'tradepulse.config.json')
    writeFileSync(config, JSON.stringify({ plugins: [helpers] }))
    try {
      expect((await failure(() => loadStrategy('./helpers.mjs', project))).code).toBe('STRATEGY_LOAD_FAILED')
      expect((await failure(() => loadStrategy('./broken.mjs', project))).code).toBe('PLUGIN_NOT_ALLOWED')
    } finally {
      rmSync(config)
    }
  })
})
