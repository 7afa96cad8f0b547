import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { instrumentForSeries } from '../../backtest/engine/instruments.ts'
import type { InstrumentBars } from '../../backtest/input.ts'
import { simulateUniverse } from '../../data/simulator/universe.ts'
import { parseInterval } from '../../domain/time.ts'
import { maCrossover } from '../../strategy/builtin/ma-crossover.ts'
import type { ParamSpace } from '../../strategy/space.ts'
import { compareMetrics, confirmWithEngine, parseConfirm } from './confirm.ts'
import { runFastSweep } from './fast-sweep.ts'
import { SWEEP_FILES } from './folder.ts'
import { readReturns, RETURNS_FILE } from './returns-store.ts'
import { runSweep, type SweepOptions } from './run-sweep.ts'

const work = mkdtempSync(join(tmpdir(), 'tradepulse-fast-sweep-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

function hourly(seed: number, assets = 1): InstrumentBars[] {
  const universe = simulateUniverse({ assets, bars: 24 * 60, seed, interval: parseInterval('1h') })
  return universe.series.map((series, k) => ({
    instrument: instrumentForSeries(`SIM${k}`, series),
    series,
    source: `sim-${seed}-${k}`,
  }))
}

const data = hourly(5)
const space: ParamSpace = { fast: { int: [2, 8], step: 3 }, slow: { int: [10, 30], step: 10 } }
const config = {
  // A capital the simulated volume absorbs, so no fill is split by participation.
  initialCapital: 10_000,
  commission: { basisPoints: 1 },
  slippage: { model: 'fixed-bps' as const, basisPoints: 2 },
}
const base: SweepOptions = { strategy: maCrossover, space, search: { kind: 'grid' }, data, config }

describe('runFastSweep', () => {
  it("ranks the combinations as the engine's sweep does, with the same per-day returns", async () => {
    const fast = await runFastSweep(base)
    const engine = await runSweep({ ...base, workers: 0 })
    expect(fast.results).toHaveLength(9)
    expect(fast.ranking).toEqual(engine.ranking)
    for (const result of fast.results) {
      const twin = engine.results.find((r) => r.index === result.index)!
      expect('metrics' in twin && twin.metrics.strategy).toEqual(result.metrics.strategy)
    }
    expect(fast.overfitting.trials).toBe(9)
    // One return per UTC day holding an equity point after the first (the starting capital).
    const knownAt = Array.from(data[0]!.series.knownAt)
    const days = new Set(knownAt.slice(1).map((t) => Math.floor(t / 86_400_000)))
    expect(fast.overfitting.observations).toBe(days.size)
    expect(fast.overfitting).toEqual(engine.overfitting)
  })

  it('writes the sweep folder with records marked vectorised, and resumes it', async () => {
    const folder = join(work, 'fast')
    const first = await runFastSweep({ ...base, folder })
    const lines = readFileSync(join(folder, SWEEP_FILES.results), 'utf8').trim().split('\n')
    expect(lines).toHaveLength(9)
    expect(JSON.parse(lines[0]!)).toMatchObject({
      index: 0,
      engine: 'vectorised',
      params: { fast: 2, slow: 10 },
    })
    expect(JSON.parse(readFileSync(join(folder, 'sweep.json'), 'utf8'))).toMatchObject({
      engine: 'vectorised',
    })
    expect((await readReturns(join(folder, RETURNS_FILE))).size).toBe(9)
    const overfitting = JSON.parse(readFileSync(join(folder, 'overfitting.json'), 'utf8')) as {
      trials: number
    }
    expect(overfitting.trials).toBe(9)
    const again = await runFastSweep({ ...base, folder })
    expect(again.resumed).toBe(9)
    expect(again.ranking).toEqual(first.ranking)
    expect(readFileSync(join(folder, SWEEP_FILES.results), 'utf8').trim().split('\n')).toHaveLength(9)
  })

  it('refuses what the fast path cannot model, naming the field', async () => {
    await expect(runFastSweep({ ...base, config: { latency: { submitMs: 5 } } })).rejects.toMatchObject({
      code: 'RESEARCH_FAST_PATH_UNSUPPORTED',
      location: { field: 'latency.submitMs' },
    })
    await expect(runFastSweep({ ...base, data: hourly(5, 2) })).rejects.toMatchObject({
      location: { field: 'data' },
    })
    await expect(
      runFastSweep({ ...base, rank: { metric: 'winRate', direction: 'max' } }),
    ).rejects.toMatchObject({
      location: { field: 'rank' },
    })
  })
})

describe('confirmWithEngine', () => {
  it('finds every metric of the best combinations within tolerance', async () => {
    const fast = await runFastSweep(base)
    const best = fast.ranking.slice(0, 2).map((entry) => fast.results.find((r) => r.index === entry.index)!)
    const confirmations = confirmWithEngine(base, best)
    expect(confirmations).toHaveLength(2)
    for (const confirmation of confirmations) {
      expect(confirmation.agrees, JSON.stringify(confirmation.comparisons)).toBe(true)
      expect(confirmation.comparisons.map((c) => c.metric)).toContain('sharpe')
    }
  })

  it('flags a difference beyond the tolerance', async () => {
    const fast = await runFastSweep(base)
    const result = fast.results[0]!
    const engine = await runSweep({ ...base, workers: 0 })
    const twin = engine.results[0]!
    if (!('metrics' in twin)) throw new Error('the engine run should succeed')
    const shifted = { ...result.metrics, fills: result.metrics.fills + 1 }
    const fills = compareMetrics(shifted, twin.metrics).find((c) => c.metric === 'fills')!
    expect(fills).toEqual({
      metric: 'fills',
      fast: twin.metrics.fills + 1,
      engine: twin.metrics.fills,
      difference: -1,
      tolerance: 0,
      agrees: false,
    })
  })
})

describe('parseConfirm', () => {
  it('reads top:N and refuses anything else naming the option', () => {
    expect(parseConfirm('top:3')).toBe(3)
    expect(() => parseConfirm('top:0')).toThrow(/--confirm: "top:0" is not top:N/)
    expect(() => parseConfirm('best:2')).toThrow(/--confirm/)
  })
})
