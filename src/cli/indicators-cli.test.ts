import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { INDICATORS } from '../indicators/registry.ts'
import { EXIT_OK, EXIT_USER_ERROR } from './main.ts'
import { runCaptured } from './testing/capture-io.ts'

const SP500 = 'data/sp500-2000.csv'
const work = mkdtempSync(join(tmpdir(), 'tradepulse-indicators-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

describe('tradepulse indicators list', () => {
  it('lists every registered indicator with its defaults and warm-up', async () => {
    const run = await runCaptured(['indicators', 'list'])
    expect(run.code).toBe(EXIT_OK)
    for (const indicator of INDICATORS) expect(run.stdout).toContain(`  ${indicator.name} `)
    expect(run.stdout).toContain('defaults: period=20')
    expect(run.stdout).toContain('warm-up: 19 bars')
  })

  it('prints each parameter schema as JSON Schema', async () => {
    const run = await runCaptured(['indicators', 'list', '--json'])
    const list = JSON.parse(run.stdout) as { name: string; params: { properties: Record<string, unknown> } }[]
    expect(list.map((i) => i.name)).toEqual(INDICATORS.map((i) => i.name))
    expect(list.find((i) => i.name === 'ema')?.params.properties['period']).toMatchObject({
      type: 'integer',
      minimum: 1,
      default: 20,
    })
  })
})

describe('tradepulse indicators compute', () => {
  it('prints the latest rows of an indicator over a bar file', async () => {
    const run = await runCaptured([
      'indicators',
      'compute',
      'sma',
      SP500,
      '--params',
      '{"period": 3}',
      '--tail',
      '2',
    ])
    expect(run.code).toBe(EXIT_OK)
    // The last three closes of the file are 2783.36, 2799.55 and 2874.56.
    expect(run.stdout).toContain('2020-04-17T00:00:00.000Z')
    expect(run.stdout).toMatch(/2819\.1567/)
  })

  it('writes every row to CSV, empty during the warm-up', async () => {
    const out = join(work, 'ema.csv')
    const run = await runCaptured([
      'indicators',
      'compute',
      'ema',
      SP500,
      '--params',
      '{"period": 10}',
      '--out',
      out,
      '--json',
    ])
    expect(run.code).toBe(EXIT_OK)
    const lines = readFileSync(out, 'utf8').trim().split('\n')
    expect(lines[0]).toBe('time,value')
    expect(lines).toHaveLength(5106)
    expect(lines[9]).toMatch(/^2000-01-13T00:00:00.000Z,$/)
    expect(lines[10]).toMatch(/^2000-01-14T00:00:00.000Z,\d+\.\d+$/)
    const json = JSON.parse(run.stdout) as { bars: number; warmup: number; latest: { value: number } }
    expect(json).toMatchObject({ bars: 5105, warmup: 9 })
    expect(Number(lines.at(-1)!.split(',')[1])).toBe(json.latest.value)
  })

  it('names the parameter at fault', async () => {
    const run = await runCaptured(['indicators', 'compute', 'ema', SP500, '--params', '{"period": 0}'])
    expect(run.code).toBe(EXIT_USER_ERROR)
    expect(run.stderr).toContain('ema.period: Too small: expected number to be >=1')
  })

  it('refuses malformed parameters, unknown indicators and fields', async () => {
    expect(
      (await runCaptured(['indicators', 'compute', 'ema', SP500, '--params', '{period: 1}'])).stderr,
    ).toContain('--params: not JSON')
    expect((await runCaptured(['indicators', 'compute', 'ema', SP500, '--params', '[1]'])).stderr).toContain(
      '--params: must be a JSON object',
    )
    expect((await runCaptured(['indicators', 'compute', 'nope', SP500])).stderr).toContain(
      'no indicator named "nope"',
    )
    expect((await runCaptured(['indicators', 'compute', 'ema', SP500, '--field', 'vwap'])).stderr).toContain(
      '--field: must be one of open, high, low, close, volume',
    )
  })
})
