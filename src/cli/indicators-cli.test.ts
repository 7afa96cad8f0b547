import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
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
    // An allowlist with no plugins: the built-ins alone (plugins-cli.test.ts lists them with plugins).
    const config = join(work, 'no-plugins.json')
    writeFileSync(config, '{"plugins": []}')
    const run = await runCaptured(['indicators', 'list', '--json', '--config', config])
    const list = JSON.parse(run.stdout) as { name: string; params: { properties: Record<string, unknown> } }[]
    expect(list.map((i) => i.name)).toEqual(INDICATORS.map((i) => i.name))
    expect(list.find((i) => i.name === 'ema')?.params.properties.period).toMatchObject({
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

  it('runs an order-flow indicator on bars, their volume classified by the tick rule', async () => {
    const run = await runCaptured(['indicators', 'compute', 'cumulative-volume-delta', SP500, '--json'])
    expect(run.code, run.stderr).toBe(EXIT_OK)
    const json = JSON.parse(run.stdout) as { latest: { value: number } }
    // The tick rule by hand over the file: + volume on an up close, − on a down one, the last
    // direction on an unchanged one, nothing before the first change (half bought, half sold).
    const rows = readFileSync(SP500, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','))
    let delta = 0
    let direction = 0
    for (let i = 0; i < rows.length; i++) {
      const close = Number(rows[i]![4])
      if (i > 0 && close !== Number(rows[i - 1]![4])) direction = close > Number(rows[i - 1]![4]) ? 1 : -1
      delta += direction * Number(rows[i]![6])
    }
    expect(json.latest.value).toBeCloseTo(delta, 0)
  })

  it('refuses an indicator that needs quotes on bar data, naming the column', async () => {
    const run = await runCaptured(['indicators', 'compute', 'queue-imbalance', SP500])
    expect(run.code).toBe(EXIT_USER_ERROR)
    expect(run.stderr).toContain('queue-imbalance reads "bidSize", which this data does not have')
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

  it('counts the warm-up on the file’s own bars: daily data with weekly to bimonthly scales', async () => {
    const params = '{"timeframes":["1d","5d","15d","60d"]}'
    const text = await runCaptured([
      'indicators',
      'compute',
      'multiscale-kuramoto',
      SP500,
      '--params',
      params,
    ])
    expect(text.code).toBe(EXIT_OK)
    // Not the 2,678,400 one-minute bars that 31 sixty-day buckets would take.
    expect(text.stdout).toContain('warm-up: 1252 bars')
    const run = await runCaptured([
      'indicators',
      'compute',
      'market-phase',
      SP500,
      '--params',
      params,
      '--json',
    ])
    const json = JSON.parse(run.stdout) as { warmup: number; firstDefinedRow: number | null }
    expect(json).toMatchObject({ warmup: 1252, firstDefinedRow: 1252 })
  })

  it('counts the warm-up on minute bars the same way', async () => {
    const run = await runCaptured([
      'indicators',
      'compute',
      'multiscale-kuramoto',
      'data/universe/SIM000.csv',
      '--json',
    ])
    const json = JSON.parse(run.stdout) as { warmup: number; firstDefinedRow: number | null }
    expect(json).toMatchObject({ warmup: 1860, firstDefinedRow: 1860, warmupIsLowerBound: false })
  })

  it('says when the warm-up is only a lower bound, and where the values start', async () => {
    const text = await runCaptured(['indicators', 'compute', 'vpin', SP500])
    expect(text.stdout).toMatch(
      /warm-up: at least 50 bars \(it depends on the data; the first value is at row (\d+)\)/,
    )
    const run = await runCaptured(['indicators', 'compute', 'vpin', SP500, '--json'])
    const json = JSON.parse(run.stdout) as {
      warmup: number
      firstDefinedRow: number
      warmupIsLowerBound: boolean
    }
    expect(json).toMatchObject({ warmup: 50, warmupIsLowerBound: true })
    expect(json.firstDefinedRow).toBeGreaterThan(50)
    expect(text.stdout).toContain(`the first value is at row ${json.firstDefinedRow})`)
  })
})

describe('tradepulse analyze', () => {
  it('reads a universe directory: Kuramoto R across assets and every asset phase', async () => {
    const run = await runCaptured(['analyze', 'data/universe', '--json'])
    expect(run.code).toBe(EXIT_OK)
    const report = JSON.parse(run.stdout) as {
      kuramoto: { assets: number; bars: number; r: number }
      assets: { asset: string; entropy: number; ricci: number; hurst: number; vpin: number; phase: string }[]
    }
    expect(report.kuramoto).toMatchObject({ assets: 6, bars: 4320 })
    expect(report.kuramoto.r).toBeGreaterThanOrEqual(0)
    expect(report.kuramoto.r).toBeLessThanOrEqual(1)
    expect(report.assets.map((a) => a.asset)).toEqual([
      'SIM000.csv',
      'SIM001.csv',
      'SIM002.csv',
      'SIM003.csv',
      'SIM004.csv',
      'SIM005.csv',
    ])
    for (const a of report.assets) {
      expect(a.entropy).toBeGreaterThan(0)
      expect(a.entropy).toBeLessThanOrEqual(Math.log(30))
      expect(a.hurst).toBeGreaterThanOrEqual(0)
      expect(a.hurst).toBeLessThanOrEqual(1)
      expect(['chaotic', 'proto-emergent', 'strong-emergent', 'transition', 'post-emergent']).toContain(
        a.phase,
      )
    }
  })

  it('reads a single file with a chart of the entry signal', async () => {
    const run = await runCaptured(['analyze', SP500, '--window', '250'])
    expect(run.code).toBe(EXIT_OK)
    expect(run.stdout).toContain('data/sp500-2000.csv: 1 asset, window 250')
    expect(run.stdout).toContain('market-phase entry signal')
    expect(run.stdout).not.toContain('Kuramoto R across')
  })

  it('names a path that is not there and a window that is too small', async () => {
    expect((await runCaptured(['analyze', 'nope/'])).stderr).toContain('nope/: no such file or directory')
    expect((await runCaptured(['analyze', SP500, '--window', '5'])).stderr).toContain(
      '--window: must be an integer from 20',
    )
  })
})
