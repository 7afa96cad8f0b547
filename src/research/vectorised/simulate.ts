/**
 * One combination over the sweep's bars: the event-driven engine's bar loop, reduced to what one
 * instrument, market orders filled at the next open and an optional protective stop need. Per bar,
 * in the engine's order (src/backtest/engine/run.ts):
 *
 * 1. the order decided on the previous close fills at this bar's open — or, with a position and a
 *    stop working, the stop fills where the bar's OHLC path first reaches it (the open on a gap);
 * 2. the equity is marked at the close and, every `equityEvery` bars, recorded;
 * 3. the strategy's decision for the direction held: a changed direction sizes a position of
 *    `fraction` of that equity in whole lots at the close and sends the difference from the
 *    position, unless the position limit refuses it (the direction then stays, and a later bar
 *    tries again). With a stop, a flat book enters, and a position trails its stop.
 *
 * Cost: O(bars) with no allocation per bar. The recorded points' returns go to a scratch buffer
 * owned by the sweep, and the Sharpe ratio and drawdown are taken from it in the engine's own
 * order of operations, so they match `computeMetrics` to the last bit rather than to a tolerance.
 */
import { finiteOrNull } from '../../backtest/metrics/returns.ts'
import type { SweepMarket } from './market.ts'
import type { VectorResult } from './result.ts'

export interface Sampling {
  /** Bars between recorded equity points (`equityEvery`). */
  readonly every: number
  /** Points recorded over the series: ⌈bars / every⌉. */
  readonly points: number
  /** From the recorded points' times (metrics/annualisation.ts); null when undefined. */
  readonly periodsPerYear: number | null
}

export interface StopArrays {
  readonly distance: Float64Array
  readonly multiple: number
}

export interface SimulationInput {
  readonly market: SweepMarket
  readonly signals: Uint8Array
  readonly fraction: number
  readonly stop: StopArrays | undefined
  readonly sampling: Sampling
  /** Scratch of `sampling.points` values, reused by every combination. */
  readonly scratch: Float64Array
  readonly keepEquity: boolean
}

