/**
 * What a correct engine and a sane strategy must do under stress, checked on a finished run's
 * `BacktestResult`. Each check is a pure function of the run, the resolved configuration and the
 * scenario's data, and returns pass or fail with a message that names the fill, order or time at
 * fault (the first one; the count of the others). A check that finds nothing to judge (no loss
 * limit configured, no stop across the gap) passes and says so, so a report never reads as if
 * something was exercised that was not.
 *
 * Comparisons of prices and quantities allow a relative 1e-9: the result's numbers come out of
 * integer ticks and lots converted to floats, and a limit met exactly must not fail on the last bit.
 */
import type { BarSeries } from '../../data/bar-series.ts'
import { MS_PER_DAY, formatIso } from '../../domain/time.ts'
import type { BacktestConfig } from '../config.ts'
import type { BacktestResult, FillRecord } from '../result.ts'
import type { HaltWindow } from './transforms.ts'

export type ExpectationName =
  | 'completes'
  | 'equity-finite'
  | 'position-within-limit'
  | 'kill-switch-on-loss'
  | 'stop-fills-at-gap'
  | 'no-fill-in-halt'

export interface ExpectationOutcome {
  readonly expectation: ExpectationName
  readonly passed: boolean
  readonly message: string
}

/** One instrument as the scenario left it. */
export interface ScenarioInstrument {
  readonly instrumentId: string
  /** The transformed bars the run was given. */
  readonly series: BarSeries
  /** Open time of the scenario's first changed bar (for a gap: the gapped bar). */
  readonly start: number
  readonly halts: readonly HaltWindow[]
  /** Contract multiplier: a position's value is quantity × price × multiplier. */
  readonly multiplier: number
}

export interface ExpectationContext {
  readonly config: BacktestConfig
  readonly instruments: readonly ScenarioInstrument[]
  readonly result: BacktestResult
}

export type ExpectationCheck = (context: ExpectationContext) => ExpectationOutcome

const TOLERANCE = 1e-9

/** Every equity point's equity, cash and gross exposure is a finite number. */
export function checkEquityFinite({ result }: ExpectationContext): ExpectationOutcome {
  for (const point of result.equity) {
    for (const field of ['equity', 'cash', 'grossExposure'] as const) {
      if (!Number.isFinite(point[field])) {
        return fail('equity-finite', `${field} is ${point[field]} at ${formatIso(point.time)}`)
      }
    }
  }
  return pass('equity-finite', `all ${result.equity.length} equity points are finite`)
}

/**
 * After every fill, |position| × price × multiplier ≤ maxPositionFraction × initialCapital, the
 * position being the sum of the signed fill quantities so far and the price the fill's own.
 */
export function checkPositionLimit({ config, instruments, result }: ExpectationContext): ExpectationOutcome {
  const budget = config.risk.maxPositionFraction * result.initialCapital
  const multipliers = new Map(instruments.map((i) => [i.instrumentId, i.multiplier]))
  const positions = new Map<string, number>()
  const breaches: string[] = []
  for (const fill of byTime(result.fills)) {
    const position = (positions.get(fill.instrumentId) ?? 0) + signed(fill)
    positions.set(fill.instrumentId, position)
    const limit = budget / (fill.price * (multipliers.get(fill.instrumentId) ?? 1))
    if (Math.abs(position) > limit * (1 + TOLERANCE)) {
      breaches.push(
        `${describeFill(fill)} leaves the position at ${position}, above the limit ${limit} (maxPositionFraction ${config.risk.maxPositionFraction} × initial capital ${result.initialCapital} / price ${fill.price})`,
      )
    }
  }
  if (breaches.length > 0) return fail('position-within-limit', withOthers(breaches))
  return pass('position-within-limit', `${result.fills.length} fills, none above the position limit`)
}

