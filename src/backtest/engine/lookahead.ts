/**
 * The look-ahead check: a strategy that decides honestly decides the same up to any time `T`
 * whether or not the data goes on after `T`. So the backtest is run again on the data cut at
 * several times — each series copied up to the bars known at `T` into fresh buffers, so that not
 * even a read past the end of a history view's buffer finds the later bars — and the orders
 * decided up to `T` (time, instrument, side, type, quantity, prices) are compared with the full
 * run's. The first difference is a leak.
 *
 * What it cannot see: a leak that changes no order before a cut (a strategy peeking at data it
 * then ignores), or one that reaches the future through something other than the input data (a
 * file, a captured array). Orders decided in `onStop` are left out: a cut run stops earlier, so
 * they differ by design.
 *
 * Cost: one full run per cut, each on a prefix of the data.
 */
import { BarSeries } from '../../data/bar-series.ts'
import type { UnixMillis } from '../../domain/time.ts'
import { resolveBacktestConfig } from '../config.ts'
import type { BacktestInput, InstrumentBars } from '../input.ts'
import { type Decision, runDetailed } from './run.ts'
import { mergeTimeline } from './timeline.ts'

export interface LookaheadLeak {
  /** The data was cut after the bars known at this time. */
  readonly cut: UnixMillis
  /** When the first differing decision was made (in whichever run made it). */
  readonly time: UnixMillis
  readonly instrumentId: string
  /** What differs, e.g. `quantity 10 in the full run, 5 with the data cut`. */
  readonly message: string
}

export interface LookaheadReport {
  readonly passed: boolean
  /** The cut times tried. */
  readonly cuts: readonly UnixMillis[]
  /** Decisions compared, over all cuts. */
  readonly decisionsCompared: number
  /** At most one per cut: the first difference. */
  readonly leaks: readonly LookaheadLeak[]
}

/** A copy, into new buffers, of the bars known by `time`. */
function cutSeries(series: BarSeries, time: number): BarSeries {
  const known = series.knownBy(time)
  return new BarSeries(
    {
      openTime: known.openTime.slice(),
      knownAt: known.knownAt.slice(),
      open: known.open.slice(),
      high: known.high.slice(),
      low: known.low.slice(),
      close: known.close.slice(),
      volume: known.volume.slice(),
    },
    series.interval,
  )
}

function describe(d: Decision): string {
  const price = d.price === null ? '' : ` at ${d.price}`
  const stop = d.stopPrice === null ? '' : ` stop ${d.stopPrice}`
  return `${d.side} ${d.lots} ${d.type}${price}${stop}`
}

/** What differs between two decisions, or undefined when they are the same. */
function difference(full: Decision, cut: Decision): string | undefined {
  const changes: string[] = []
  if (full.time !== cut.time) changes.push(`time ${full.time} in the full run, ${cut.time} with the data cut`)
  if (full.instrumentId !== cut.instrumentId)
    changes.push(`instrument ${full.instrumentId} in the full run, ${cut.instrumentId} with the data cut`)
  if (full.side !== cut.side) changes.push(`side ${full.side} in the full run, ${cut.side} with the data cut`)
  if (full.type !== cut.type) changes.push(`type ${full.type} in the full run, ${cut.type} with the data cut`)
  if (full.lots !== cut.lots)
    changes.push(`quantity ${full.lots} in the full run, ${cut.lots} with the data cut`)
  if (full.price !== cut.price)
    changes.push(`price ${full.price} in the full run, ${cut.price} with the data cut`)
  if (full.stopPrice !== cut.stopPrice)
    changes.push(`stop price ${full.stopPrice} in the full run, ${cut.stopPrice} with the data cut`)
  return changes.length === 0 ? undefined : changes.join('; ')
}

export function checkLookahead(input: BacktestInput, options: { cuts?: number } = {}): LookaheadReport {
  const cutCount = options.cuts ?? 5
  if (!Number.isInteger(cutCount) || cutCount < 1)
    throw new RangeError(`cuts must be a whole number >= 1, was ${cutCount}`)
  const marketDataMs = resolveBacktestConfig(input.config ?? {}).latency.marketDataMs
  const full = runDetailed(input).decisions.filter((d) => !d.atStop)
  // Cut at distinct bar times spread evenly over the run, never after the last (nothing to cut).
  const timeline = mergeTimeline(input.data.map((d) => d.series))
  const times: number[] = []
  for (let k = 0; k < timeline.length; k++) {
    const t = timeline.time[k]!
    if (times.length === 0 || times[times.length - 1] !== t) times.push(t)
  }
  const cuts: UnixMillis[] = []
  for (let c = 1; c <= cutCount; c++) {
    const t = times[Math.floor((c * (times.length - 1)) / (cutCount + 1))]
    if (t !== undefined && !cuts.includes(t as UnixMillis)) cuts.push(t as UnixMillis)
  }
  const leaks: LookaheadLeak[] = []
  let compared = 0
  for (const cut of cuts) {
    const data: InstrumentBars[] = input.data.map((d) => ({ ...d, series: cutSeries(d.series, cut) }))
    const until = cut + marketDataMs
    const truncated = runDetailed({
      strategy: input.strategy,
      params: input.params,
      data,
      ...(input.config === undefined ? {} : { config: input.config }),
    }).decisions.filter((d) => !d.atStop && d.time <= until)
    const expected = full.filter((d) => d.time <= until)
    const n = Math.max(expected.length, truncated.length)
    for (let k = 0; k < n; k++) {
      compared++
      const a = expected[k]
      const b = truncated[k]
      if (a !== undefined && b !== undefined) {
        const message = difference(a, b)
        if (message === undefined) continue
        leaks.push({
          cut,
          time: Math.min(a.time, b.time) as UnixMillis,
          instrumentId: a.instrumentId,
          message,
        })
        break
      }
      const only = (a ?? b)!
      const message =
        a === undefined
          ? `${describe(only)} decided only with the data cut`
          : `${describe(only)} decided in the full run, not with the data cut`
      leaks.push({ cut, time: only.time, instrumentId: only.instrumentId, message })
      break
    }
  }
  return { passed: leaks.length === 0, cuts, decisionsCompared: compared, leaks }
}
