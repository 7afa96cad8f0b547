import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EXIT_OK, EXIT_USER_ERROR } from '../main.ts'
import { runCaptured } from '../testing/capture-io.ts'
import { writeWaveBars } from '../../research/testing/wave-bars.ts'

const work = mkdtempSync(join(tmpdir(), 'tradepulse-sweep-cli-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

function writeBars(name: string, bars = 300): string {
  return writeWaveBars(join(work, name), bars)
}

const csv = writeBars('wave.csv')
const small = ['--param', 'fast=2:8:2', '--param', 'slow=5:14:3', '--param', 'average=sma']

function results(folder: string): { index: number }[] {
  return readFileSync(join(folder, 'results.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { index: number })
}

interface Summary {
  folder: string
  combinations: number
  evaluated: number
  resumed: number
  skipped: number
  top: {
    position: number
    params: Record<string, unknown>
    value: number
    metrics: { strategy: { sharpe: number } }
  }[]
}

describe('tradepulse sweep', () => {
  it('runs the grid on worker threads, prints the best ten and the folder', async () => {
    const out = join(work, 'table')
    const run = await runCaptured([
      'sweep',
      '--strategy',
      'ma-crossover',
      '--data',
      csv,
      ...small,
      '--workers',
      '2',
      '--out',
      out,
    ])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(EXIT_OK)
    expect(run.stdout).toContain(
      'ma-crossover on wave.BACKTEST: 16 combinations, 13 run (0 resumed), 3 refused by the schema, 0 failed',
    )
    expect(run.stdout).toContain('best 10 by sharpe (max):')
    expect(run.stdout).toMatch(/#\s+parameters\s+sharpe\s+return\s+Sharpe\s+max DD\s+trades/)
    expect(run.stdout).toMatch(/\n\s+1 {2}fast=\d slow=\d+ average=sma /)
    const folder = /sweep [0-9a-f]{16}: (.+)\n/.exec(run.stdout)?.[1]
    expect(folder).toBeDefined()
    expect(readdirSync(folder!).sort()).toEqual([
      'overfitting.json',
      'ranking.json',
      'report.html',
      'results.jsonl',
      'returns.f64',
      'sweep.json',
    ])
    expect(results(folder!)).toHaveLength(13)
  })

  it('prints a JSON summary, and a rerun of the same command resumes in the same folder', async () => {
    const out = join(work, 'json')
    const argv = [
      'sweep',
      '--strategy',
      'ma-crossover',
      '--data',
      csv,
      ...small,
      '--workers',
      '0',
      '--out',
      out,
      '--json',
    ]
    const first = await runCaptured(argv)
    expect(first.code).toBe(EXIT_OK)
    const summary = JSON.parse(first.stdout) as Summary
    expect(summary).toMatchObject({ combinations: 16, evaluated: 13, resumed: 0, skipped: 3 })
    expect(summary.top.length).toBe(10)
    expect(summary.top[0]?.value).toBe(summary.top[0]?.metrics.strategy.sharpe)
    const again = JSON.parse((await runCaptured(argv)).stdout) as Summary
    expect(again.folder).toBe(summary.folder)
    expect(again.resumed).toBe(13)
    expect(again.top).toEqual(summary.top)
    expect(results(summary.folder)).toHaveLength(13)
  })

  it('refuses to resume a folder with another space, naming what differs', async () => {
    const out = join(work, 'resume-mismatch')
    const first = JSON.parse(
      (
        await runCaptured([
          'sweep',
          '--strategy',
          'ma-crossover',
          '--data',
          csv,
          ...small,
          '--workers',
          '0',
          '--out',
          out,
          '--json',
        ])
      ).stdout,
    ) as Summary
    const run = await runCaptured([
      'sweep',
      '--strategy',
      'ma-crossover',
      '--data',
      csv,
      '--param',
      'fast=2:4',
      '--workers',
      '0',
      '--resume',
      first.folder,
    ])
    expect(run.code).toBe(EXIT_USER_ERROR)
    expect(run.stderr).toContain('this folder holds a sweep with another space')
  })

  it('names the flag at fault', async () => {
    const base = ['sweep', '--strategy', 'ma-crossover', '--data', csv, '--out', join(work, 'bad')]
    const cases: [string[], string][] = [
      [['--param', 'speed=1:3'], 'ma-crossover.speed: --param "speed=1:3": "speed" is not a parameter'],
      [['--param', 'fast=0:5'], 'ma-crossover.fast: --param: "fast": the schema refuses 0'],
      [['--space', '{"fast": {"int": [5, 2]}}'], '--space: "fast": lower bound 5 is above upper bound 2'],
      [['--space', '{nope'], '--space: not JSON'],
      [['--rank', 'happiness'], '--rank: "happiness" is not METRIC[:max|min]'],
      [['--workers', '-1'], '--workers: must be an integer from 0 to 1024'],
      [['--search', 'random', '--trials', '0'], '--trials: must be an integer from 1'],
      [['--resume', work], '--resume: '],
      [['--params', '{"fast": 3}', '--param', 'fast=2:5'], '"fast" is both held fixed (--params) and swept'],
    ]
    for (const [flags, message] of cases) {
      const run = await runCaptured([...base, ...flags])
      expect(run.code, flags.join(' ')).toBe(EXIT_USER_ERROR)
      expect(run.stderr, flags.join(' ')).toContain(message)
    }
    const search = await runCaptured([...base, '--search', 'annealing'])
    expect(search.stderr).toContain("option '--search <kind>' argument 'annealing' is invalid")
  })

  it('carries on after the process is killed mid-sweep, each combination once', async () => {
    const longer = writeBars('long.csv', 1500)
    const out = join(work, 'killed')
    const argv = [
      'sweep',
      '--strategy',
      'ma-crossover',
      '--data',
      longer,
      '--param',
      'fast=2:40',
      '--param',
      'slow=41:45',
      '--param',
      'average=sma,ema',
      '--workers',
      '1',
      '--out',
      out,
      '--json',
    ]
    const bin = new URL('../bin.ts', import.meta.url).pathname
    const child = spawn(process.execPath, [bin, ...argv], { stdio: 'ignore' })
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => {
        resolve(signal)
      }),
    )
    // Kill it once some results are on disk (they are synced at least every second).
    const deadline = Date.now() + 60_000
    let folder: string | undefined
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      const name = existsSync(out) ? readdirSync(out)[0] : undefined
      folder = name === undefined ? undefined : join(out, name)
      if (folder !== undefined && existsSync(join(folder, 'results.jsonl')) && results(folder).length > 0)
        break
    }
    child.kill('SIGKILL')
    expect(await exited).toBe('SIGKILL')
    expect(folder).toBeDefined()
    const before = results(folder!).length
    expect(before, 'killed midway').toBeLessThan(39 * 5 * 2)

    const resumed = JSON.parse(
      (await runCaptured(['sweep', ...argv.slice(1, -5), '--workers', '2', '--resume', folder!, '--json']))
        .stdout,
    ) as Summary
    expect(resumed.resumed).toBe(before)
    expect(resumed.evaluated).toBe(39 * 5 * 2)
    const indexes = results(folder!).map((r) => r.index)
    expect(new Set(indexes).size).toBe(indexes.length)
    expect(indexes.length).toBe(39 * 5 * 2)
  })
})

describe('tradepulse sweep --fast', () => {
  // A capital the bars' volume absorbs, so no fill is split by participation and the two agree.
  const capital = join(work, 'capital.json')
  writeFileSync(capital, JSON.stringify({ initialCapital: 10_000 }))
  const fastArgs = ['sweep', '--strategy', 'ma-crossover', '--data', csv, ...small, '--workers', '0']
  const agreeing = [...fastArgs, '--config', capital]

  it('sweeps on the vectorised path, confirms the best two with the engine and writes the report', async () => {
    const out = join(work, 'fast')
    const run = await runCaptured([...agreeing, '--fast', '--confirm', 'top:2', '--out', out, '--json'])
    expect(run.code, run.stderr).toBe(EXIT_OK)
    const summary = JSON.parse(run.stdout) as {
      folder: string
      engine: string
      evaluated: number
      skipped: number
      confirmations: { agrees: boolean; comparisons: { metric: string; difference: number | null }[] }[]
      overfitting: { trials: number; verdict: string; pbo: { partitions?: number } }
      report: string
    }
    expect(summary).toMatchObject({ engine: 'vectorised', evaluated: 13, skipped: 3 })
    expect(summary.confirmations).toHaveLength(2)
    for (const confirmation of summary.confirmations) {
      expect(confirmation.agrees).toBe(true)
      expect(confirmation.comparisons.find((c) => c.metric === 'sharpe')?.difference).toBe(0)
    }
    expect(summary.overfitting.trials).toBe(13)
    expect(summary.overfitting.pbo.partitions, '299 daily returns: 16 blocks').toBe(16)
    const lines = results(summary.folder) as unknown as { engine: string }[]
    expect(lines.every((line) => line.engine === 'vectorised')).toBe(true)
    expect(existsSync(join(summary.folder, 'returns.f64'))).toBe(true)
    expect(existsSync(join(summary.folder, 'overfitting.json'))).toBe(true)
    const html = readFileSync(summary.report, 'utf8')
    expect(html.match(/<rect class="cell"/g)?.length, 'fast 2..8 × slow 5..14 less the refused pairs').toBe(
      13,
    )
  })

  it('prints the confirmation and the verdict as text', async () => {
    const run = await runCaptured([
      ...agreeing,
      '--fast',
      '--confirm',
      'top:1',
      '--out',
      join(work, 'fast-text'),
    ])
    expect(run.code, run.stderr).toBe(EXIT_OK)
    expect(run.stdout).toMatch(/confirm #\d+ .*: agrees/)
    expect(run.stdout).toMatch(/^verdict: /m)
    expect(run.stdout).toMatch(/^report: .*report\.html$/m)
  })

  it('fails naming the metric when the engine disagrees beyond the tolerance', async () => {
    // At the default capital some fills outgrow their bar's volume: the engine splits them.
    const run = await runCaptured([...fastArgs, '--fast', '--confirm', 'top:2', '--out', join(work, 'split')])
    expect(run.code).toBe(EXIT_USER_ERROR)
    expect(run.stderr).toMatch(
      /differ from the engine beyond the tolerance: #\d+ .* fast .*, engine .*exceeded the participation limit/,
    )
  })

  it('refuses --confirm without --fast', async () => {
    const run = await runCaptured([...fastArgs, '--confirm', 'top:2', '--out', join(work, 'no-fast')])
    expect(run.code).toBe(EXIT_USER_ERROR)
    expect(run.stderr).toContain('--confirm needs --fast')
  })

  it('shows the fast path refusing a friction, naming the field', async () => {
    const config = join(work, 'latency.json')
    writeFileSync(config, JSON.stringify({ latency: { submitMs: 10 } }))
    const run = await runCaptured([...fastArgs, '--fast', '--config', config, '--out', join(work, 'latency')])
    expect(run.code).toBe(EXIT_USER_ERROR)
    expect(run.stderr).toContain('latency.submitMs')
  })
})

describe('tradepulse sweep (engine)', () => {
  it('ends with the overfitting verdict and report.html, and puts both in --json', async () => {
    const run = await runCaptured([
      'sweep',
      '--strategy',
      'ma-crossover',
      '--data',
      csv,
      ...small,
      '--workers',
      '0',
      '--heatmap',
      'slow,fast',
      '--out',
      join(work, 'engine-report'),
      '--json',
    ])
    expect(run.code, run.stderr).toBe(EXIT_OK)
    const summary = JSON.parse(run.stdout) as { overfitting: { trials: number }; report: string }
    expect(summary.overfitting.trials).toBe(13)
    expect(readFileSync(summary.report, 'utf8')).toContain('by slow × fast')
  })
})