/**
 * With a loss limit configured, the first equity point that breaches it must find the kill switch
 * already tripped (a 'kill-switch' event at or before it), and nothing may fill after the trip.
 *
 * The daily loss is measured from the last equity of the previous UTC day (the initial capital on
 * the first day) and the drawdown from the highest equity so far (the initial capital at least),
 * both against fractions of the initial capital, as the risk engine's ledger counts them. Only the
 * recorded equity points are seen: a breach between two of them (`equityEvery` > 1) shows at the
 * next.
 */
export function checkKillSwitch({ config, result }: ExpectationContext): ExpectationOutcome {
  const { maxDailyLossFraction, maxDrawdownFraction } = config.risk
  const trip = result.events.find((e) => e.kind === 'kill-switch')
  const late = trip === undefined ? [] : byTime(result.fills).filter((f) => f.time > trip.time)
  if (trip !== undefined && late.length > 0) {
    return fail(
      'kill-switch-on-loss',
      withOthers(
        late.map((f) => `${describeFill(f)} comes after the kill switch tripped at ${formatIso(trip.time)}`),
      ),
    )
  }
  if (maxDailyLossFraction === undefined && maxDrawdownFraction === undefined) {
    return pass('kill-switch-on-loss', 'no loss limit is configured; nothing to check')
  }
  const breach = firstLossBreach(result, maxDailyLossFraction, maxDrawdownFraction)
  if (breach === undefined) {
    const tripped =
      trip === undefined ? '' : `; the kill switch tripped at ${formatIso(trip.time)} with no fill after it`
    return pass('kill-switch-on-loss', `the recorded equity never breached the loss limit${tripped}`)
  }
  if (trip === undefined) {
    return fail(
      'kill-switch-on-loss',
      `${breach.text} at ${formatIso(breach.time)}, and the kill switch never tripped`,
    )
  }
  if (trip.time > breach.time) {
    return fail(
      'kill-switch-on-loss',
      `${breach.text} at ${formatIso(breach.time)}, but the kill switch tripped only at ${formatIso(trip.time)}`,
    )
  }
  return pass(
    'kill-switch-on-loss',
    `${breach.text} at ${formatIso(breach.time)}; the kill switch tripped at ${formatIso(trip.time)} and nothing filled after it`,
  )
}

/**
 * A stop order working across a gap whose open lies beyond its stop (a sell stop above the gap
 * open, a buy stop below it) fills, in the gapped bar, at the gap open or worse — never at its
 * stop price, which never traded. Fills in later bars follow later prices and are not judged.
 */
export function checkStopFillsAtGap({ instruments, result }: ExpectationContext): ExpectationOutcome {
  const faults: string[] = []
  let judged = 0
  for (const instrument of instruments) {
    const index = instrument.series.indexOfOpenTime(instrument.start)
    if (index < 1) continue
    const gapOpen = instrument.series.open[index]!
    const gapEnd = instrument.series.knownAt[index]!
    const fills = byTime(result.fills).filter((f) => f.instrumentId === instrument.instrumentId)
    for (const order of result.orders) {
      if (order.instrumentId !== instrument.instrumentId || order.type !== 'stop' || order.stopPrice === null)
        continue
      if (order.createdAt >= instrument.start) continue
      const crossed = order.side === 'sell' ? order.stopPrice > gapOpen : order.stopPrice < gapOpen
      if (!crossed) continue
      const own = fills.filter((f) => f.orderId === order.orderId)
      if (own.some((f) => f.time < instrument.start)) continue
      const inGapBar = own.filter((f) => f.time <= gapEnd)
      if (inGapBar.length === 0) continue
      judged++
      for (const fill of inGapBar) {
        const better =
          order.side === 'sell'
            ? fill.price > gapOpen * (1 + TOLERANCE)
            : fill.price < gapOpen * (1 - TOLERANCE)
        if (better) {
          faults.push(
            `${describeFill(fill)} of ${order.side} stop ${order.orderId} (stop ${order.stopPrice}) is at ${fill.price}, better than the gap open ${gapOpen}`,
          )
        }
      }
    }
  }
  if (faults.length > 0) return fail('stop-fills-at-gap', withOthers(faults))
  if (judged === 0)
    return pass(
      'stop-fills-at-gap',
      'no stop order was crossed by the gap and filled in it; nothing to check',
    )
  return pass('stop-fills-at-gap', `${judged} stop orders crossed by the gap filled at the gap open or worse`)
}

