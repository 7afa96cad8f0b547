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
 *    position, unless the position limit refuses it (the direction is taken all the same: a
 *    refused target waits for the next change of direction). With a stop, a flat book enters,
 *    and a position trails its stop.
 *
 * Cost: O(bars) with no allocation per bar. The equity of every bar goes to a scratch buffer
 * owned by the sweep, and the Sharpe ratio, drawdown and exposure are taken from its recorded
 * points in the engine's own order of operations, so they match `computeMetrics` to the last bit
 * rather than to a tolerance.
 */
import { finiteOrNull } from '../../backtest/metrics/returns.ts'
import type { SweepMarket } from './market.ts'
import type { TickGrid } from './tick-grid.ts'
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
  /** Scratch buffers owned by the sweep and reused by every combination: per bar the equity and whether a position is held, per recorded point its return. */
  readonly equity: Float64Array
  readonly held: Uint8Array
  readonly returns: Float64Array
  readonly keepEquity: boolean
}

/** Counters a fill updates; the per-bar path never touches them. */
class Tally {
  fills = 0
  trades = 0
  fees = 0
  slippage = 0
  exceeded = 0
}

/**
 * Books a fill of `quantity` lots (signed; `held` before it) at `ticks`, slipped from
 * `reference`, and returns the cash after it in ledger units.
 */
function book(
  market: SweepMarket,
  tally: Tally,
  cash: number,
  held: number,
  i: number,
  quantity: number,
  reference: number,
  ticks: number,
): number {
  const size = Math.abs(quantity)
  if (!market.fitsVolume(i, size)) tally.exceeded++
  const fee = market.feeUnits(ticks, size)
  const after = cash - (quantity * ticks * market.ledgerPerTickLot + fee * market.feeScale)
  if (!Number.isSafeInteger(after)) throw new RangeError(`cash left the exact range of a double at bar ${i}`)
  const position = held + quantity
  if (position !== 0 && (held === 0 || Math.sign(position) !== Math.sign(held))) tally.trades++
  tally.fills++
  tally.fees += fee / market.quoteScale
  const against = quantity > 0 ? ticks - reference : reference - ticks
  tally.slippage += (against * size * market.ledgerPerTickLot) / market.ledgerScale
  return after
}

/** The stop level `multiple × unit` from `reference` against a position in `direction`, on the grid away from the market; NaN when not above 0. */
function stopLevel(
  grid: TickGrid,
  direction: number,
  multiple: number,
  reference: number,
  unit: number,
): number {
  const raw = reference - direction * multiple * unit
  if (!(raw > 0)) return Number.NaN
  return grid.price(grid.levelTicks(raw, direction < 0))
}

export function simulate(input: SimulationInput): Omit<VectorResult, 'params'> {
  return input.stop === undefined ? marketOrders(input) : withStop(input, input.stop)
}

/**
 * Market orders only. Between two decisions the book does not change, so the bars run in
 * segments: a tight loop marks the equity and looks for the next bar whose decision differs from
 * the direction held; the decision, the order and its fill at the next open happen outside it.
 */
function marketOrders(input: SimulationInput): Omit<VectorResult, 'params'> {
  const { market, signals, fraction } = input
  const n = market.series.length
  const close = market.series.close
  const unitValue = market.unitValue
  const ledgerScale = market.ledgerScale
  const equityAt = input.equity
  const heldAt = input.held
  const tally = new Tally()
  let cash = market.initialCash
  let cashValue = cash / ledgerScale
  let lots = 0
  let orders = 0
  let refused = 0
  // The direction last ordered (+1, 0, −1).
  let direction = 0
  let i = 0
  while (i < n) {
    const shift = (direction + 1) << 1
    // The code that wants the direction already held decides nothing, as STAY does.
    const same = direction === 1 ? 1 : direction === 0 ? 2 : 3
    const held = lots === 0 ? 0 : 1
    const value = lots * unitValue
    let code = 0
    for (; i < n; i++) {
      equityAt[i] = cashValue + value * close[i]!
      heldAt[i] = held
      code = (signals[i]! >> shift) & 3
      if (code !== 0 && code !== same) break
    }
    if (i === n) break
    const c = close[i]!
    const wanted = code === 1 ? 1 : code === 2 ? 0 : -1
    const size = wanted === 0 ? 0 : market.lotsFor(fraction, equityAt[i]!, c)
    i++
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
    // A refused target is not sent again on later bars (src/strategy/position-targets.ts).
    direction = wanted
    if (Math.abs(target) > market.positionLimit(c) && !onlyShrinks) {
      refused++
      continue
    }
    // The order fills at the next bar's open, before that bar is marked; after the last bar, never.
    if (i === n) break
    const buy = difference > 0
    const reference = Math.max(1, market.openTicks(i, buy))
    cash = book(market, tally, cash, lots, i, difference, reference, market.slipped(reference, buy))
    cashValue = cash / ledgerScale
    lots = target
  }
  return summarise(input, tally, orders, refused)
}

/**
 * With a protective stop: bar by bar, since a working stop is checked against every bar's path.
 * A flat book enters on the decision for flat; a position is closed by its stop alone.
 */
