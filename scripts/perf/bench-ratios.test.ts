import { describe, expect, it } from 'vitest'
import { benchMetrics } from './bench-ratios.ts'

// Lines as the suites print them (bench/indicators.ts, backtest.ts, execution.ts, ingest.ts, research.ts).
const indicators = [
  'Batch indicators over 200,000 points (period 20; best of the repetitions)',
  '',
  '| indicator | TradePulse | C -O2 | technicalindicators | trading-signals | TradePulse / C | × faster than technicalindicators | × faster than trading-signals |',
  '|---|---|---|---|---|---|---|---|',
  '| SMA(20) | 18.6 ms (10.8 M/s) | 0.2 ms | 182 ms | 319 ms | 85.37× | 9.8× | 17.2× |',
  '| RSI(14) | 18.8 ms (10.6 M/s) | — | 237 ms | 110 ms | — | 12.6× | 1,205.5× |',
  '',
  'Streaming, nanoseconds per update (2,000,000 updates; TradePulse through the registry’s row interface)',
  '',
  '| indicator | TradePulse ns/update | trading-signals ns/update | × faster |',
  '|---|---|---|---|',
  '| SMA(20) | 30.7 | 287.4 | 9.4× |',
  '',
  'Geometric indicators over 20,000 bars (default parameters, batch)',
  '',
  '| indicator | time | points/s |',
  '|---|---|---|',
  '| phase (window 64) | 5.9 ms | 3.38e+6 |',
]

describe('benchMetrics', () => {
  it('reads ratio columns of Markdown tables, oriented by their headers, keyed by title, row and column', () => {
    expect(benchMetrics('indicators', indicators)).toEqual([
      { key: 'indicators: Batch indicators over / SMA(20) / TradePulse / C', value: 85.37, better: 'lower' },
      {
        key: 'indicators: Batch indicators over / SMA(20) / × faster than technicalindicators',
        value: 9.8,
        better: 'higher',
      },
      {
        key: 'indicators: Batch indicators over / SMA(20) / × faster than trading-signals',
        value: 17.2,
        better: 'higher',
      },
      {
        key: 'indicators: Batch indicators over / RSI(14) / × faster than technicalindicators',
        value: 12.6,
        better: 'higher',
      },
      {
        key: 'indicators: Batch indicators over / RSI(14) / × faster than trading-signals',
        value: 1205.5,
        better: 'higher',
      },
      {
        key: 'indicators: Streaming, nanoseconds per update / SMA(20) / × faster',
        value: 9.4,
        better: 'higher',
      },
    ])
  })

  it('takes the median before the best in `4.1× (3.9×)` cells', () => {
    const lines = [
      'Backtest throughput: ma-crossover (SMA 10/30), every friction on; 3 runs each, median (best)',
      '',
      '| workload | bar events | engine s | engine bar events/s | engine/bare time |',
      '|---|---|---|---|---|',
      '| 1 instrument × 100,000 bars | 100,000 | 5.1 (4.6) | 19,607 (21,739) | 123.8× (145.3×) |',
      '| 10 instruments × 10,000 bars | 100,000 | not timed: module missing | – | – |',
    ]
    expect(benchMetrics('backtest', lines)).toEqual([
      {
        key: 'backtest: Backtest throughput / 1 instrument × 100,000 bars / engine/bare time',
        value: 123.8,
        better: 'lower',
      },
    ])
  })

  it('reads bytes per order as lower-is-better, and not the other per-unit columns', () => {
    const lines = [
      'Execution path, in process (200,000 orders per run after a warm-up, 2 runs per variant)',
      '',
      '| path | p50 | p99 | p99.9 | orders/s | bytes/order | scavenges/10k orders | full GCs/run |',
      '|---|---|---|---|---|---|---|---|',
      '| market order → fill → portfolio (memory journal) | 4.61 (4.59–5.30) | 31.2 (27.8–64.2) | 2410 (13–4659) | 180,000 | 3,209 (3,200–3,215) | 0.45 (0.40–0.50) | 0 (0–0) |',
    ]
    expect(benchMetrics('execution', lines)).toEqual([
      {
        key: 'execution: Execution path, in process / market order → fill → portfolio (memory journal) / bytes/order',
        value: 3209,
        better: 'lower',
      },
    ])
  })

  it('reads the sentences the ingest and research suites print their ratio in', () => {
    expect(
      benchMetrics('ingest', [
        'reader  rows/s best',
        '------  -----------',
        'ours / csv-parse (readBarsCsv against the faster csv-parse variant, best against best): 3.6×',
      ]),
    ).toEqual([{ key: 'ingest: ours / csv-parse, rows/s', value: 3.6, better: 'higher' }])
    expect(
      benchMetrics('research', [
        'Per bar×combination the sweep is 1,168× faster (medians). The sweep filled 108,988 orders.',
      ]),
    ).toEqual([
      { key: 'research: vectorised sweep / runBacktest, per bar×combination', value: 1168, better: 'higher' },
    ])
  })

  it('numbers rows that share a label, in print order, rather than overwrite one', () => {
    const lines = ['T', '', '| case | × faster |', '|---|---|', '| a | 2× |', '| a | 3× |']
    expect(benchMetrics('s', lines).map((m) => [m.key, m.value])).toEqual([
      ['s: T / a / × faster', 2],
      ['s: T / a / × faster #2', 3],
    ])
  })

  it('finds nothing in a suite that prints only absolute figures', () => {
    const matching = [
      '| measure | value |',
      '|---|---|',
      '| throughput, median of 5 | 0.86 M ops/s (232 ms) |',
    ]
    expect(benchMetrics('matching', matching)).toEqual([])
  })
})
