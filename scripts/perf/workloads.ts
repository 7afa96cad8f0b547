/**
 * The named workloads `scripts/perf/profile.ts` runs under a profiler: small but representative
 * sizes (a second or a few of work), seeded, built from the benchmark suites' own generators and
 * configurations so a profile explains the figure the benchmark prints.
 *
 * Each workload returns a count of what it did, checked against what it should have done: a
 * profile of a run that silently did nothing would be misleading.
 */
import { benchBars } from '../../bench/indicators.ts'
import { benchFile } from '../../bench/ingest.ts'
import { ALL_FRICTIONS } from '../../bench/backtest.ts'
import { executionSuite } from '../../bench/execution.ts'
import { runMatchingBench } from '../../bench/matching.ts'
import { runBacktest } from '../../src/backtest/engine.ts'
import { readBarsCsv } from '../../src/data/csv/index.ts'
import { simulateUniverse } from '../../src/data/simulator/universe.ts'
import { defineInstrument } from '../../src/domain/instrument.ts'
import type { InputName } from '../../src/indicators/core/definition.ts'
import { findIndicator } from '../../src/indicators/registry.ts'
import { getStrategy } from '../../src/strategy/registry.ts'

export interface Workload {
  readonly name: string
  readonly description: string
  /** Runs the work; resolves to a one-line account of what was done. */
  run(log: (line: string) => void): Promise<string>
}

const INGEST_ROWS = 200_000
const INDICATOR_POINTS = 500_000
const BACKTEST_BARS = 200_000
const MATCHING_OPERATIONS = 300_000

const ingest: Workload = {
  name: 'ingest',
  description: `readBarsCsv over the ingest benchmark's ${INGEST_ROWS.toLocaleString('en-US')}-row CSV file, three times`,
  async run(log) {
    const file = await benchFile(INGEST_ROWS, log)
    let rows = 0
    for (let k = 0; k < 3; k++) rows += (await readBarsCsv(file)).series.length
    if (rows !== 3 * INGEST_ROWS) throw new Error(`ingest read ${rows} rows of ${3 * INGEST_ROWS}`)
    return `${rows.toLocaleString('en-US')} rows read from ${file}`
  },
}

const indicators: Workload = {
  name: 'indicators',
  description: `batch SMA, EMA, RSI, Bollinger and ATR over ${INDICATOR_POINTS.toLocaleString('en-US')} seeded bars, twenty passes`,
  run() {
    const bars = benchBars(INDICATOR_POINTS, 20241125)
    const columns: Partial<Record<InputName, Float64Array>> = {
      ...bars,
      value: bars.close,
      benchmark: bars.close,
    }
    const cases: [string, Record<string, number>][] = [
      ['sma', { period: 20 }],
      ['ema', { period: 20 }],
      ['rsi', { period: 14 }],
      ['bollinger', { period: 20 }],
      ['atr', { period: 14 }],
    ]
    let computed = 0
    for (let pass = 0; pass < 20; pass++) {
      for (const [name, params] of cases) {
        const indicator = findIndicator(name)
        if (indicator === undefined) throw new Error(`indicator ${name} is not registered`)
        const inputs = Object.fromEntries(indicator.inputs.map((input) => [input, columns[input]])) as Record<
          InputName,
          Float64Array
        >
        indicator.compute(inputs, indicator.resolve(params))
        computed++
      }
    }
    return Promise.resolve(
      `${computed} indicator passes over ${INDICATOR_POINTS.toLocaleString('en-US')} points`,
    )
  },
}

const backtest: Workload = {
  name: 'backtest',
  description: `ma-crossover through runBacktest with the backtest benchmark's frictions, ${BACKTEST_BARS.toLocaleString('en-US')} seeded one-minute bars`,
  run(log) {
    log(`backtest: generating ${BACKTEST_BARS.toLocaleString('en-US')} bars`)
    const universe = simulateUniverse({ assets: 1, bars: BACKTEST_BARS, seed: 20_261_205 })
    const instrument = defineInstrument({
      symbol: universe.symbols[0]!,
      venue: 'SIM',
      assetClass: 'equity',
      quoteCurrency: 'USD',
      tickSize: '0.01',
      lotSize: '1',
    })
    const result = runBacktest({
      strategy: getStrategy('ma-crossover'),
      params: { fast: 10, slow: 30, average: 'sma', allowShort: false, fraction: 0.95 },
      data: [{ instrument, series: universe.series[0]!, source: 'simulated' }],
      config: ALL_FRICTIONS,
    })
    if (result.barEvents !== BACKTEST_BARS)
      throw new Error(`the engine processed ${result.barEvents} bar events of ${BACKTEST_BARS}`)
    return Promise.resolve(
      `${result.barEvents.toLocaleString('en-US')} bar events, ${result.fills.length} fills`,
    )
  },
}

const matching: Workload = {
  name: 'matching',
  description: `the matching benchmark's seeded stream: ${MATCHING_OPERATIONS.toLocaleString('en-US')} operations on a 5,000-order book, replayed twice`,
  run(log) {
    const report = runMatchingBench(5_000, MATCHING_OPERATIONS, 2, log)
    return Promise.resolve(
      `${report.operations.toLocaleString('en-US')} operations, ${report.stream.fills.toLocaleString('en-US')} fills`,
    )
  },
}

const execution: Workload = {
  name: 'execution',
  description: 'the execution benchmark, one run per variant: submit → risk → venue → fill → portfolio',
  async run(log) {
    const lines = await executionSuite.run({
      rows: 0,
      repetitions: 1,
      args: [],
      log,
      probe: () => Promise.reject(new Error('the execution workload starts no probe')),
    })
    const variants = lines.filter((line) => line.startsWith('| ') && !line.startsWith('| path')).length
    if (variants === 0) throw new Error('the execution benchmark timed no variant')
    return `${variants} execution variants timed`
  },
}

export const WORKLOADS: readonly Workload[] = [ingest, indicators, backtest, matching, execution]

export function findWorkload(name: string): Workload | undefined {
  return WORKLOADS.find((w) => w.name === name)
}
