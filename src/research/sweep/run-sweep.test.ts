import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { instrumentForSeries } from '../../backtest/engine/instruments.ts'
import type { InstrumentBars } from '../../backtest/input.ts'
import { simulateUniverse } from '../../data/simulator/universe.ts'
import { TradePulseError } from '../../domain/errors.ts'
import { parseInterval } from '../../domain/time.ts'
import { maCrossover } from '../../strategy/builtin/ma-crossover.ts'
import { defineStrategy } from '../../strategy/define.ts'
import type { ParamSpace } from '../../strategy/space.ts'
import { evaluateCombination } from './evaluate.ts'
import { type CombinationResult, SWEEP_FILES } from './folder.ts'
import { type SweepOptions, runSweep } from './run-sweep.ts'

const work = mkdtempSync(join(tmpdir(), 'tradepulse-sweep-'))
afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

function bars(seed: number, count = 400): InstrumentBars[] {
  const universe = simulateUniverse({ assets: 1, bars: count, seed, interval: parseInterval('1d') })
  const series = universe.series[0]!
  return [{ instrument: instrumentForSeries('SIM', series), series, source: `sim-${seed}` }]
}

const data = bars(11)
/** 4 × 4 = 16 combinations; the schema refuses the three with fast >= slow (6/5, 8/5, 8/8). */
const space: ParamSpace = { fast: { int: [2, 8], step: 2 }, slow: { int: [5, 14], step: 3 } }
const base: SweepOptions = { strategy: maCrossover, space, search: { kind: 'grid' }, data }

function lines(folder: string): CombinationResult[] {
  return readFileSync(join(folder, SWEEP_FILES.results), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as CombinationResult)
}

describe('runSweep', () => {
  it('skips and counts the combinations the schema refuses, and runs the rest', async () => {
    const outcome = await runSweep({ ...base, workers: 0 })
    // fast ∈ {2,4,6,8}, slow ∈ {5,8,11,14}: refused are 6/5, 8/5 and 8/8.
    expect(outcome.skipped).toBe(3)
    expect(outcome.results).toHaveLength(13)
    expect(outcome.results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 14, 15])
    expect(outcome.results[0]?.params).toEqual({ fast: 2, slow: 5 })
    const first = outcome.results[0]!
    const alone = evaluateCombination({ strategy: maCrossover, params: { fast: 2, slow: 5 }, data })
    expect('metrics' in first && 'metrics' in alone && first.metrics).toEqual(
      'metrics' in alone && alone.metrics,
    )
  })

  it('gives the same results on worker threads as in this thread', async () => {
    const serial = await runSweep({ ...base, workers: 0 })
    const parallel = await runSweep({ ...base, workers: 2 })
    expect(parallel.results).toEqual(serial.results)
    expect(parallel.ranking).toEqual(serial.ranking)
  })

  it('ranks by the chosen metric in its direction, best first, unrankable runs left out', async () => {
    const byDrawdown = await runSweep({
      ...base,
      workers: 0,
      rank: { metric: 'maxDrawdown', direction: 'min' },
    })
    const values = byDrawdown.ranking.map((r) => r.value)
    expect(values).toEqual([...values].sort((a, b) => a - b))
    expect(byDrawdown.ranking[0]?.position).toBe(1)
    const bySharpe = await runSweep({ ...base, workers: 0 })
    const sharpes = bySharpe.ranking.map((r) => r.value)
    expect(sharpes).toEqual([...sharpes].sort((a, b) => b - a))
  })

  it('records a run that throws with its error, and carries on', async () => {
    const fragile = defineStrategy({
      name: 'fragile',
      title: 'Fragile',
      description: 'Throws for an odd period.',
      params: z.strictObject({ period: z.number().int().min(1).default(2).describe('Bars') }),
      create: (p: { period: number }) => {
        if (p.period % 2 === 1) throw new Error(`period ${p.period} is odd`)
        return {}
      },
    })
    const outcome = await runSweep({
      strategy: fragile,
      space: { period: { int: [1, 4] } },
      search: { kind: 'grid' },
      data,
      workers: 0,
    })
    expect(outcome.failed).toBe(2)
    expect(outcome.results[0]).toEqual({
      index: 0,
      params: { period: 1 },
      error: { message: 'period 1 is odd' },
    })
    expect('metrics' in outcome.results[1]!).toBe(true)
    await expect(
      runSweep({ ...base, strategy: fragile, space: { period: { int: [1, 4] } } }),
    ).rejects.toThrow('strategyModule')
  })

  it('proposes the same combinations from the same seed, random or genetic', async () => {
    for (const search of [
      { kind: 'random', trials: 12, seed: 5 },
      { kind: 'genetic', trials: 12, seed: 5, population: 6 },
    ] as const) {
      const first = await runSweep({ ...base, search, workers: 0 })
      const second = await runSweep({ ...base, search, workers: 0 })
      expect(
        second.results.map((r) => r.params),
        search.kind,
      ).toEqual(first.results.map((r) => r.params))
      expect(first.results.length + first.skipped, search.kind).toBeLessThanOrEqual(12)
    }
  })

  it('writes sweep.json, one results line per combination, ranking.json and the top runs', async () => {
    const folder = join(work, 'complete')
    const outcome = await runSweep({ ...base, workers: 2, folder, keepTop: 2, now: () => new Date(0) })
    const sweep = JSON.parse(readFileSync(join(folder, SWEEP_FILES.sweep), 'utf8')) as Record<string, unknown>
    expect(sweep).toMatchObject({
      formatVersion: 1,
      sweepId: outcome.sweepId,
      strategy: 'ma-crossover',
      strategyModule: 'ma-crossover',
      space,
      search: { kind: 'grid' },
      created: '1970-01-01T00:00:00.000Z',
      sources: [{ instrumentId: 'SIM.BACKTEST', source: 'sim-11', bars: 400 }],
    })
    expect((sweep.data as { fingerprint: string }[])[0]?.fingerprint).toMatch(/^[0-9a-f]{64}$/)
    expect(
      lines(folder)
        .map((r) => r.index)
        .sort((a, b) => a - b),
    ).toEqual(outcome.results.map((r) => r.index))
    const ranking = JSON.parse(readFileSync(join(folder, SWEEP_FILES.ranking), 'utf8')) as Record<
      string,
      unknown
    >
    expect(ranking).toMatchObject({ combinations: 16, evaluated: 13, skipped: 3, ranking: outcome.ranking })
    expect(readdirSync(join(folder, SWEEP_FILES.runs)).sort()).toEqual(
      outcome.keptRuns.map((r) => r.runId).sort(),
    )
    expect(outcome.keptRuns).toHaveLength(2)
  })
})

