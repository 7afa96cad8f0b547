import { describe, expect, it } from 'vitest'
import { instrumentForSeries } from '../../backtest/engine/instruments.ts'
import type { InstrumentBars } from '../../backtest/input.ts'
import { runBacktest } from '../../backtest/engine.ts'
import { BarSeries, allocateColumns } from '../../data/bar-series.ts'
import { simulateUniverse } from '../../data/simulator/universe.ts'
import { parseInterval } from '../../domain/time.ts'
import { maCrossover } from '../../strategy/builtin/ma-crossover.ts'
import type { ParamSpace } from '../../strategy/space.ts'
import { type WalkForwardOptions, runWalkForward, sliceData } from './run-walk-forward.ts'
import { tradingFrom } from './warm-up.ts'

function bars(seed: number, count = 600): InstrumentBars[] {
  const universe = simulateUniverse({ assets: 1, bars: count, seed, interval: parseInterval('1d') })
  const series = universe.series[0]!
  return [{ instrument: instrumentForSeries('SIM', series), series, source: `sim-${seed}` }]
}

/** The same bars with every price from `from` to `to` (bar indices) multiplied by `factor`. */
function distorted(data: InstrumentBars[], from: number, to: number, factor: number): InstrumentBars[] {
  return data.map((d) => {
    const s = d.series
    const columns = allocateColumns(s.length)
    for (const field of ['openTime', 'knownAt', 'open', 'high', 'low', 'close', 'volume'] as const)
      columns[field].set(s[field])
    for (let i = from; i < to; i++)
      for (const field of ['open', 'high', 'low', 'close'] as const) columns[field][i] = s[field][i]! * factor
    return { ...d, series: new BarSeries(columns, s.interval) }
  })
}

const space: ParamSpace = { fast: { int: [3, 9], step: 3 }, slow: { int: [12, 30], step: 6 } }
const base: WalkForwardOptions = {
  strategy: maCrossover,
  space,
  search: { kind: 'grid' },
  data: bars(5),
  windows: { train: { bars: 200 }, test: { bars: 100 } },
  workers: 0,
}

describe('runWalkForward', () => {
  it('chooses on the train period and reports each window out of sample', async () => {
    const outcome = await runWalkForward(base)
    expect(outcome.windows).toHaveLength(4)
    for (const w of outcome.windows) {
      expect(w.trials).toBe(12)
      expect(w.chosen).not.toBeNull()
      expect(w.inSampleValue).toBe(w.inSample!.strategy.sharpe)
      expect(w.outOfSampleValue).toBe(w.outOfSample.strategy.sharpe)
      expect(w.degradation).toBeCloseTo(w.outOfSampleValue! / w.inSampleValue!, 12)
      // The test run counts from the close of the last train bar: one base point and 100 test bars.
      expect(w.outOfSample.points).toBe(101)
      expect(w.outOfSample.startTime).toBe(w.tradeFrom)
      expect(w.outOfSample.strategy.startEquity).toBe(1_000_000)
    }
    // 4 windows of 100 bars, each starting where the last ended: 401 points.
    expect(outcome.stitched.equity).toHaveLength(401)
    const product = outcome.windows.reduce((p, w) => p * (1 + w.outOfSample.strategy.totalReturn!), 1)
    expect(1 + outcome.metrics.strategy.totalReturn!).toBeCloseTo(product, 9)
    expect(outcome.deflatedSharpe?.trials).toBe(12)
    expect(outcome.deflatedSharpe?.observations).toBe(400)
  })

  it('no bar of a test period can change the choice made for it', async () => {
    const reference = await runWalkForward(base)
    const window = reference.windows[1]!.window
    const first = base.data[0]!.series
    const from = first.indexOfOpenTime(window.testStart)
    const to = from + window.testBars
    for (const factor of [0.5, 1.7]) {
      const changed = await runWalkForward({
        ...base,
        data: distorted(base.data as InstrumentBars[], from, to, factor),
      })
      // The windows up to this one chose exactly as before; their in-sample figures are the same.
      for (const k of [0, 1]) {
        expect(changed.windows[k]!.chosen).toEqual(reference.windows[k]!.chosen)
        expect(changed.windows[k]!.inSampleValue).toBe(reference.windows[k]!.inSampleValue)
      }
      // …while its out-of-sample result did see the change.
      expect(changed.windows[1]!.outOfSample.strategy.totalReturn).not.toBe(
        reference.windows[1]!.outOfSample.strategy.totalReturn,
      )
    }
  })

  it('trades nothing before the test period, yet enters it with the position the warm-up decided', () => {
    const series = base.data[0]!.series
    const params = { fast: 3, slow: 12 }
    const bars = sliceData(base.data, series.openTime[0]!, series.openTime[400]!)
    const free = runBacktest({ strategy: maCrossover, params, data: bars })
    // A test start at which the ungated run is in a trade opened during the warm-up.
    const trade = free.trades.find((t) => t.entryTime > series.openTime[5]! && t.exitTime !== null)!
    // Entries are stamped at the open of the bar that filled them.
    const start = series.indexOfOpenTime(trade.entryTime) + 3
    const testStart = series.openTime[start]!
    expect(trade.exitTime!).toBeGreaterThan(series.openTime[start + 1]!)

    const gated = runBacktest({
      strategy: tradingFrom(maCrossover, series.knownAt[start - 1]!),
      params,
      data: bars,
    })
    expect(
      gated.equity.filter((p) => p.time <= series.knownAt[start - 1]!).every((p) => p.equity === 1_000_000),
    ).toBe(true)
    // Its first order goes out at the close of the last train bar and fills on the first test bar
    // (a fill is stamped when it happens, at that bar's open), on the side the warm-up decided.
    expect(gated.orders[0]!.createdAt).toBe(series.knownAt[start - 1])
    expect(gated.fills[0]!.time).toBe(testStart)
    expect(gated.fills.every((fill) => fill.time >= testStart)).toBe(true)
    expect(gated.fills[0]!.side).toBe(trade.direction === 'long' ? 'buy' : 'sell')
  })

  it('never trades in a window that could choose nothing', () => {
    const series = base.data[0]!.series
    const run = runBacktest({
      strategy: tradingFrom(maCrossover, Number.POSITIVE_INFINITY),
      params: { fast: 3, slow: 12 },
      data: base.data,
    })
    expect(run.fills).toHaveLength(0)
    expect(run.equity.at(-1)!.equity).toBe(1_000_000)
    expect(series.length).toBe(600)
  })
})
