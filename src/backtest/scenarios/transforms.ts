/**
 * Stress scenarios as pure transformations of a bar series: each returns a new series (the input
 * is never written to) in which the bars before the scenario's start are bit-for-bit the input's,
 * open times and knowledge times are those of the bars kept (so `knownAt = openTime + interval`
 * holds wherever it held), and every bar stays a valid envelope: high ≥ max(open, close),
 * low ≤ min(open, close), prices > 0, volume ≥ 0.
 *
 * Prices are moved by multiplying, never by adding, so they stay positive whatever the level.
 * A window that runs past the end of the series is cut at the end (a crash with no recovery left
 * simply ends low); a halt needs a bar to reopen on and refuses a window that leaves none.
 *
 * Cost: one copy of the columns plus the construction check of the new series, O(bars).
 */
import {
  BAR_FIELDS,
  BarSeries,
  type MutableBarColumns,
  allocateColumns,
  lowerBound,
} from '../../data/bar-series.ts'
import type { UnixMillis } from '../../domain/time.ts'

/** Where a scenario begins: a bar index, or the first bar opening at or after a time (UTC ms). */
export type ScenarioStart = { readonly index: number } | { readonly time: number }

/** A trading halt an engine applies with `TradingHalts`: halted from `from`, reopened at `to`. */
export interface HaltWindow {
  /** Open time of the first halted bar. */
  readonly from: UnixMillis
  /** Open time of the reopening bar: the halt covers `[from, to)`. */
  readonly to: UnixMillis
  /** The reopening bar's open. */
  readonly reopenPrice: number
}

export interface FlashCrashParams {
  /** Bar at which the fall begins; default the middle of the series. */
  readonly start?: ScenarioStart
  /** Depth of the trough, as a fraction of the price: default 0.1 (10%), in (0, 1). */
  readonly dropFraction?: number
  /** Bars from the start to the trough: default 5. */
  readonly dropBars?: number
  /** Bars from the trough back to the unshocked price: default 5. */
  readonly recoveryBars?: number
  /** Volume multiplier during the crash and the recovery (liquidity drying up): default 0.1. */
  readonly volumeFactor?: number
}

export interface GapParams {
  readonly start?: ScenarioStart
  /** Price jump at the start bar's open, as a fraction: default −0.05 (a 5% gap down), > −1. */
  readonly gapFraction?: number
}

export interface HaltParams {
  readonly start?: ScenarioStart
  /** Halted bars: default 10. */
  readonly bars?: number
  /** Reopen price against the last price before the halt, as a fraction: default −0.05, > −1. */
  readonly reopenFraction?: number
}

export interface HaltedSeries {
  readonly series: BarSeries
  readonly halts: readonly HaltWindow[]
}

export interface LiquidityDroughtParams {
  readonly start?: ScenarioStart
  /** Bars in the drought: default 20. */
  readonly bars?: number
  /** Volume multiplier: default 0.05, in [0, 1]. */
  readonly volumeFactor?: number
}

export interface SpreadBlowoutParams {
  readonly start?: ScenarioStart
  /** Bars with widened ranges: default 20. */
  readonly bars?: number
  /** How many times wider the high–low range becomes (in log terms): default 5, ≥ 1. */
  readonly factor?: number
}

export type StaleMode = 'missing' | 'repeated'

export interface StaleDataParams {
  readonly start?: ScenarioStart
  /** Stale bars: default 10. */
  readonly bars?: number
  /** `missing`: the bars are removed; `repeated`: the last close repeats with zero volume. Default `repeated`. */
  readonly mode?: StaleMode
}

export const FLASH_CRASH_DEFAULTS = {
  dropFraction: 0.1,
  dropBars: 5,
  recoveryBars: 5,
  volumeFactor: 0.1,
} as const
export const GAP_DEFAULTS = { gapFraction: -0.05 } as const
export const HALT_DEFAULTS = { bars: 10, reopenFraction: -0.05 } as const
export const LIQUIDITY_DROUGHT_DEFAULTS = { bars: 20, volumeFactor: 0.05 } as const
export const SPREAD_BLOWOUT_DEFAULTS = { bars: 20, factor: 5 } as const
export const STALE_DATA_DEFAULTS = { bars: 10, mode: 'repeated' } as const

/** The index of the first bar a scenario changes; the middle bar when `start` is omitted. */
export function resolveStart(series: BarSeries, start: ScenarioStart | undefined, scenario: string): number {
  if (series.length === 0) throw new RangeError(`${scenario}: the series has no bars`)
  if (start === undefined) return Math.floor(series.length / 2)
  if ('index' in start) {
    if (!Number.isInteger(start.index) || start.index < 0 || start.index >= series.length) {
      throw new RangeError(
        `${scenario}.start.index must be an integer in 0..${series.length - 1}, was ${start.index}`,
      )
    }
    return start.index
  }
  const index = lowerBound(series.openTime, start.time)
  if (!Number.isFinite(start.time) || index >= series.length) {
    throw new RangeError(
      `${scenario}.start.time ${start.time} is after the last bar, which opens at ${series.openTime[series.length - 1]!}`,
    )
  }
  return index
}

