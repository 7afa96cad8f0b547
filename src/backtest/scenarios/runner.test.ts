import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineInstrument } from '../../domain/instrument.ts'
import type { AnyStrategy } from '../../strategy/types.ts'
import type { BacktestInput } from '../input.ts'
import type { BacktestResult } from '../result.ts'
import { SCENARIOS } from './catalogue.ts'
import { runScenarios } from './runner.ts'
import { T0, flatSeries } from './testing/bars.ts'
import { fillAt, resultWith } from './testing/result.ts'
import { flashCrash, halt } from './transforms.ts'

const ACME = defineInstrument({
  symbol: 'ACME',
  venue: 'SIM',
  assetClass: 'equity',
  quoteCurrency: 'USD',
  tickSize: '0.01',
  lotSize: '1',
})

const IDLE: AnyStrategy = {
  name: 'idle',
  title: 'Idle',
  description: 'Never trades',
  params: z.strictObject({}),
  create: () => ({}),
}

const SERIES = flatSeries(40)
const INPUT: BacktestInput = {
  strategy: IDLE,
  data: [{ instrument: ACME, series: SERIES, source: 'acme.csv' }],
}

/**
 * Stands in for the engine only to see what the runner hands it: it records the input and returns
 * a run with no fills, so every outcome below comes from the runner and the checks, not from it.
 */
function recorder(): {
  readonly inputs: BacktestInput[]
  readonly run: (input: BacktestInput) => BacktestResult
} {
  const inputs: BacktestInput[] = []
  return {
    inputs,
    run: (input) => {
      inputs.push(input)
      return resultWith({})
    },
  }
}

describe('runScenarios', () => {
  it('runs every scenario of the catalogue, in its order, when no names are given', () => {
    const { inputs, run } = recorder()
    const reports = runScenarios(run, INPUT)
    expect(reports.map((r) => r.scenario)).toEqual(SCENARIOS.map((s) => s.name))
    expect(inputs).toHaveLength(SCENARIOS.length)
    expect(reports.every((r) => r.passed)).toBe(true)
  })

  it('hands the engine the transformed bars, labelled with the scenario', () => {
    const { inputs, run } = recorder()
    runScenarios(run, INPUT, ['flash-crash'])
    const given = inputs[0]!.data[0]!
    expect(Array.from(given.series.close)).toEqual(Array.from(flashCrash(SERIES).close))
    expect(given.source).toBe('acme.csv (scenario flash-crash)')
    expect(inputs[0]!.halts, 'a crash halts nothing').toEqual([])
  })

  it('hands the engine the halt windows of each instrument and checks no fill falls inside them', () => {
    const { inputs, run } = recorder()
    const [report] = runScenarios(run, INPUT, ['halt'])
    const expected = halt(SERIES).halts[0]!
    expect(inputs[0]!.halts).toEqual([{ instrumentId: 'ACME.SIM', ...expected }])
    expect(report!.outcomes.map((o) => [o.expectation, o.passed, o.message])).toEqual([
      ['completes', true, 'the run completed: 0 bar events, 0 fills'],
      ['equity-finite', true, 'all 0 equity points are finite'],
      ['position-within-limit', true, '0 fills, none above the position limit'],
      ['kill-switch-on-loss', true, 'no loss limit is configured; nothing to check'],
      ['no-fill-in-halt', true, 'no fill inside 1 halt windows'],
    ])
  })

  it('fails the halt scenario when the run reports a fill inside the window', () => {
    const filledInHalt = (input: BacktestInput): BacktestResult =>
      resultWith({ fills: [fillAt('t1', input.halts![0]!.from + 60_000, 'buy', 1, 100)] })
    const [report] = runScenarios(filledInHalt, INPUT, ['halt'])
    const window = halt(SERIES).halts[0]!
    expect(report!.passed).toBe(false)
    expect(report!.outcomes.at(-1)).toEqual({
      expectation: 'no-fill-in-halt',
      passed: false,
      message: `fill t1 (order o-t1, buy 1 ACME.SIM) at ${new Date(window.from + 60_000).toISOString()} is inside the halt from ${new Date(window.from).toISOString()} to ${new Date(window.to).toISOString()}`,
    })
  })

  it('records a run that throws as a failure with its message, and no result', () => {
    const reports = runScenarios(
      () => {
        throw new Error('order book corrupted')
      },
      INPUT,
      ['gap-down'],
    )
    expect(reports).toEqual([
      {
        scenario: 'gap-down',
        description: SCENARIOS[1]!.description,
        passed: false,
        outcomes: [
          { expectation: 'completes', passed: false, message: 'the run threw: order book corrupted' },
        ],
        result: null,
      },
    ])
  })

  it('does not run a scenario that cannot be applied to the data, and says why', () => {
    const { inputs, run } = recorder()
    const short = { ...INPUT, data: [{ instrument: ACME, series: flatSeries(12), source: 'short.csv' }] }
    const [report] = runScenarios(run, short, ['halt'])
    expect(inputs).toHaveLength(0)
    expect(report!.outcomes).toEqual([
      {
        expectation: 'completes',
        passed: false,
        message:
          'the scenario cannot be applied to ACME.SIM (short.csv): halt: 10 bars from bar 6 leave no bar to reopen on (the series has 12)',
      },
    ])
  })

  it('keeps the catalogue order whatever the order of the names, and takes all', () => {
    const { run } = recorder()
    expect(runScenarios(run, INPUT, ['halt', 'gap-down']).map((r) => r.scenario)).toEqual([
      'gap-down',
      'halt',
    ])
    expect(runScenarios(run, INPUT, ['all'])).toHaveLength(SCENARIOS.length)
  })

  it('refuses an unknown scenario name before running anything, listing the known ones', () => {
    const { inputs, run } = recorder()
    expect(() => runScenarios(run, INPUT, ['meteor'])).toThrow(
      'unknown scenario "meteor"; known: all, flash-crash, gap-down, halt, liquidity-drought, spread-blowout, stale-missing, stale-repeated',
    )
    expect(inputs).toHaveLength(0)
  })

  it('starts every scenario at the middle of the series', () => {
    expect(SCENARIOS.map((s) => s.transform(SERIES).start)).toEqual(SCENARIOS.map(() => T0 + 20 * 60_000))
  })
})