/** No fill of an instrument falls inside one of its halt windows `[from, to)`. */
export function checkNoFillInHalt({ instruments, result }: ExpectationContext): ExpectationOutcome {
  const faults: string[] = []
  let windows = 0
  for (const instrument of instruments) {
    for (const window of instrument.halts) {
      windows++
      for (const fill of byTime(result.fills)) {
        if (
          fill.instrumentId === instrument.instrumentId &&
          fill.time >= window.from &&
          fill.time < window.to
        ) {
          faults.push(
            `${describeFill(fill)} is inside the halt from ${formatIso(window.from)} to ${formatIso(window.to)}`,
          )
        }
      }
    }
  }
  if (faults.length > 0) return fail('no-fill-in-halt', withOthers(faults))
  return pass('no-fill-in-halt', `no fill inside ${windows} halt windows`)
}

export const EXPECTATION_CHECKS: Readonly<Record<Exclude<ExpectationName, 'completes'>, ExpectationCheck>> = {
  'equity-finite': checkEquityFinite,
  'position-within-limit': checkPositionLimit,
  'kill-switch-on-loss': checkKillSwitch,
  'stop-fills-at-gap': checkStopFillsAtGap,
  'no-fill-in-halt': checkNoFillInHalt,
}

interface LossBreach {
  readonly time: number
  readonly text: string
}

function firstLossBreach(
  result: BacktestResult,
  dailyFraction: number | undefined,
  drawdownFraction: number | undefined,
): LossBreach | undefined {
  const capital = result.initialCapital
  let peak = capital
  let dayStart = capital
  let previous = capital
  let day: number | undefined
  for (const point of result.equity) {
    const pointDay = Math.floor(point.time / MS_PER_DAY)
    if (day !== undefined && pointDay !== day) dayStart = previous
    day = pointDay
    peak = Math.max(peak, point.equity)
    if (dailyFraction !== undefined && dayStart - point.equity > dailyFraction * capital * (1 + TOLERANCE)) {
      return {
        time: point.time,
        text: `the daily loss ${dayStart - point.equity} exceeds the limit ${dailyFraction * capital} (maxDailyLossFraction ${dailyFraction})`,
      }
    }
    if (
      drawdownFraction !== undefined &&
      peak - point.equity > drawdownFraction * capital * (1 + TOLERANCE)
    ) {
      return {
        time: point.time,
        text: `the drawdown ${peak - point.equity} exceeds the limit ${drawdownFraction * capital} (maxDrawdownFraction ${drawdownFraction})`,
      }
    }
    previous = point.equity
  }
  return undefined
}

/** Fills in time order; equal times keep the order the run recorded them in. */
function byTime(fills: readonly FillRecord[]): readonly FillRecord[] {
  for (let i = 1; i < fills.length; i++)
    if (fills[i]!.time < fills[i - 1]!.time) return [...fills].sort((a, b) => a.time - b.time)
  return fills
}

function signed(fill: FillRecord): number {
  return fill.side === 'buy' ? fill.quantity : -fill.quantity
}

function describeFill(fill: FillRecord): string {
  return `fill ${fill.tradeId} (order ${fill.orderId}, ${fill.side} ${fill.quantity} ${fill.instrumentId}) at ${formatIso(fill.time)}`
}

/** The first fault in full, and how many more there are. */
function withOthers(faults: readonly string[]): string {
  const more = faults.length - 1
  return more === 0 ? faults[0]! : `${faults[0]!} (and ${more} more)`
}

function pass(expectation: ExpectationName, message: string): ExpectationOutcome {
  return { expectation, passed: true, message }
}

function fail(expectation: ExpectationName, message: string): ExpectationOutcome {
  return { expectation, passed: false, message }
}
