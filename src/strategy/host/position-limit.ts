/**
 * A position limit given as a fraction of the starting capital (`risk.maxPositionFraction` of the
 * backtest configuration), turned into lots at the instrument's last close and set on the risk
 * engine before each order is checked — by the backtest and by a live run alike, so both refuse
 * the same orders. The limit is set again only when the lots change (each change is journaled).
 */
import { decimalToNumber } from '../../domain/decimal.ts'
import type { Instrument } from '../../domain/instrument.ts'
import type { Clock } from '../../execution/clock.ts'
import type { ExecutionCore } from '../../execution/execution-core.ts'

export interface PositionLimitOptions {
  readonly core: ExecutionCore
  readonly clock: Clock
  readonly instruments: readonly Instrument[]
  readonly fraction: number
  readonly initialCapital: number
  /** The last close per instrument (NaN before the first): read when an order is checked. */
  readonly lastClose: Float64Array
}

/** Returns the `beforeSubmit` hook of a `StrategyHost`. */
export function positionLimitByFraction(options: PositionLimitOptions): (instrument: number) => void {
  const { core, clock, instruments, fraction, initialCapital, lastClose } = options
  const lotSize = instruments.map((i) => decimalToNumber(i.lotSize))
  const multiplier = instruments.map((i) => decimalToNumber(i.multiplier))
  const positionLimit = new Float64Array(instruments.length).fill(Number.NaN)
  return (i) => {
    const close = lastClose[i]!
    const value = close * lotSize[i]! * multiplier[i]!
    const lots = Number.isNaN(close) ? 0 : Math.floor((fraction * initialCapital) / value)
    if (lots === positionLimit[i]) return
    positionLimit[i] = lots
    core.risk.setLimits(
      instruments[i]!.id,
      { maxPosition: lots },
      clock.now(),
      `risk.maxPositionFraction ${fraction} at ${Number.isNaN(close) ? 'no known price' : `close ${close}`}`,
    )
  }
}
