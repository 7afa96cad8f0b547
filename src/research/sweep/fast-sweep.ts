/**
 * A sweep on the vectorised fast path (research/vectorised): every combination the search
 * proposes is run by `vectorisedSweep` over one instrument, with the frictions
 * `fastPathFrictions` accepts (anything else is refused naming the field, before any work), into
 * the same folder layout as `runSweep`: sweep.json (its identity marked `engine: 'vectorised'`,
 * so a fast sweep and an engine sweep never share a folder), results.jsonl records marked
 * `engine: 'vectorised'`, ranking.json, returns.f64 and overfitting.json. Resuming works as for
 * `runSweep`.
 *
 * The fast path reports the figures of the equity curve (every PerformanceStats figure, from the
 * same points and by the same function as the engine's metrics), exposure, orders, refusals,
 * fills, round trips, fees and slippage; not trade-by-trade statistics, so a fast sweep cannot
 * rank by winRate, profitFactor, netPnl or turnover.
 *
 * Memory: combinations go to `vectorisedSweep` in chunks small enough that their equity points
 * (kept only until each is reduced to daily returns) stay under EQUITY_BUDGET values; each chunk
 * computes its indicator arrays again, a small cost beside the combinations themselves.
 */
import { join } from 'node:path'
import type { z } from 'zod'
import { resolveBacktestConfig } from '../../backtest/config.ts'
import { inferAnnualisation } from '../../backtest/metrics/annualisation.ts'
import type { Annualisation } from '../../backtest/metrics/annualisation.ts'
import { type PerformanceStats, performanceStats } from '../../backtest/metrics/performance.ts'
import { canonicalJson } from '../../backtest/run-store/run-id.ts'
import { writeFileAtomically } from '../../data/atomic-file.ts'
import { TradePulseError } from '../../domain/errors.ts'
import type { ParamSpace } from '../../strategy/space.ts'
import { createSearch } from '../optimise/search.ts'
import { fastPathFrictions } from '../vectorised/frictions.ts'
import type { VectorResult } from '../vectorised/result.ts'
import { getVectorisedStrategy } from '../vectorised/strategies.ts'
import { vectorisedSweep } from '../vectorised/sweep.ts'
import {
  type CombinationResult,
  ResultsLog,
  SWEEP_FILES,
  SWEEP_FORMAT_VERSION,
  type SweepFile,
  type SweepIdentity,
  openSweepFolder,
} from './folder.ts'
import { sweepId } from './folder.ts'
import { OVERFITTING_FILE, type SweepOverfitting, sweepOverfitting } from './overfitting-summary.ts'
import { periodReturns } from './period-returns.ts'
import type { RankSpec } from './rank.ts'
import { RETURNS_FILE, ReturnsLog, readReturns } from './returns-store.ts'
import { type RankedCombination, type SweepOptions, describeSweep } from './run-sweep.ts'

/** Equity points held at once across a chunk of combinations (128 MiB of float64). */
export const EQUITY_BUDGET = 2 ** 24

/** What the fast path measures of one combination, named as in BacktestMetrics where they agree. */
export interface FastMetrics {
  readonly startTime: number | null
  readonly endTime: number | null
  readonly points: number
  readonly annualisation: Annualisation
  readonly strategy: PerformanceStats
  readonly exposure: number | null
  /** Orders sent, the refused ones included. */
  readonly orders: number
  readonly refused: number
  readonly fills: number
  /** Round trips, the one still open at the end included. */
  readonly trades: number
  readonly fees: number
  readonly slippage: number
  /** Fills larger than participation × their bar's volume: the engine would part ways here. */
  readonly participationExceeded: number
}

export interface FastCombinationResult {
  readonly index: number
  readonly params: Readonly<Record<string, unknown>>
  readonly engine: 'vectorised'
  readonly metrics: FastMetrics
}

/** The rank metrics a fast sweep can read, as `rank.ts` defines them for the engine's metrics. */
export const FAST_RANK_METRICS = {
  sharpe: (m: FastMetrics) => m.strategy.sharpe,
  sortino: (m: FastMetrics) => m.strategy.sortino,
  calmar: (m: FastMetrics) => m.strategy.calmar,
  totalReturn: (m: FastMetrics) => m.strategy.totalReturn,
  annualisedReturn: (m: FastMetrics) => m.strategy.annualisedReturn,
  annualisedVolatility: (m: FastMetrics) => m.strategy.annualisedVolatility,
  maxDrawdown: (m: FastMetrics) => m.strategy.drawdown.maxDrawdown,
  trades: (m: FastMetrics) => m.trades,
  exposure: (m: FastMetrics) => m.exposure,
} as const satisfies Partial<Record<RankSpec['metric'], (m: FastMetrics) => number | null>>

