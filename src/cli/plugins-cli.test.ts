import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { INDICATORS } from '../indicators/registry.ts'
import { EXAMPLE_PLUGIN_ENTRY, REPOSITORY_ROOT } from '../plugins/testing/example-plugin.ts'
import { EXIT_OK, EXIT_USER_ERROR } from './main.ts'
import { runCaptured } from './testing/capture-io.ts'

const SP500 = 'data/sp500-2000.csv'
const PLUGIN = './examples/plugin-indicators/index.js'
const work = mkdtempSync(join(tmpdir(), 'tradepulse-plugins-cli-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

/** A configuration in the temporary folder that pins the sample plugin by its absolute path. */
function exampleConfig(): string {
  const file = join(work, 'example.config.json')
  const entry = { ...EXAMPLE_PLUGIN_ENTRY, path: join(REPOSITORY_ROOT, PLUGIN) }
  writeFileSync(file, JSON.stringify({ plugins: [entry] }))
  return file
}

describe('indicators with --plugin', () => {
  it('lists the plugin indicators under the plugin, after the built-ins', async () => {
    const run = await runCaptured([
      'indicators',
      'list',
      '--json',
      '--plugin',
      PLUGIN,
      '--config',
      exampleConfig(),
    ])
    expect(run.code, run.stderr).toBe(EXIT_OK)
    const list = JSON.parse(run.stdout) as { name: string; source: string }[]
    expect(list.map((i) => i.name)).toEqual([
      ...INDICATORS.map((i) => i.name),
      'efficiency-ratio',
      'close-zscore',
    ])
    expect(list.at(-1)?.source).toBe(`plugin "example" (${PLUGIN})`)
  })

  it('computes a plugin indicator over a bar file', async () => {
    const run = await runCaptured([
      'indicators',
      'compute',
      'efficiency-ratio',
      SP500,
      '--plugin',
      PLUGIN,
      '--config',
      exampleConfig(),
      '--params',
      '{"period": 2}',
      '--json',
    ])
    expect(run.code, run.stderr).toBe(EXIT_OK)
    // The last three closes of the file are 2783.36, 2799.55 and 2874.56: net 91.2 over a path of
    // 16.19 + 75.01 = 91.2, a straight line.
    const result = JSON.parse(run.stdout) as { latest: { value: number }; warmup: number }
    expect(result.warmup).toBe(2)
    expect(result.latest.value).toBeCloseTo(1, 12)
  })

  it('refuses a plugin that the configuration does not list', async () => {
    const empty = join(work, 'empty.config.json')
    writeFileSync(empty, '{"plugins": []}')
    const run = await runCaptured(['indicators', 'list', '--plugin', PLUGIN, '--config', empty])
    expect(run.code).toBe(EXIT_USER_ERROR)
    expect(run.stderr).toContain(`error: ${PLUGIN}: plugin "${PLUGIN}" is not in the allowlist`)
    expect(run.stderr).toContain(`its integrity is ${EXAMPLE_PLUGIN_ENTRY.integrity}`)
  })

  it('adds the latest plugin readings to analyze', async () => {
    const run = await runCaptured(['analyze', SP500, '--json', '--config', exampleConfig()])
    expect(run.code, run.stderr).toBe(EXIT_OK)
    const result = JSON.parse(run.stdout) as { assets: { plugins: Record<string, number | null> }[] }
    expect(Object.keys(result.assets[0]!.plugins)).toEqual(['efficiency-ratio.value', 'close-zscore.value'])
  })
})

describe('tradepulse plugins pin and verify', () => {
  it('pins a plugin into a configuration that verify then accepts, and refuses it once tampered', async () => {
    const folder = mkdtempSync(join(work, 'project-'))
    cpSync(join(REPOSITORY_ROOT, 'examples', 'plugin-indicators', 'index.js'), join(folder, 'ind.js'))
    const config = join(folder, 'tradepulse.config.json')
    const printed = await runCaptured(['plugins', 'pin', join(folder, 'ind.js'), '--config', config])
    expect(JSON.parse(printed.stdout)).toEqual({
      name: 'ind',
      path: './ind.js',
      integrity: EXAMPLE_PLUGIN_ENTRY.integrity,
    })
    const write = await runCaptured(['plugins', 'pin', join(folder, 'ind.js'), '--config', config, '--write'])
    expect(write.code, write.stderr).toBe(EXIT_OK)
    expect(JSON.parse(readFileSync(config, 'utf8'))).toEqual({ plugins: [JSON.parse(printed.stdout)] })
    expect((await runCaptured(['plugins', 'verify', '--config', config])).stdout).toBe('ind (./ind.js): ok\n')

    writeFileSync(join(folder, 'ind.js'), '// planted\n', { flag: 'a' })
    const verify = await runCaptured(['plugins', 'verify', '--config', config])
    expect(verify.code).toBe(EXIT_USER_ERROR)
    expect(verify.stdout).toMatch(/^ind \(\.\/ind\.js\): CHANGED: expected sha512-\S+, actual sha512-\S+\n$/)
    expect(verify.stderr).toBe('error: 1 of 1 plugins changed since they were pinned: ind\n')
  })

  it('accepts the repository configuration as it is committed', async () => {
    const run = await runCaptured([
      'plugins',
      'verify',
      '--config',
      join(REPOSITORY_ROOT, 'tradepulse.config.json'),
    ])
    expect(run.code, run.stderr).toBe(EXIT_OK)
    expect(run.stdout).toBe(`example (${PLUGIN}): ok\n`)
  })
})
