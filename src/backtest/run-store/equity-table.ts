/**
 * The time series of a run as one table with a row per equity time: equity, cash, gross
 * exposure, the buy-and-hold benchmark and each instrument's close. The result keeps these as
 * separate arrays on the same times; the run folder stores them together, as columnar JSON or
 * as Parquet, and reading splits them back.
 */
import type { UnixMillis } from '../../domain/time.ts'
import type { BacktestResult, EquityPoint } from '../result.ts'

export interface EquityTable {
  readonly time: Float64Array
  readonly equity: Float64Array
  readonly cash: Float64Array
  readonly grossExposure: Float64Array
  readonly benchmark: Float64Array
  /** Instrument ids in sorted order, each with its closes (NaN before its first bar). */
  readonly closes: readonly { readonly instrumentId: string; readonly values: Float64Array }[]
}

/** Throws, naming the field, when the benchmark or a close series is not on the equity's times. */
export function equityTable(result: BacktestResult): EquityTable {
  const rows = result.equity.length
  if (result.benchmark.length !== rows) {
    throw new RangeError(
      `benchmark has ${result.benchmark.length} points, equity ${rows}: they must share the equity times`,
    )
  }
  const table: EquityTable = {
    time: new Float64Array(rows),
    equity: new Float64Array(rows),
    cash: new Float64Array(rows),
    grossExposure: new Float64Array(rows),
    benchmark: new Float64Array(rows),
    closes: Object.keys(result.closes)
      .sort()
      .map((instrumentId) => {
        const closes = result.closes[instrumentId]!
        if (closes.length !== rows)
          throw new RangeError(`closes.${instrumentId} has ${closes.length} values, equity ${rows} points`)
        return { instrumentId, values: Float64Array.from(closes) }
      }),
  }
  for (let i = 0; i < rows; i++) {
    const point = result.equity[i]!
    const benchmark = result.benchmark[i]!
    if (benchmark.time !== point.time) {
      throw new RangeError(
        `benchmark[${i}].time ${benchmark.time} differs from equity[${i}].time ${point.time}`,
      )
    }
    table.time[i] = point.time
    table.equity[i] = point.equity
    table.cash[i] = point.cash
    table.grossExposure[i] = point.grossExposure
    table.benchmark[i] = benchmark.equity
  }
  return table
}

export interface EquitySeries {
  readonly equity: EquityPoint[]
  readonly benchmark: { time: UnixMillis; equity: number }[]
  readonly closes: Record<string, number[]>
}

export function splitEquityTable(table: EquityTable): EquitySeries {
  const equity: EquityPoint[] = []
  const benchmark: { time: UnixMillis; equity: number }[] = []
  for (let i = 0; i < table.time.length; i++) {
    const time = table.time[i]! as UnixMillis
    equity.push({
      time,
      equity: table.equity[i]!,
      cash: table.cash[i]!,
      grossExposure: table.grossExposure[i]!,
    })
    benchmark.push({ time, equity: table.benchmark[i]! })
  }
  const closes: Record<string, number[]> = {}
  for (const column of table.closes) closes[column.instrumentId] = Array.from(column.values)
  return { equity, benchmark, closes }
}