export function simulate(input: SimulationInput): Omit<VectorResult, 'params'> {
  const { market, signals, fraction, stop, sampling, scratch } = input
  const series = market.series
  const n = series.length
  const close = series.close
  const low = series.low
  const high = series.high
  const grid = market.grid
  const unitValue = market.unitValue
  const ledgerScale = market.ledgerScale
  const ledgerPerTickLot = market.ledgerPerTickLot
  const feeScale = market.feeScale
  const quoteScale = market.quoteScale
  const every = sampling.every
  const curve = input.keepEquity ? new Float64Array(sampling.points) : undefined
  const distance = stop?.distance
  const multiple = stop?.multiple ?? 0

  let cash = market.initialCash
  let cashValue = cash / ledgerScale
  let lots = 0
  let fills = 0
  let trades = 0
  let fees = 0
  let slippage = 0
  let exceeded = 0
  let orders = 0
  let refused = 0

  /** Books a fill of `quantity` lots (signed) at `ticks`, slipped from `reference`. */
  const fill = (i: number, quantity: number, reference: number, ticks: number): void => {
    const size = Math.abs(quantity)
    if (!market.fitsVolume(i, size)) exceeded++
    const fee = market.feeUnits(ticks, size)
    cash -= quantity * ticks * ledgerPerTickLot + fee * feeScale
    if (!Number.isSafeInteger(cash)) throw new RangeError(`cash left the exact range of a double at bar ${i}`)
    cashValue = cash / ledgerScale
    const after = lots + quantity
    if (after !== 0 && (lots === 0 || Math.sign(after) !== Math.sign(lots))) trades++
    lots = after
    fills++
    fees += fee / quoteScale
    const against = quantity > 0 ? ticks - reference : reference - ticks
    slippage += (against * size * ledgerPerTickLot) / ledgerScale
  }

  // The direction last ordered (+1, 0, −1) and the order waiting for the next open (signed lots).
  let direction = 0
  let pending = 0
  // The protective stop: working or not, its trigger in ticks and as a price, the signal bar's distance.
  let stopWorking = false
  let stopTicks = 0
  let stopPrice = Number.NaN
  let entryDistance = Number.NaN

  const stopLevel = (reference: number, unit: number): number => {
    const raw = reference - direction * multiple * unit
    if (!(raw > 0)) return Number.NaN
    return grid.price(grid.levelTicks(raw, direction < 0))
  }
  const placeStop = (price: number): void => {
    stopWorking = false
    if (lots === 0 || !(price > 0)) return
    orders++
    stopTicks = grid.levelTicks(price, direction < 0)
    stopPrice = price
    stopWorking = true
  }

  let nextSample = 0
  let points = 0
  let previous = 0
  let returnsSum = 0
  let peak = Number.NEGATIVE_INFINITY
  let trough = Number.POSITIVE_INFINITY
  let worst = 0
  let exposed = 0
  let lastEquity = Number.NaN
  let lastExposed = false

  for (let i = 0; i < n; i++) {
    if (pending !== 0) {
      const buy = pending > 0
      const reference = Math.max(1, market.openTicks(i, buy))
      const ticks = market.slipped(reference, buy)
      fill(i, pending, reference, ticks)
      pending = 0
      if (distance !== undefined) placeStop(stopLevel(grid.price(ticks), entryDistance))
    } else if (stopWorking) {
      // A sell stop (long) triggers at the open on a gap down, else where the path reaches the low.
      const buy = direction < 0
      const open = market.openTicks(i, buy)
      let hit = Number.NaN
      if (buy) hit = open >= stopTicks ? open : grid.barTicks(high[i]!, true) >= stopTicks ? stopTicks : hit
      else hit = open <= stopTicks ? open : grid.barTicks(low[i]!, false) <= stopTicks ? stopTicks : hit
      if (hit === hit) {
        const reference = Math.max(1, hit)
        fill(i, -lots, reference, market.slipped(reference, buy))
        stopWorking = false
        direction = 0
      }
    }

    const c = close[i]!
    const equity = cashValue + lots * unitValue * c
    if (i === nextSample) {
      nextSample += every
      if (points > 0) {
        const r = equity / previous - 1
        scratch[points - 1] = r
        returnsSum += r
      }
      previous = equity
      // Drawdown per run of points under one peak: the lowest point of the run is its worst.
      if (equity > peak) {
        if (peak > 0) worst = Math.max(worst, 1 - trough / peak)
        peak = equity
        trough = equity
      } else if (equity < trough) trough = equity
      lastExposed = lots !== 0
      if (lastExposed) exposed++
      if (curve !== undefined) curve[points] = equity
      lastEquity = equity
      points++
    }

    const byte = signals[i]!
    if (distance === undefined) {
      const code = (byte >> ((direction + 1) << 1)) & 3
      if (code === 0) continue
      const wanted = code === 1 ? 1 : code === 2 ? 0 : -1
      if (wanted === direction) continue
      const size = wanted === 0 ? 0 : market.lotsFor(fraction, equity, c)
      if (wanted !== 0 && size === 0) continue
      const target = wanted * size
      const difference = target - lots
      if (difference === 0) {
        direction = wanted
        continue
      }
      orders++
      // The risk engine's position check: the limit binds unless the order only shrinks the position.
      const onlyShrinks =
        lots !== 0 && Math.sign(target) !== -Math.sign(lots) && Math.abs(target) < Math.abs(lots)
      if (Math.abs(target) > market.positionLimit(c) && !onlyShrinks) {
        refused++
        continue
      }
      pending = difference
      direction = wanted
    } else if (lots === 0) {
      stopWorking = false
      direction = 0
      const code = (byte >> 2) & 3
      if (code !== 1 && code !== 3) continue
      const wanted = code === 1 ? 1 : -1
      const size = market.lotsFor(fraction, equity, c)
      if (size === 0) continue
      orders++
      if (size > market.positionLimit(c)) {
        refused++
        continue
      }
      pending = wanted * size
      direction = wanted
      entryDistance = distance[i]!
    } else if (stopWorking) {
      const unit = distance[i]!
      if (unit !== unit) continue
      const trailed = stopLevel(c, unit)
      if (direction * (trailed - stopPrice) > 0) placeStop(trailed)
    }
  }
  if (peak > 0) worst = Math.max(worst, 1 - trough / peak)

  const count = points - 1
  let sharpe: number | null = null
  if (count >= 2 && sampling.periodsPerYear !== null) {
    const mean = returnsSum / count
    let squares = 0
    for (let k = 0; k < count; k++) squares += (scratch[k]! - mean) ** 2
    const deviation = Math.sqrt(squares / (count - 1))
    if (deviation !== 0) sharpe = finiteOrNull((mean / deviation) * Math.sqrt(sampling.periodsPerYear))
  }
  return {
    finalEquity: lastEquity,
    totalReturn: points === 0 ? null : finiteOrNull(lastEquity / market.frictions.initialCapital - 1),
    sharpe,
    maxDrawdown: worst,
    orders,
    refused,
    fills,
    trades,
    exposure: points < 2 ? null : (exposed - (lastExposed ? 1 : 0)) / (points - 1),
    fees,
    slippage,
    participationExceeded: exceeded,
    ...(curve === undefined ? {} : { equity: curve }),
  }
}
