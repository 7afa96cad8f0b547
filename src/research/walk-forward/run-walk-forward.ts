/**
 * `runWalkForward`: optimise on each train period, trade the choice on the test period that
 * follows, and judge the strategy by the test periods alone.
 *
 * For each window (windows.ts):
 * 1. a sweep (runSweep, no folder) over the train bars only, ranked by `rank`: its best
 *    combination is the window's choice. Nothing after the train period reaches the sweep, so
 *    no bar of the test period can change the choice;
 * 2. the choice runs event-driven over the train + test bars, trading only from the close of
 *    the last train bar (warm-up.ts): the indicators are warm on the first test bar, and the
 *    account enters the test period flat. Only the test part of that run counts (stitch.ts).
 * A window whose sweep ranks nothing (every run failed, or the metric is null everywhere) has
 * no choice; it stays out of the market for its test period, which the stitched curve shows flat.
 *
 * The out-of-sample results are stitched into one account, measured like a backtest, and its
 * per-point returns are deflated for the selection: the deflated Sharpe ratio takes as trials the
 * largest number of combinations ranked in one window, and as their dispersion the mean, over the
 * windows, of the variance of the ranked combinations' per-point Sharpe ratios in sample.
 */
import type { BacktestConfigInput } from '../../backtest/config.ts'
import { runBacktest } from '../../backtest/engine.ts'
import type { InstrumentBars } from '../../backtest/input.ts'
import { computeMetrics } from '../../backtest/metrics/index.ts'
import type { BacktestMetrics } from '../../backtest/metrics/metrics.ts'
import type { BacktestResult, InstrumentData } from '../../backtest/result.ts'
import { isTradePulseError } from '../../domain/errors.ts'
import type { ParamSpace } from '../../strategy/space.ts'
import type { AnyStrategy } from '../../strategy/types.ts'
import { deflatedSharpeRatio, type DeflatedSharpeRatio } from '../overfitting/deflated-sharpe.ts'
import type { SearchSpec } from '../optimise/search.ts'
import { DEFAULT_RANK, type RankSpec, rankValue } from '../sweep/rank.ts'
import { runSweep } from '../sweep/run-sweep.ts'
import { equityReturns, outOfSample, stitchOutOfSample } from './stitch.ts'
import { tradingFrom } from './warm-up.ts'
import { type WalkForwardWindow, type WindowSpec, mergedOpenTimes, walkForwardWindows } from './windows.ts'

export interface WalkForwardOptions {
  readonly strategy: AnyStrategy
  /** How sweep workers load the strategy (see SweepOptions.strategyModule). */
  readonly strategyModule?: string
  /** Parameters held fixed in every combination. */
  readonly params?: Readonly<Record<string, unknown>>
  /** The space each train period is searched over; default the strategy's less the fixed ones. */
  readonly space?: ParamSpace
  readonly search: SearchSpec
  readonly data: readonly InstrumentBars[]
  readonly config?: BacktestConfigInput
  readonly rank?: RankSpec
  readonly windows: WindowSpec
  /** Sweep worker threads per window; default the available cores; 0 runs in this thread. */
  readonly workers?: number
  readonly signal?: AbortSignal
  /** Combinations settled over all windows, and the total expected (windows × per window). */
  readonly onProgress?: (done: number, total: number) => void
}

export interface WindowOutcome {
  readonly window: WalkForwardWindow
  /** The engine-clock time from which the test run may trade: the last train bar's knowledge time. */
  readonly tradeFrom: number
  /** Combinations run on the train period (the trials of the choice). */
  readonly trials: number
  readonly skipped: number
  readonly failed: number
  /** The best combination on the train period; null when none could be ranked. */
  readonly chosen: Readonly<Record<string, unknown>> | null
  readonly inSample: BacktestMetrics | null
  readonly outOfSample: BacktestMetrics
  /** The rank metric in and out of sample. */
  readonly inSampleValue: number | null
  readonly outOfSampleValue: number | null
  /** outOfSampleValue / inSampleValue; null when either is missing or the in-sample value is 0. */
  readonly degradation: number | null
  /** Walk-forward efficiency: annualised return out of sample / in sample; null unless in sample > 0. */
  readonly efficiency: number | null
  /** Per-point Sharpe ratios of the ranked combinations in sample, for the deflated Sharpe ratio. */
  readonly trialSharpes: readonly number[]
}

export interface WalkForwardOutcome {
  readonly rank: RankSpec
  readonly windows: readonly WindowOutcome[]
  /** The test periods as one account (stitch.ts). */
  readonly stitched: BacktestResult
  readonly metrics: BacktestMetrics
  /** The deflated Sharpe ratio of the stitched returns; null when it cannot be computed (see `deflatedSharpeNote`). */
  readonly deflatedSharpe: DeflatedSharpeRatio | null
  readonly deflatedSharpeNote: string | null
  /** Walk-forward efficiency of the whole: stitched annualised return / mean in-sample annualised return. */
  readonly efficiency: number | null
}

/** The bars of each instrument that open in `[from, to)`; instruments without any are left out. */
export function sliceData(data: readonly InstrumentBars[], from: number, to: number): InstrumentBars[] {
  return data
    .map((d) => ({ ...d, series: d.series.sliceByTime(from, to) }))
    .filter((d) => d.series.length > 0)
}

/** When the last bar opening before `time` becomes known, over every instrument. */
function lastKnownBefore(data: readonly InstrumentBars[], time: number): number {
  let known = Number.NEGATIVE_INFINITY
  for (const { series } of data) {
    const before = series.sliceByTime(Number.NEGATIVE_INFINITY, time)
    if (before.length > 0) known = Math.max(known, before.knownAt[before.length - 1]!)
  }
  return known
}