describe('resuming a sweep', () => {
  it('carries on after an interruption, with every combination exactly once', async () => {
    const folder = join(work, 'interrupted')
    const controller = new AbortController()
    const wideSpace: ParamSpace = { fast: { int: [2, 20], step: 2 }, slow: { int: [10, 40], step: 5 } }
    const wide: SweepOptions = {
      ...base,
      space: wideSpace,
      workers: 2,
      folder,
    }
    const interrupted = runSweep({
      ...wide,
      signal: controller.signal,
      onProgress: (done) => {
        if (done === 20) controller.abort(new Error('stopped by the test'))
      },
    })
    await expect(interrupted).rejects.toThrow('stopped by the test')
    const before = lines(folder)
    expect(before.length).toBeGreaterThan(0)
    // An interrupted write leaves half a line at the end.
    appendFileSync(join(folder, SWEEP_FILES.results), '{"index": 61, "params": {"fast"')

    const resumed = await runSweep(wide)
    expect(resumed.dropped).toBe(1)
    expect(resumed.resumed).toBe(before.length)
    expect(before.length, 'interrupted midway').toBeLessThan(resumed.results.length)
    const after = lines(folder)
    const indexes = after.map((r) => r.index)
    expect(new Set(indexes).size, 'no combination twice').toBe(indexes.length)
    expect(indexes.sort((a, b) => a - b)).toEqual(resumed.results.map((r) => r.index))
    const fresh = await runSweep({ ...base, space: wideSpace, workers: 0 })
    expect(resumed.results).toEqual(fresh.results)
  })

  it('refuses a folder made for another space or other data, naming what differs', async () => {
    const folder = join(work, 'mismatch')
    await runSweep({ ...base, workers: 0, folder })
    const otherSpace = runSweep({
      ...base,
      workers: 0,
      folder,
      space: { fast: { int: [2, 4] }, slow: { int: [5, 6] } },
    })
    await expect(otherSpace).rejects.toThrow(TradePulseError)
    await expect(otherSpace).rejects.toThrow('this folder holds a sweep with another space')
    await expect(runSweep({ ...base, workers: 0, folder, data: bars(12) })).rejects.toThrow(
      'with another data',
    )
  })
})
