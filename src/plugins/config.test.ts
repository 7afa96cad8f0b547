import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { TradePulseError } from '../domain/errors.ts'
import { parseProjectConfig, readPluginAllowlist } from './config.ts'

const HASH = `sha512-${'A'.repeat(86)}==`
const work = mkdtempSync(join(tmpdir(), 'tradepulse-config-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

function failure(run: () => unknown): TradePulseError {
  try {
    run()
  } catch (error) {
    if (error instanceof TradePulseError) return error
    throw error
  }
  throw new Error('expected a TradePulseError')
}

describe('parseProjectConfig', () => {
  it('fills in the kind of a plugin and an absent plugin list', () => {
    expect(
      parseProjectConfig({ plugins: [{ name: 'x', path: './x.js', integrity: HASH }] }, 'c.json'),
    ).toEqual({
      plugins: [{ name: 'x', path: './x.js', integrity: HASH, kind: 'indicators' }],
    })
    expect(parseProjectConfig({}, 'c.json')).toEqual({ plugins: [] })
  })

  it('wants exactly one of path and package, naming the field', () => {
    const both = failure(() =>
      parseProjectConfig(
        { plugins: [{ name: 'x', path: './x.js', package: 'x', integrity: HASH }] },
        'c.json',
      ),
    )
    expect(both.code).toBe('PLUGIN_CONFIG_INVALID')
    expect(both.message).toBe('c.json: plugins.0.path: give exactly one of "path" and "package"')
    const neither = failure(() => parseProjectConfig({ plugins: [{ name: 'x', integrity: HASH }] }, 'c.json'))
    expect(neither.location.field).toBe('plugins.0.path')
  })

  it('refuses an integrity that is not a sha512 SRI string', () => {
    const error = failure(() =>
      parseProjectConfig({ plugins: [{ name: 'x', path: './x.js', integrity: 'sha256-abc=' }] }, 'c.json'),
    )
    expect(error.message).toBe(
      "c.json: plugins.0.integrity: must be 'sha512-' and the base64 of a SHA-512 digest",
    )
  })

  it('refuses unknown keys and a name listed twice', () => {
    expect(failure(() => parseProjectConfig({ plugin: [] }, 'c.json')).message).toBe(
      'c.json: unknown key "plugin"',
    )
    const twice = failure(() =>
      parseProjectConfig(
        {
          plugins: [
            { name: 'x', path: './x.js', integrity: HASH },
            { name: 'x', package: 'x', integrity: HASH },
          ],
        },
        'c.json',
      ),
    )
    expect(twice.message).toBe('c.json: plugins.1.name: plugin name "x" is listed twice')
  })
})

describe('readPluginAllowlist', () => {
  it('is empty for a project without a configuration file', () => {
    expect(readPluginAllowlist(work)).toEqual({ root: work, plugins: [] })
  })

  it('reports a file that is not JSON', () => {
    const file = join(work, 'broken.json')
    writeFileSync(file, '{ "plugins": [')
    const error = failure(() => readPluginAllowlist(work, file))
    expect(error.code).toBe('PLUGIN_CONFIG_INVALID')
    expect(error.message).toMatch(new RegExp(`^${file}: not JSON: `))
  })
})