/**
 * A V-shaped crash laid over the series: the price is scaled by a factor that falls linearly from
 * 1 to 1 − dropFraction at the close of bar start + dropBars − 1, then climbs linearly back to 1 at
 * the close of the last recovery bar. A bar's open takes the factor of the close before it, its
 * high the larger of its two factors and its low the smaller, so the envelope holds. Volume is
 * multiplied by `volumeFactor` over the whole V.
 */
export function flashCrash(series: BarSeries, params: FlashCrashParams = {}): BarSeries {
  const drop = params.dropFraction ?? FLASH_CRASH_DEFAULTS.dropFraction
  const dropBars = params.dropBars ?? FLASH_CRASH_DEFAULTS.dropBars
  const recoveryBars = params.recoveryBars ?? FLASH_CRASH_DEFAULTS.recoveryBars
  const volumeFactor = params.volumeFactor ?? FLASH_CRASH_DEFAULTS.volumeFactor
  requireOpenInterval('flashCrash.dropFraction', drop, 0, 1)
  requireCount('flashCrash.dropBars', dropBars)
  requireCount('flashCrash.recoveryBars', recoveryBars)
  requireClosedInterval('flashCrash.volumeFactor', volumeFactor, 0, 1)
  const start = resolveStart(series, params.start, 'flashCrash')
  const columns = copyColumns(series)
  const end = Math.min(series.length, start + dropBars + recoveryBars)
  let before = 1
  for (let i = start; i < end; i++) {
    const step = i - start + 1
    const after =
      step <= dropBars ? 1 - (drop * step) / dropBars : 1 - drop + (drop * (step - dropBars)) / recoveryBars
    columns.open[i] = series.open[i]! * before
    columns.close[i] = series.close[i]! * after
    columns.high[i] = series.high[i]! * Math.max(before, after)
    columns.low[i] = series.low[i]! * Math.min(before, after)
    columns.volume[i] = series.volume[i]! * volumeFactor
    before = after
  }
  return new BarSeries(columns, series.interval)
}

/**
 * A gap at the start bar: its open, and every price from there on, is multiplied by
 * 1 + gapFraction, so the bar before closes at the old level and trading resumes at the new one,
 * with no print in between. Times are unchanged: the gap is in price, as after a weekend.
 */
export function gap(series: BarSeries, params: GapParams = {}): BarSeries {
  const fraction = params.gapFraction ?? GAP_DEFAULTS.gapFraction
  requireAbove('gap.gapFraction', fraction, -1)
  const start = resolveStart(series, params.start, 'gap')
  const columns = copyColumns(series)
  scalePrices(columns, series, start, series.length, 1 + fraction)
  return new BarSeries(columns, series.interval)
}

/**
 * A trading halt of `bars` bars from the start: the halted bars stay on the timeline (time goes
 * on while nothing trades) as flat bars at the last price before the halt with zero volume, and
 * the halt is returned as a window for the engine's `TradingHalts`. The reopening bar opens at
 * the reopen price, and every later price is scaled by the same factor, so the series continues
 * from where the market reopened.
 */
export function halt(series: BarSeries, params: HaltParams = {}): HaltedSeries {
  const bars = params.bars ?? HALT_DEFAULTS.bars
  const reopenFraction = params.reopenFraction ?? HALT_DEFAULTS.reopenFraction
  requireCount('halt.bars', bars)
  requireAbove('halt.reopenFraction', reopenFraction, -1)
  const start = resolveStart(series, params.start, 'halt')
  const reopen = start + bars
  if (reopen >= series.length) {
    throw new RangeError(
      `halt: ${bars} bars from bar ${start} leave no bar to reopen on (the series has ${series.length})`,
    )
  }
  const haltPrice = lastPriceBefore(series, start)
  const reopenPrice = haltPrice * (1 + reopenFraction)
  const columns = copyColumns(series)
  flatten(columns, start, reopen, haltPrice)
  scalePrices(columns, series, reopen, series.length, reopenPrice / series.open[reopen]!)
  // The scaled open can differ from reopenPrice in the last bit; the window states what the bar says.
  columns.open[reopen] = reopenPrice
  columns.high[reopen] = Math.max(columns.high[reopen]!, reopenPrice)
  columns.low[reopen] = Math.min(columns.low[reopen]!, reopenPrice)
  return {
    series: new BarSeries(columns, series.interval),
    halts: [
      {
        from: series.openTime[start]! as UnixMillis,
        to: series.openTime[reopen]! as UnixMillis,
        reopenPrice,
      },
    ],
  }
}

/** Volume multiplied by `volumeFactor` over `bars` bars from the start; prices untouched. */
export function liquidityDrought(series: BarSeries, params: LiquidityDroughtParams = {}): BarSeries {
  const bars = params.bars ?? LIQUIDITY_DROUGHT_DEFAULTS.bars
  const volumeFactor = params.volumeFactor ?? LIQUIDITY_DROUGHT_DEFAULTS.volumeFactor
  requireCount('liquidityDrought.bars', bars)
  requireClosedInterval('liquidityDrought.volumeFactor', volumeFactor, 0, 1)
  const start = resolveStart(series, params.start, 'liquidityDrought')
  const columns = copyColumns(series)
  const end = Math.min(series.length, start + bars)
  for (let i = start; i < end; i++) columns.volume[i] = series.volume[i]! * volumeFactor
  return new BarSeries(columns, series.interval)
}

