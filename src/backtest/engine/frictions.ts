/**
 * The configuration's frictions as the paper venue and the risk engine take them. Every friction
 * is applied by the venue (fills, fees, slippage, participation, latency) or the risk engine
 * (limits, kill switch); the engine only charges borrow, which no venue sees.
 */
import type { Instrument } from '../../domain/instrument.ts'
import type { Clock } from '../../execution/clock.ts'
import { ScheduleCommission } from '../../execution/venues/commission-model.ts'
import type { PaperVenueOptions } from '../../execution/venues/paper-venue.ts'
import { createSlippageModel } from '../../execution/venues/slippage-models.ts'
import type { BacktestConfig } from '../config.ts'

export function paperVenueOptions(
  config: BacktestConfig,
  instruments: readonly Instrument[],
  clock: Clock,
): PaperVenueOptions {
  return {
    name: 'backtest',
    instruments,
    clock,
    barFill: config.fill,
    commission: new ScheduleCommission(config.commission),
    slippage: createSlippageModel(config.slippage),
    participation: config.liquidity.participation,
    limitFill: config.liquidity.limitFill,
    // A bar backtest works a large market order over the next bars rather than dropping the rest.
    carryMarketRemainder: true,
    latencyMs: config.latency.submitMs,
  }
}
