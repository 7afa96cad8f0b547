/**
 * The whole main job on one small CSV file: strict validation on read, a built-in strategy fed by
 * streaming indicators, orders through the order manager and the risk engine, fills on the paper
 * venue with a commission and slippage, the portfolio's cash, the metrics, the run folder and the
 * report — then the CLI on the same file. Every expected number is computed here, from the rows,
 * by a plain loop that shares no code with the engine.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readBarsCsv } from '../data/csv/index.ts'
import { maCrossover } from '../strategy/builtin/ma-crossover.ts'
import { runBacktest } from './engine.ts'
import { instrumentForSeries } from './engine/instruments.ts'
import { computeMetrics } from './metrics/index.ts'
import { writeRun } from './run-store/index.ts'
import { runCaptured } from '../cli/testing/capture-io.ts'

const work = mkdtempSync(join(tmpdir(), 'tradepulse-backtest-e2e-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

// A rise, a fall and a rise again, so a 3/5 crossover buys, sells and buys.
const closes = [
  100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 108, 106, 104, 102, 100, 98, 96, 95, 94, 93, 94, 96, 98,
  100, 102, 104, 106, 108, 110, 112,
]
const rows = closes.map((close, i) => {
  const day = new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)
  const open = i === 0 ? close : closes[i - 1]!
  return {
    day,
    open,
    high: Math.max(open, close) + 0.5,
    low: Math.min(open, close) - 0.5,
    close,
    volume: 1_000_000,
  }
})
const csv = join(work, 'ACME.csv')
writeFileSync(
  csv,
  `date,open,high,low,close,volume\n${rows.map((r) => `${r.day},${r.open},${r.high},${r.low},${r.close},${r.volume}`).join('\n')}\n`,
)

const CAPITAL = 100_000
const PER_ORDER = 1
const SLIPPAGE_BPS = 10
const config = {
  initialCapital: CAPITAL,
  fill: 'next-open' as const,
  commission: { perOrder: PER_ORDER },
  slippage: { model: 'fixed-bps' as const, basisPoints: SLIPPAGE_BPS },
  liquidity: { participation: 1 },
}
const params = { fast: 3, slow: 5, fraction: 0.5 }

/** The crossover and its fills by hand: signal at a close, market order at the next open, slipped. */
function expected(): {
  fills: { day: string; side: 'buy' | 'sell'; lots: number; price: number }[]
  cash: number
  lots: number
} {
  const mean = (from: number, n: number): number =>
    closes.slice(from - n + 1, from + 1).reduce((a, b) => a + b, 0) / n
  let cash = CAPITAL
  let lots = 0
  let direction = 0
  const fills: { day: string; side: 'buy' | 'sell'; lots: number; price: number }[] = []
  for (let i = 4; i < closes.length - 1; i++) {
    const fast = mean(i, 3)
    const slow = mean(i, 5)
    if (fast === slow) continue
    const wanted = fast > slow ? 1 : 0
    if (wanted === direction) continue
    direction = wanted
    const equity = cash + lots * closes[i]!
    const target = wanted === 1 ? Math.floor((0.5 * equity) / closes[i]!) : 0
    const delta = target - lots
    const open = rows[i + 1]!.open
    // 10 bps against the trader, rounded to the cent grid against the trader.
    const price =
      delta > 0
        ? Math.ceil(open * (1 + SLIPPAGE_BPS / 1e4) * 100 - 1e-9) / 100
        : Math.floor(open * (1 - SLIPPAGE_BPS / 1e4) * 100 + 1e-9) / 100
    // Stamped when it happened: at the open of the bar that filled it, the next day.
    const opened = new Date(Date.UTC(2024, 0, 1) + (i + 1) * 86_400_000).toISOString().slice(0, 10)
    fills.push({ day: opened, side: delta > 0 ? 'buy' : 'sell', lots: Math.abs(delta), price })
    cash -= delta * price + PER_ORDER
    lots = target
  }
  return { fills, cash, lots }
}

describe('a CSV file through the whole backtest', () => {
  it('validates, trades, fills, books, measures and reports to the cent', async () => {
    const { series, report } = await readBarsCsv(csv)
    expect(report.barsAccepted).toBe(closes.length)
    const data = [{ instrument: instrumentForSeries('ACME', series), series, source: csv }]
    const result = runBacktest({ strategy: maCrossover, params, data, config })
    const want = expected()
    expect(want.fills.length).toBeGreaterThanOrEqual(3)

    expect(
      result.fills.map((f) => ({
        day: new Date(f.time).toISOString().slice(0, 10),
        side: f.side,
        lots: f.lots,
        price: f.price,
      })),
    ).toEqual(want.fills.map((f) => ({ ...f, day: f.day })))
    expect(result.fills.every((f) => f.fee === PER_ORDER)).toBe(true)
    const last = result.equity.at(-1)!
    expect(last.cash).toBeCloseTo(want.cash, 6)
    expect(last.equity).toBeCloseTo(want.cash + want.lots * closes.at(-1)!, 6)
    expect(result.frictions.fees).toBe(PER_ORDER * want.fills.length)

    const metrics = computeMetrics(result)
    expect(metrics.strategy.totalReturn).toBeCloseTo(last.equity / CAPITAL - 1, 12)
    expect(metrics.benchmark.totalReturn).toBeCloseTo(closes.at(-1)! / closes[0]! - 1, 9)
    expect(metrics.fills).toBe(want.fills.length)

    const run = await writeRun(result, metrics, join(work, 'runs'))
    const html = readFileSync(join(run.path, 'report.html'), 'utf8')
    expect(html).toContain(maCrossover.name)
    const stored = JSON.parse(readFileSync(join(run.path, 'fills.json'), 'utf8')) as unknown[]
    expect(stored).toHaveLength(want.fills.length)
  })

  it('gives the same numbers through the command line, and the same run folder twice', async () => {
    const argv = [
      'backtest',
      '--strategy',
      'ma-crossover',
      '--data',
      csv,
      '--params',
      JSON.stringify(params),
      '--config',
      writeConfig(),
      '--out',
      join(work, 'cli-runs'),
      '--json',
    ]
    const first = await runCaptured(argv)
    expect(first.code, first.stderr).toBe(0)
    const second = await runCaptured(argv)
    const a = JSON.parse(first.stdout) as { runId: string; folder: string; metrics: { fills: number } }
    const b = JSON.parse(second.stdout) as { runId: string }
    expect(b.runId).toBe(a.runId)
    expect(a.metrics.fills).toBe(expected().fills.length)
    const fills = JSON.parse(readFileSync(join(a.folder, 'fills.json'), 'utf8')) as { price: number }[]
    expect(fills.map((f) => f.price)).toEqual(expected().fills.map((f) => f.price))
  })
})

function writeConfig(): string {
  const path = join(work, 'config.json')
  writeFileSync(path, JSON.stringify(config))
  return path
}
