import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EXIT_OK, EXIT_USER_ERROR } from '../main.ts'
import { runCaptured } from '../testing/capture-io.ts'
import { windowSpecFromFlags } from './walk-forward.ts'
import { writeWaveBars } from '../../research/testing/wave-bars.ts'

const work = mkdtempSync(join(tmpdir(), 'tradepulse-walk-forward-cli-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

function writeBars(name: string, bars = 400): string {
  return writeWaveBars(join(work, name), bars)
}

const csv = writeBars('wave.csv')
const small = ['--param', 'fast=2:8:3', '--param', 'slow=10:20:5', '--param', 'average=sma']

describe('tradepulse walk-forward', () => {
  it('walks forward by bar count, prints the windows and writes the folder with its report', async () => {
    const out = join(work, 'bars')
    const run = await runCaptured([
      'walk-forward',
      '--strategy',
      'ma-crossover',
      '--data',
      csv,
      ...small,
      '--train-bars',
      '150',
      '--test-bars',
      '50',
      '--workers',
      '0',
      '--out',
      out,
    ])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(EXIT_OK)
    expect(run.stdout).toContain(
      'ma-crossover on wave.BACKTEST: 5 windows (rolling, train 150 bars, test 50 bars, step 50 bars), ranked by sharpe (max)',
    )
    expect(run.stdout).toMatch(/#\s+test\s+chosen\s+IS sharpe\s+OOS sharpe\s+OOS\/IS\s+OOS return/)
    expect(run.stdout).toMatch(/\n\s+1 {2}2020-05-30\.\.2020-07-19 +fast=\d slow=\d+ average=sma/)
    expect(run.stdout).toMatch(/deflated Sharpe ratio (\d\.\d{3}|: not computed)/)
    const report = /report: (.+)\n/.exec(run.stdout)?.[1]
    expect(report).toBeDefined()
    const folder = dirname(report!)
    expect(readdirSync(folder).sort()).toEqual(['oos-equity.json', 'report.html', 'walk-forward.json'])
    const summary = JSON.parse(readFileSync(join(folder, 'walk-forward.json'), 'utf8')) as {
      windows: { chosen: Record<string, unknown>; trials: number; test: { bars: number } }[]
    }
    expect(summary.windows).toHaveLength(5)
    expect(summary.windows.every((w) => w.trials === 9 && w.test.bars === 50)).toBe(true)
    const equity = JSON.parse(readFileSync(join(folder, 'oos-equity.json'), 'utf8')) as { points: unknown[] }
    expect(equity.points).toHaveLength(5 * 50 + 1)
    const html = readFileSync(report!, 'utf8')
    for (const id of ['equity', 'drawdown', 'in-vs-out', 'windows', 'deflated-sharpe', 'metrics'])
      expect(html).toContain(`<section id="${id}">`)
    expect(html).not.toMatch(/<script[^>]+src=/)
  })

  it('walks forward by duration, anchored, with a JSON summary', async () => {
    const run = await runCaptured([
      'walk-forward',
      '--strategy',
      'ma-crossover',
      '--data',
      csv,
      ...small,
      '--train',
      '6m',
      '--test',
      '2m',
      '--anchored',
      '--search',
      'random',
      '--trials',
      '4',
      '--seed',
      '3',
      '--workers',
      '0',
      '--out',
      join(work, 'duration'),
      '--json',
    ])
    expect(run.code).toBe(EXIT_OK)
    const summary = JSON.parse(run.stdout) as {
      windows: { trainStart: number; testStart: number; trials: number }[]
      report: string
    }
    // 400 days from 2020-01-01 end on 2021-02-03: tests start 2020-07-01, -09-01, -11-01 and
    // 2021-01-01 (34 of 59 days: kept, partial).
    expect(summary.windows.map((w) => new Date(w.testStart).toISOString().slice(0, 10))).toEqual([
      '2020-07-01',
      '2020-09-01',
      '2020-11-01',
      '2021-01-01',
    ])
    expect(new Set(summary.windows.map((w) => w.trainStart)).size).toBe(1)
    expect(summary.windows.every((w) => w.trials <= 4)).toBe(true)
    expect(readFileSync(summary.report, 'utf8')).toContain('anchored, train 6m, test 2m, step 2m')
  })

  it('names the flag at fault', async () => {
    const base = [
      'walk-forward',
      '--strategy',
      'ma-crossover',
      '--data',
      csv,
      ...small,
      '--workers',
      '0',
      '--out',
      join(work, 'bad'),
    ]
    const cases: [string[], string][] = [
      [[], '--train'],
      [['--train', '6m'], '--test'],
      [['--train', '6q', '--test', '1m'], '--train'],
      [['--train', '6m', '--test-bars', '10'], '--train-bars'],
      [['--train-bars', '100', '--test-bars', '50', '--step', '20'], '--step'],
      [['--train-bars', '100', '--test-bars', '0'], '--test-bars'],
      [['--train-bars', '390', '--test-bars', '50'], '--data'],
    ]
    for (const [flags, flag] of cases) {
      const run = await runCaptured([...base, ...flags])
      expect(run.code, flags.join(' ')).toBe(EXIT_USER_ERROR)
      expect(run.stderr, flags.join(' ')).toContain(flag)
    }
  })

  it('reads the window flags into a specification', () => {
    expect(windowSpecFromFlags({ trainBars: '500', testBars: '100', step: '120' })).toEqual({
      train: { bars: 500 },
      test: { bars: 100 },
      step: { bars: 120 },
      anchored: false,
    })
    expect(windowSpecFromFlags({ train: '2y', test: '6m', anchored: true })).toMatchObject({
      train: { duration: { count: 2, unit: 'y' } },
      test: { duration: { count: 6, unit: 'mo' } },
      anchored: true,
    })
  })
})