function isFastRankMetric(metric: string): metric is keyof typeof FAST_RANK_METRICS {
  return Object.hasOwn(FAST_RANK_METRICS, metric)
}

export function fastRankValue(rank: RankSpec, metrics: FastMetrics): number | null {
  if (!isFastRankMetric(rank.metric)) return null
  const value = FAST_RANK_METRICS[rank.metric](metrics)
  return value === null || !Number.isFinite(value) ? null : value
}

function fastRankScore(rank: RankSpec, metrics: FastMetrics): number {
  const value = fastRankValue(rank, metrics)
  if (value === null) return Number.NEGATIVE_INFINITY
  return rank.direction === 'max' ? value : -value
}

/** Best first; ties go to the lower index, as `rankResults` orders the engine's. */
export function rankFastResults(
  results: readonly FastCombinationResult[],
  rank: RankSpec,
): RankedCombination[] {
  const ranked: { index: number; params: Readonly<Record<string, unknown>>; value: number }[] = []
  for (const result of results) {
    const value = fastRankValue(rank, result.metrics)
    if (value !== null) ranked.push({ index: result.index, params: result.params, value })
  }
  const sign = rank.direction === 'max' ? -1 : 1
  ranked.sort((a, b) => sign * (a.value - b.value) || a.index - b.index)
  return ranked.map((entry, i) => ({ position: i + 1, ...entry }))
}

export interface FastSweepOutcome {
  readonly sweepId: string
  readonly folder: string | undefined
  readonly space: ParamSpace
  readonly rank: RankSpec
  readonly results: readonly FastCombinationResult[]
  readonly ranking: readonly RankedCombination[]
  readonly skipped: number
  readonly resumed: number
  readonly dropped: number
  readonly overfitting: SweepOverfitting
}

/** The fast path's metrics from its result and the times of its equity points. */
export function fastMetrics(
  result: VectorResult,
  times: readonly number[],
  initialCapital: number,
): FastMetrics {
  const equity = result.equity
  if (equity === undefined) throw new Error('the fast sweep asks vectorisedSweep for the equity points')
  const annualisation = inferAnnualisation(times)
  return {
    startTime: times[0] ?? null,
    endTime: times[times.length - 1] ?? null,
    points: times.length,
    annualisation,
    strategy: performanceStats(times, Array.from(equity), initialCapital, annualisation),
    exposure: result.exposure,
    orders: result.orders,
    refused: result.refused,
    fills: result.fills,
    trades: result.trades,
    fees: result.fees,
    slippage: result.slippage,
    participationExceeded: result.participationExceeded,
  }
}

function isFastResult(result: CombinationResult): result is CombinationResult & FastCombinationResult {
  return 'metrics' in result && (result as { engine?: unknown }).engine === 'vectorised'
}

/** Refusals that apply to the whole sweep, each naming the option at fault. */
function checkFastSweep(options: SweepOptions, rank: RankSpec): void {
  if (options.data.length !== 1)
    throw new TradePulseError(
      'RESEARCH_FAST_PATH_UNSUPPORTED',
      `the fast path trades one instrument, and the data holds ${options.data.length}; the vectorised fast path does not model a portfolio`,
      { field: 'data' },
    )
  if (!isFastRankMetric(rank.metric))
    throw new TradePulseError(
      'RESEARCH_FAST_PATH_UNSUPPORTED',
      `rank metric ${rank.metric} needs the trades one by one; the fast path ranks by ${Object.keys(FAST_RANK_METRICS).join(', ')}`,
      { field: 'rank' },
    )
}