/**
 * Bar data carries no bid and ask, so a spread blowout is stood in for by the bar's range: over
 * `bars` bars the high–low ratio is raised to the power `factor` around the bar's geometric
 * midpoint √(high·low). The log range is multiplied by `factor` exactly, and a narrow bar's range
 * (high − low ≪ price) becomes about `factor` times wider; prices stay positive however wide.
 * Open, close and volume are untouched. A flat bar (high = low) stays flat.
 */
export function spreadBlowout(series: BarSeries, params: SpreadBlowoutParams = {}): BarSeries {
  const bars = params.bars ?? SPREAD_BLOWOUT_DEFAULTS.bars
  const factor = params.factor ?? SPREAD_BLOWOUT_DEFAULTS.factor
  requireCount('spreadBlowout.bars', bars)
  if (!(Number.isFinite(factor) && factor >= 1)) {
    throw new RangeError(`spreadBlowout.factor must be a finite number ≥ 1, was ${factor}`)
  }
  const start = resolveStart(series, params.start, 'spreadBlowout')
  const columns = copyColumns(series)
  const end = Math.min(series.length, start + bars)
  for (let i = start; i < end; i++) {
    const high = series.high[i]!
    const low = series.low[i]!
    const middle = Math.sqrt(high * low)
    const halfWidth = Math.sqrt(high / low) ** factor
    // max/min keep the envelope exact where rounding would shave the last bit off a widened side.
    columns.high[i] = Math.max(high, middle * halfWidth)
    columns.low[i] = Math.min(low, middle / halfWidth)
  }
  return new BarSeries(columns, series.interval)
}

/**
 * A feed that stops updating for `bars` bars from the start. `missing`: the bars are removed, so
 * the timeline has a hole and the next bar arrives late. `repeated`: the bars stay, each one flat
 * at the last close before the start with zero volume, as a stuck feed prints.
 */
export function staleData(series: BarSeries, params: StaleDataParams = {}): BarSeries {
  const bars = params.bars ?? STALE_DATA_DEFAULTS.bars
  const mode = params.mode ?? STALE_DATA_DEFAULTS.mode
  requireCount('staleData.bars', bars)
  const start = resolveStart(series, params.start, 'staleData')
  const end = Math.min(series.length, start + bars)
  if (mode === 'missing') {
    const columns = allocateColumns(series.length - (end - start))
    for (const field of BAR_FIELDS) {
      columns[field].set(series[field].subarray(0, start), 0)
      columns[field].set(series[field].subarray(end), start)
    }
    return new BarSeries(columns, series.interval)
  }
  if (start === 0) throw new RangeError('staleData: mode repeated needs a bar before the start to repeat')
  const columns = copyColumns(series)
  flatten(columns, start, end, series.close[start - 1]!)
  return new BarSeries(columns, series.interval)
}

function copyColumns(series: BarSeries): MutableBarColumns {
  return {
    openTime: series.openTime.slice(),
    knownAt: series.knownAt.slice(),
    open: series.open.slice(),
    high: series.high.slice(),
    low: series.low.slice(),
    close: series.close.slice(),
    volume: series.volume.slice(),
  }
}

function scalePrices(
  columns: MutableBarColumns,
  series: BarSeries,
  from: number,
  to: number,
  factor: number,
): void {
  for (let i = from; i < to; i++) {
    columns.open[i] = series.open[i]! * factor
    columns.high[i] = series.high[i]! * factor
    columns.low[i] = series.low[i]! * factor
    columns.close[i] = series.close[i]! * factor
  }
}

function flatten(columns: MutableBarColumns, from: number, to: number, price: number): void {
  for (let i = from; i < to; i++) {
    columns.open[i] = price
    columns.high[i] = price
    columns.low[i] = price
    columns.close[i] = price
    columns.volume[i] = 0
  }
}

/** The close before `index`; the bar's own open when it is the first (nothing traded before it). */
function lastPriceBefore(series: BarSeries, index: number): number {
  return index > 0 ? series.close[index - 1]! : series.open[index]!
}

function requireCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new RangeError(`${name} must be an integer ≥ 1, was ${value}`)
}

function requireOpenInterval(name: string, value: number, low: number, high: number): void {
  if (!(value > low && value < high))
    throw new RangeError(`${name} must be in (${low}, ${high}), was ${value}`)
}

function requireClosedInterval(name: string, value: number, low: number, high: number): void {
  if (!(value >= low && value <= high))
    throw new RangeError(`${name} must be in [${low}, ${high}], was ${value}`)
}

function requireAbove(name: string, value: number, low: number): void {
  if (!(Number.isFinite(value) && value > low))
    throw new RangeError(`${name} must be a finite number > ${low}, was ${value}`)
}
