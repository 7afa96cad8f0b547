/**
 * Runs a backtest under each selected scenario and checks the scenario's expectations on the
 * result. The engine is a parameter (`run`): the command line passes `runBacktest`, so this module
 * depends on the engine's input and result types only, never on the engine.
 *
 * Each scenario transforms every instrument's series, hands the engine its halt windows through
 * `BacktestInput.halts`, and runs. A run that throws (or data the scenario cannot be applied to)
 * is a failed 'completes' with the error's message, and the other expectations are not checked:
 * there is no result to check them on. Scenarios run one after another and share nothing.
 */
import { decimalToNumber } from '../../domain/decimal.ts'
import { type BacktestConfig, resolveBacktestConfig } from '../config.ts'
import type { BacktestInput, InstrumentBars, InstrumentHalt } from '../input.ts'
import type { BacktestResult } from '../result.ts'
import { type ScenarioDefinition, selectScenarios } from './catalogue.ts'
import { EXPECTATION_CHECKS, type ExpectationOutcome, type ScenarioInstrument } from './expectations.ts'

export interface ScenarioReport {
  readonly scenario: string
  readonly description: string
  /** Every expectation passed. */
  readonly passed: boolean
  readonly outcomes: readonly ExpectationOutcome[]
  /** The run's result; null when the scenario could not be applied or the run threw. */
  readonly result: BacktestResult | null
}

export type BacktestRun = (input: BacktestInput) => BacktestResult

/** Runs `input` under each scenario named (all of them by default) with `run`, in catalogue order. */
export function runScenarios(
  run: BacktestRun,
  input: BacktestInput,
  names?: readonly string[],
): ScenarioReport[] {
  const scenarios = selectScenarios(names)
  const config = resolveBacktestConfig(input.config ?? {})
  return scenarios.map((scenario) => runOne(run, input, config, scenario))
}

function runOne(
  run: BacktestRun,
  input: BacktestInput,
  config: BacktestConfig,
  scenario: ScenarioDefinition,
): ScenarioReport {
  const failed = (message: string): ScenarioReport => ({
    scenario: scenario.name,
    description: scenario.description,
    passed: false,
    outcomes: [{ expectation: 'completes', passed: false, message }],
    result: null,
  })
  const data: InstrumentBars[] = []
  const instruments: ScenarioInstrument[] = []
  for (const bars of input.data) {
    try {
      const applied = scenario.transform(bars.series)
      data.push({ ...bars, series: applied.series, source: `${bars.source} (scenario ${scenario.name})` })
      instruments.push({
        instrumentId: bars.instrument.id,
        series: applied.series,
        start: applied.start,
        halts: applied.halts,
        multiplier: decimalToNumber(bars.instrument.multiplier),
      })
    } catch (error) {
      return failed(
        `the scenario cannot be applied to ${bars.instrument.id} (${bars.source}): ${messageOf(error)}`,
      )
    }
  }
  const halts: InstrumentHalt[] = input.data.flatMap((bars, i) =>
    instruments[i]!.halts.map((window) => ({ instrumentId: bars.instrument.id, ...window })),
  )
  let result: BacktestResult
  try {
    result = run({ ...input, data, halts: [...(input.halts ?? []), ...halts] })
  } catch (error) {
    return failed(`the run threw: ${messageOf(error)}`)
  }
  const context = { config, instruments, result }
  const outcomes: ExpectationOutcome[] = scenario.expectations.map((name) =>
    name === 'completes'
      ? {
          expectation: 'completes',
          passed: true,
          message: `the run completed: ${result.barEvents} bar events, ${result.fills.length} fills`,
        }
      : EXPECTATION_CHECKS[name](context),
  )
  return {
    scenario: scenario.name,
    description: scenario.description,
    passed: outcomes.every((o) => o.passed),
    outcomes,
    result,
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