function withStop(input: SimulationInput, stop: StopArrays): Omit<VectorResult, 'params'> {
  const { market, signals, fraction } = input
  const series = market.series
  const n = series.length
  const close = series.close
  const low = series.low
  const high = series.high
  const grid = market.grid
  const unitValue = market.unitValue
  const ledgerScale = market.ledgerScale
  const distance = stop.distance
  const multiple = stop.multiple
  const equityAt = input.equity
  const heldAt = input.held
  const tally = new Tally()

  let cash = market.initialCash
  let cashValue = cash / ledgerScale
  let lots = 0
  let orders = 0
  let refused = 0
  // The direction of the position or entry (+1, 0, −1) and the entry waiting for the next open (signed lots).
  let direction = 0
  let pending = 0
  // The protective stop: working or not, its trigger in ticks and as a price, the signal bar's distance.
  let stopWorking = false
  let stopTicks = 0
  let stopPrice = Number.NaN
  let entryDistance = Number.NaN

  for (let i = 0; i < n; i++) {
    if (pending !== 0) {
      const buy = pending > 0
      const reference = Math.max(1, market.openTicks(i, buy))
      const ticks = market.slipped(reference, buy)
      cash = book(market, tally, cash, lots, i, pending, reference, ticks)
      cashValue = cash / ledgerScale
      lots += pending
      pending = 0
      // The entry's fill sends the stop, `multiple` distances of the signal bar from the fill price.
      const price = stopLevel(grid, direction, multiple, grid.price(ticks), entryDistance)
      stopWorking = price > 0
      if (stopWorking) {
        orders++
        stopTicks = grid.levelTicks(price, direction < 0)
        stopPrice = price
      }
    } else if (stopWorking) {
      // A sell stop (long) triggers at the open on a gap down, else where the path reaches the low.
      const buy = direction < 0
      const open = market.openTicks(i, buy)
      let hit = Number.NaN
      if (buy) hit = open >= stopTicks ? open : grid.barTicks(high[i]!, true) >= stopTicks ? stopTicks : hit
      else hit = open <= stopTicks ? open : grid.barTicks(low[i]!, false) <= stopTicks ? stopTicks : hit
      if (hit === hit) {
        const reference = Math.max(1, hit)
        cash = book(market, tally, cash, lots, i, -lots, reference, market.slipped(reference, buy))
        cashValue = cash / ledgerScale
        lots = 0
        stopWorking = false
        direction = 0
      }
    }

    const c = close[i]!
    const equity = cashValue + lots * unitValue * c
    equityAt[i] = equity
    heldAt[i] = lots === 0 ? 0 : 1

    if (lots === 0) {
      stopWorking = false
      direction = 0
      const code = (signals[i]! >> 2) & 3
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
      const trailed = stopLevel(grid, direction, multiple, c, unit)
      if (direction * (trailed - stopPrice) > 0) {
        // Trailing cancels the working stop and sends a new one at the better level.
        orders++
        stopTicks = grid.levelTicks(trailed, direction < 0)
        stopPrice = trailed
      }
    }
  }
  return summarise(input, tally, orders, refused)
}

/**
 * The figures from the per-bar equity and holdings: the recorded points are every `every`-th bar
 * from the first, as the engine records them; returns, drawdown and exposure follow
 * metrics/performance.ts, returns.ts, drawdown.ts and activity.ts operation for operation. Kept
 * out of the bar loop, where a branch per recorded point made V8's code several times slower.
 */
function summarise(
  input: SimulationInput,
  tally: Tally,
  orders: number,
  refused: number,
): Omit<VectorResult, 'params'> {
  const { sampling, market } = input
  const returns = input.returns
  const equityAt = input.equity
  const heldAt = input.held
  const every = sampling.every
  const n = market.series.length
  const points = sampling.points
  // Separate plain loops, the first point peeled off: V8 compiles a loop whose body branches
  // around floating-point work several times slower than these.
  let returnsSum = 0
  let previous = equityAt[0] ?? Number.NaN
  for (let i = every, k = 0; i < n; i += every, k++) {
    const equity = equityAt[i]!
    const r = equity / previous - 1
    returns[k] = r
    returnsSum += r
    previous = equity
  }
  // Drawdown per run of points under one peak: the lowest point of the run is its worst.
  let peak = Number.NEGATIVE_INFINITY
  let trough = Number.POSITIVE_INFINITY
  let worst = 0
  for (let i = 0; i < n; i += every) {
    const equity = equityAt[i]!
    if (equity > peak) {
      if (peak > 0) worst = Math.max(worst, 1 - trough / peak)
      peak = equity
      trough = equity
    } else if (equity < trough) trough = equity
  }
  if (peak > 0) worst = Math.max(worst, 1 - trough / peak)
  // Exposure counts the intervals between points, so the last point's holding does not count.
  let exposed = 0
  for (let i = 0; i < n - every; i += every) exposed += heldAt[i]!
  const lastEquity = points === 0 ? Number.NaN : equityAt[(points - 1) * every]!
  let curve: Float64Array | undefined
  if (input.keepEquity) {
    curve = new Float64Array(points)
    for (let k = 0; k < points; k++) curve[k] = equityAt[k * every]!
  }
  const count = points - 1
  let sharpe: number | null = null
  if (count >= 2 && sampling.periodsPerYear !== null) {
    const mean = returnsSum / count
    let squares = 0
    for (let k = 0; k < count; k++) squares += (returns[k]! - mean) ** 2
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
    fills: tally.fills,
    trades: tally.trades,
    exposure: points < 2 ? null : exposed / (points - 1),
    fees: tally.fees,
    slippage: tally.slippage,
    participationExceeded: tally.exceeded,
    ...(curve === undefined ? {} : { equity: curve }),
  }
}
