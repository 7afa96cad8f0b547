/**
 * The impact model's loop, end to end through the CLI: a backtest charged with sqrt-impact k = 0.8
 * on bars without overnight gaps (each open is the previous close, so the shortfall of a fill is
 * its impact alone), `tradepulse report liquidity` fitting k back from the run's fills, and a
 * second backtest with `--impact-k FIT.json` charging each fill the documented
 * reference × k × σ × √(quantity / bar volume).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readRun } from '../../backtest/run-store/read-run.ts'
import { NormalSampler } from '../../data/simulator/normal.ts'
import { SeededRandom } from '../../data/simulator/random.ts'
import { volatilityBefore } from '../../analytics/liquidity/run-impact.ts'
import { EXIT_OK, EXIT_USER_ERROR } from '../main.ts'
import { runCaptured } from '../testing/capture-io.ts'

const work = mkdtempSync(join(tmpdir(), 'tradepulse-liquidity-'))
const csv = join(work, 'gapless.csv')
const VOLUME = 20_000
const closes: number[] = []
const opens: number[] = []

beforeAll(() => {
  const normal = new NormalSampler(new SeededRandom(3))
  const lines = ['date,open,high,low,close,volume']
  let close = 100
  for (let day = 0; day < 400; day++) {
    const open = close
    close = Math.round(close * Math.exp(0.012 * normal.next() + 0.0005 * Math.sin(day / 15)) * 100) / 100
    opens.push(open)
    closes.push(close)
    const date = new Date(Date.UTC(2020, 0, 1) + day * 86_400_000).toISOString().slice(0, 10)
    lines.push(
      `${date},${open},${(Math.max(open, close) * 1.003).toFixed(2)},${(Math.min(open, close) * 0.997).toFixed(2)},${close},${VOLUME}`,
    )
  }
  writeFileSync(csv, `${lines.join('\n')}\n`)
  writeFileSync(
    join(work, 'impact.json'),
    JSON.stringify({
      initialCapital: 200_000,
      commission: { makerBasisPoints: 0, takerBasisPoints: 0 },
      slippage: { model: 'sqrt-impact', impactCoefficient: 0.8, window: 20 },
      liquidity: { participation: 1 },
      // Sized on the equity, which grows past the capital: room above it, so no order is refused.
      risk: { maxPositionFraction: 3 },
    }),
  )
  writeFileSync(
    join(work, 'plain.json'),
    JSON.stringify({
      initialCapital: 200_000,
      commission: { makerBasisPoints: 0, takerBasisPoints: 0 },
      liquidity: { participation: 1 },
      // Sized on the equity, which grows past the capital: room above it, so no order is refused.
      risk: { maxPositionFraction: 3 },
    }),
  )
})
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

async function backtest(extra: readonly string[]): Promise<string> {
  const out = await runCaptured([
    'backtest',
    '--strategy',
    'ma-crossover',
    '--params',
    '{"fast": 3, "slow": 8}',
    '--data',
    csv,
    '--out',
    join(work, 'runs'),
    '--json',
    ...extra,
  ])
  expect(out.code, out.stderr).toBe(EXIT_OK)
  return (JSON.parse(out.stdout) as { folder: string }).folder
}

describe('tradepulse report liquidity and backtest --impact-k', () => {
  let fitted: { k: number; standardError: number; observations: number; window: number }

  it('fits k back from the fills of a run charged with k = 0.8', async () => {
    const run = await backtest(['--config', join(work, 'impact.json')])
    const fitFile = join(work, 'fit.json')
    const out = await runCaptured(['report', 'liquidity', run, '--out', fitFile])
    expect(out.code, out.stderr).toBe(EXIT_OK)
    expect(out.stdout).toContain('Square-root impact fitted on the fills')
    expect(out.stdout, 'a clear impact is not flagged as noise').not.toContain(
      'not above two standard errors',
    )
    fitted = JSON.parse(readFileSync(fitFile, 'utf8')) as typeof fitted
    expect(fitted.window).toBe(20)
    expect(fitted.observations).toBeGreaterThan(10)
    // Prices sit on a 0.01 grid, and the venue rounds each move up to it: within 3%.
    expect(Math.abs(fitted.k - 0.8) / 0.8, `k ${fitted.k}`).toBeLessThan(0.03)
  })

  it('charges each fill of a run with the calibrated k the documented cost', async () => {
    const run = await backtest(['--config', join(work, 'plain.json'), '--impact-k', join(work, 'fit.json')])
    const { result } = await readRun(run)
    expect(result.fills.length).toBeGreaterThan(10)
    const t0 = Date.UTC(2020, 0, 1)
    for (const fill of result.fills) {
      const bar = Math.floor((fill.time - t0) / 86_400_000)
      // A market order fills at the open of the bar after its decision: the reference price.
      const reference = opens[bar]!
      const sigma = volatilityBefore(Float64Array.from(closes), bar, 20)
      const move = reference * fitted.k * sigma * Math.sqrt(fill.quantity / VOLUME)
      const expected = fill.side === 'buy' ? reference + move : reference - move
      expect(
        Math.abs(fill.price - expected),
        `fill at bar ${bar}: ${fill.price} against ${expected}`,
      ).toBeLessThanOrEqual(0.01 + 1e-9)
      expect(fill.slippage).toBeCloseTo(Math.abs(fill.price - reference) * fill.quantity, 6)
    }
  })

  it('refuses a --impact-k that is neither a number nor a fit', async () => {
    const out = await runCaptured([
      'backtest',
      '--strategy',
      'ma-crossover',
      '--data',
      csv,
      '--impact-k',
      join(work, 'nope.json'),
    ])
    expect(out.code).toBe(EXIT_USER_ERROR)
    expect(out.stderr).toContain('--impact-k')
  })
})