export async function runFastSweep(options: SweepOptions): Promise<FastSweepOutcome> {
  const described = describeSweep(options)
  const { space, rank } = described
  checkFastSweep(options, rank)
  const vectorised = getVectorisedStrategy(options.strategy.name)
  const frictions = fastPathFrictions(options.config ?? {})
  const identity: SweepIdentity = { ...described.identity, engine: 'vectorised' }
  const id = sweepId(identity)
  const search = createSearch(space, options.search)
  const { instrument, series, source } = options.data[0]!
  const times: number[] = []
  for (let i = 0; i < series.length; i += frictions.equityEvery) times.push(series.knownAt[i]!)
  const initialCapital = resolveBacktestConfig(options.config ?? {}).initialCapital
  const chunk = Math.max(1, Math.min(256, Math.floor(EQUITY_BUDGET / Math.max(1, times.length))))

  let previous = new Map<string, FastCombinationResult>()
  let dropped = 0
  let returns = new Map<number, Float64Array>()
  let log: ResultsLog | undefined
  let returnsLog: ReturnsLog | undefined
  if (options.folder !== undefined) {
    const file: SweepFile = {
      formatVersion: SWEEP_FORMAT_VERSION,
      sweepId: id,
      ...identity,
      strategyModule: options.strategyModule ?? options.strategy.name,
      sources: [{ instrumentId: instrument.id, source, bars: series.length }],
      created: (options.now ?? (() => new Date()))().toISOString(),
    }
    const opened = await openSweepFolder(options.folder, file)
    dropped = opened.dropped
    returns = await readReturns(join(options.folder, RETURNS_FILE))
    previous = new Map(
      opened.done
        .filter(isFastResult)
        .filter((result) => returns.has(result.index))
        .map((result) => [canonicalJson(result.params), result]),
    )
    const companion = await ReturnsLog.open(join(options.folder, RETURNS_FILE))
    returnsLog = companion
    log = await ResultsLog.open(join(options.folder, SWEEP_FILES.results), 64, 1000, () => companion.flush())
  }

  const fixed = options.params ?? {}
  const schema = options.strategy.params as z.ZodType
  const indexByKey = new Map<string, number>()
  const byIndex = new Map<number, FastCombinationResult>()
  let skipped = 0
  let resumed = 0
  const progress = (): void => {
    const settled = byIndex.size + skipped
    options.onProgress?.(settled, Math.max(search.total, settled))
  }
  try {
    for (let batch = search.next(); batch !== undefined; batch = search.next()) {
      options.signal?.throwIfAborted()
      const batchIndices: (number | undefined)[] = []
      const toRun: { index: number; params: Record<string, unknown> }[] = []
      for (const point of batch) {
        const params = { ...fixed, ...point }
        const key = canonicalJson(params)
        const known = indexByKey.get(key)
        if (known !== undefined) {
          batchIndices.push(known)
          continue
        }
        const index = indexByKey.size
        indexByKey.set(key, index)
        if (!schema.safeParse(params).success) {
          skipped++
          batchIndices.push(undefined)
          continue
        }
        batchIndices.push(index)
        const stored = previous.get(key)
        if (stored !== undefined) {
          byIndex.set(index, { ...stored, index })
          resumed++
        } else toRun.push({ index, params })
      }
      for (let start = 0; start < toRun.length; start += chunk) {
        options.signal?.throwIfAborted()
        const part = toRun.slice(start, start + chunk)
        const outcomes = vectorisedSweep({
          strategy: vectorised,
          series,
          instrument,
          combos: part.map((p) => p.params),
          frictions,
          keepEquity: true,
        })
        outcomes.forEach((outcome, k) => {
          const { index, params } = part[k]!
          const result: FastCombinationResult = {
            index,
            params,
            engine: 'vectorised',
            metrics: fastMetrics(outcome, times, initialCapital),
          }
          const series = periodReturns(times, outcome.equity!)
          byIndex.set(index, result)
          returns.set(index, series)
          returnsLog?.append(index, series)
          log?.append(result)
        })
        progress()
      }
      progress()
      search.tell(
        batchIndices.map((index) => {
          const result = index === undefined ? undefined : byIndex.get(index)
          return result === undefined ? Number.NEGATIVE_INFINITY : fastRankScore(rank, result.metrics)
        }),
      )
    }
  } finally {
    await log?.close() // flushes returns.f64 first
    await returnsLog?.close()
  }

  const results = [...byIndex.values()].sort((a, b) => a.index - b.index)
  const ranking = rankFastResults(results, rank)
  const overfitting = sweepOverfitting(
    new Map(results.filter((r) => returns.has(r.index)).map((r) => [r.index, returns.get(r.index)!])),
    ranking[0],
  )
  if (options.folder !== undefined) {
    await writeFileAtomically(
      join(options.folder, SWEEP_FILES.ranking),
      `${JSON.stringify(
        {
          sweepId: id,
          engine: 'vectorised',
          rank,
          combinations: indexByKey.size,
          evaluated: results.length,
          failed: 0,
          skipped,
          unranked: results.length - ranking.length,
          ranking,
        },
        null,
        2,
      )}\n`,
    )
    await writeFileAtomically(
      join(options.folder, OVERFITTING_FILE),
      `${JSON.stringify({ sweepId: id, ...overfitting }, null, 2)}\n`,
    )
  }
  return {
    sweepId: id,
    folder: options.folder,
    space,
    rank,
    results,
    ranking,
    skipped,
    resumed,
    dropped,
    overfitting,
  }
}