function ratio(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || denominator === 0) return null
  return numerator / denominator
}

function efficiencyOf(outOfSample: number | null, inSample: number | null): number | null {
  return inSample === null || inSample <= 0 ? null : ratio(outOfSample, inSample)
}

function perPointSharpe(metrics: BacktestMetrics): number | null {
  const sharpe = metrics.strategy.sharpe
  const periods = metrics.annualisation.periodsPerYear
  if (sharpe === null || periods === null || !(periods > 0)) return null
  return sharpe / Math.sqrt(periods)
}

function variance(values: readonly number[]): number {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length
  return values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1)
}

export async function runWalkForward(options: WalkForwardOptions): Promise<WalkForwardOutcome> {
  const rank = options.rank ?? DEFAULT_RANK
  const windows = walkForwardWindows(
    mergedOpenTimes(options.data.map((d) => d.series.openTime)),
    options.windows,
  )
  const config = options.config === undefined ? {} : { config: options.config }
  const outcomes: WindowOutcome[] = []
  const segments: BacktestResult[] = []
  let settledBefore = 0
  let perWindow = 0
  for (const window of windows) {
    options.signal?.throwIfAborted()
    const train = sliceData(options.data, window.trainStart, window.trainEnd)
    const sweep = await runSweep({
      strategy: options.strategy,
      ...(options.strategyModule === undefined ? {} : { strategyModule: options.strategyModule }),
      ...(options.params === undefined ? {} : { params: options.params }),
      ...(options.space === undefined ? {} : { space: options.space }),
      search: options.search,
      data: train,
      ...config,
      rank,
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      onProgress: (done, total) => {
        perWindow = Math.max(perWindow, total)
        options.onProgress?.(settledBefore + done, Math.max(windows.length * perWindow, settledBefore + done))
      },
    })
    settledBefore += sweep.results.length + sweep.skipped

    const best = sweep.ranking[0]
    const bestResult = best === undefined ? undefined : sweep.results.find((r) => r.index === best.index)
    const inSample = bestResult !== undefined && 'metrics' in bestResult ? bestResult.metrics : null
    const tradeFrom = lastKnownBefore(options.data, window.testStart)
    const run = runBacktest({
      strategy: tradingFrom(options.strategy, best === undefined ? Number.POSITIVE_INFINITY : tradeFrom),
      params: best?.params ?? options.params ?? {},
      data: sliceData(options.data, window.trainStart, window.testEnd),
      ...config,
    })
    const segment = outOfSample(run, tradeFrom)
    segments.push(segment)
    const oos = computeMetrics(segment)
    const inSampleValue = best?.value ?? null
    const outOfSampleValue = best === undefined ? null : rankValue(rank, oos)
    const trialSharpes: number[] = []
    for (const entry of sweep.ranking) {
      const result = sweep.results.find((r) => r.index === entry.index)
      const sharpe = result !== undefined && 'metrics' in result ? perPointSharpe(result.metrics) : null
      if (sharpe !== null) trialSharpes.push(sharpe)
    }
    outcomes.push({
      window,
      tradeFrom,
      trials: sweep.results.length,
      skipped: sweep.skipped,
      failed: sweep.failed,
      chosen: best?.params ?? null,
      inSample,
      outOfSample: oos,
      inSampleValue,
      outOfSampleValue,
      degradation: ratio(outOfSampleValue, inSampleValue),
      efficiency: efficiencyOf(
        best === undefined ? null : oos.strategy.annualisedReturn,
        inSample?.strategy.annualisedReturn ?? null,
      ),
      trialSharpes,
    })
  }

  const initialCapital = segments[0]?.initialCapital ?? 0
  const stitched: BacktestResult = {
    ...stitchOutOfSample(segments, initialCapital),
    data: options.data.map((d): InstrumentData => {
      const n = d.series.length
      return {
        instrumentId: d.instrument.id,
        source: d.source,
        fingerprint: '',
        bars: n,
        firstOpenTime: d.series.openTime[0]! as InstrumentData['firstOpenTime'],
        lastOpenTime: d.series.openTime[n - 1]! as InstrumentData['lastOpenTime'],
        interval: d.series.interval.label,
      }
    }),
  }
  const metrics = computeMetrics(stitched)
  const { deflatedSharpe, note } = deflate(stitched, outcomes)
  const inSampleReturns = outcomes
    .map((o) => o.inSample?.strategy.annualisedReturn ?? null)
    .filter((v): v is number => v !== null)
  const meanInSample =
    inSampleReturns.length === 0 ? null : inSampleReturns.reduce((s, v) => s + v, 0) / inSampleReturns.length
  return {
    rank,
    windows: outcomes,
    stitched,
    metrics,
    deflatedSharpe,
    deflatedSharpeNote: note,
    efficiency: efficiencyOf(metrics.strategy.annualisedReturn, meanInSample),
  }
}

function deflate(
  stitched: BacktestResult,
  windows: readonly WindowOutcome[],
): { deflatedSharpe: DeflatedSharpeRatio | null; note: string | null } {
  const count = Math.max(1, ...windows.map((w) => w.trialSharpes.length))
  const dispersions = windows.filter((w) => w.trialSharpes.length >= 2).map((w) => variance(w.trialSharpes))
  const trialVariance =
    dispersions.length === 0 ? 0 : dispersions.reduce((s, v) => s + v, 0) / dispersions.length
  try {
    return {
      deflatedSharpe: deflatedSharpeRatio(equityReturns(stitched.equity), {
        count,
        variance: trialVariance,
      }),
      note: null,
    }
  } catch (error) {
    if (isTradePulseError(error) && error.code === 'RESEARCH_INVALID_INPUT')
      return { deflatedSharpe: null, note: error.message }
    throw error
  }
}
