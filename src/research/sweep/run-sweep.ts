/**
 * `runSweep`: a strategy over many parameter combinations. The search (optimise/) proposes points
 * batch by batch; each point, over the fixed parameters, is one combination:
 * - refused by the strategy's schema (a rule between parameters, e.g. fast < slow): skipped and
 *   counted, never run;
 * - already in the folder's results.jsonl (a resumed sweep): taken from there;
 * - otherwise run through the event-driven engine, on the worker pool or, with `workers: 0`, in
 *   this thread — the two give the same results, since a backtest is deterministic.
 * Combinations are numbered in the order the search first proposes them (skipped ones too), so an
 * index means the same combination in a sweep and in its resumption.
 *
 * An abort (`signal`) stops dispatching, syncs the results finished so far, stops the workers and
 * rejects with the signal's reason; running the same sweep into the same folder then carries on.
 */
import { availableParallelism } from 'node:os'
import { isAbsolute, join, resolve } from 'node:path'
import type { z } from 'zod'
import { type BacktestConfigInput, resolveBacktestConfig } from '../../backtest/config.ts'
import { runBacktest } from '../../backtest/engine.ts'
import { barsFingerprint } from '../../backtest/engine/fingerprint.ts'
import type { InstrumentBars } from '../../backtest/input.ts'
import { computeMetrics } from '../../backtest/metrics/index.ts'
import { type RunInfo, writeRun } from '../../backtest/run-store/write-run.ts'
import { canonicalJson } from '../../backtest/run-store/run-id.ts'
import { TradePulseError } from '../../domain/errors.ts'
import { findStrategy } from '../../strategy/registry.ts'
import type { ParamSpace } from '../../strategy/space.ts'
import type { AnyStrategy } from '../../strategy/types.ts'
import { type SearchSpec, createSearch } from '../optimise/search.ts'
import { resolveSpace } from '../space/resolve.ts'
import { type CombinationEvaluation, evaluateCombination } from './evaluate.ts'
import {
  type CombinationResult,
  ResultsLog,
  SWEEP_FILES,
  SWEEP_FORMAT_VERSION,
  type SweepFile,
  type SweepIdentity,
  openSweepFolder,
  sweepId,
} from './folder.ts'
import { WorkerPool } from './pool.ts'
import { shareBars } from './shared-bars.ts'
import { DEFAULT_RANK, type RankSpec, rankScore, rankValue } from './rank.ts'
import { OVERFITTING_FILE, type SweepOverfitting, sweepOverfitting } from './overfitting-summary.ts'
import { RETURNS_FILE, ReturnsLog, readReturns } from './returns-store.ts'
import { writeFileAtomically } from '../../data/atomic-file.ts'

export interface SweepOptions {
  readonly strategy: AnyStrategy
  /**
   * How a worker thread loads the strategy: a built-in name, a path or an installed package, as
   * `loadStrategy` takes it. Defaults to the name of a built-in strategy; required for any other
   * strategy unless `workers` is 0.
   */
  readonly strategyModule?: string
  /** Parameters held fixed in every combination. */
  readonly params?: Readonly<Record<string, unknown>>
  /** The space to explore; default the strategy's declared space less the fixed parameters. */
  readonly space?: ParamSpace
  readonly search: SearchSpec
  readonly data: readonly InstrumentBars[]
  readonly config?: BacktestConfigInput
  readonly rank?: RankSpec
  /** Worker threads; default the available cores; 0 runs every combination in this thread. */
  readonly workers?: number
  /** The sweep folder (see folder.ts): created, or resumed when it already holds this sweep. */
  readonly folder?: string
  /** Full run folders kept for this many of the best combinations, under `<folder>/runs`. */
  readonly keepTop?: number
  readonly signal?: AbortSignal
  /** Combinations settled (run, resumed or skipped) and the number the search will propose. */
  readonly onProgress?: (done: number, total: number) => void
  /** The creation time written in sweep.json; default now. */
  readonly now?: () => Date
}

export interface RankedCombination {
  readonly position: number
  readonly index: number
  readonly params: Readonly<Record<string, unknown>>
  readonly value: number
}

export interface SweepOutcome {
  readonly sweepId: string
  readonly folder: string | undefined
  readonly space: ParamSpace
  readonly rank: RankSpec
  /** Every combination run or resumed, by index. */
  readonly results: readonly CombinationResult[]
  /** Combinations with a value of the rank metric, best first. */
  readonly ranking: readonly RankedCombination[]
  /** Proposed but refused by the strategy's schema. */
  readonly skipped: number
  /** Runs that threw. */
  readonly failed: number
  /** Taken from the folder's results.jsonl rather than run. */
  readonly resumed: number
  /** Torn or unreadable lines dropped from results.jsonl on resume (run again). */
  readonly dropped: number
  readonly keptRuns: readonly RunInfo[]
  /** DSR of the best combination and PBO over every combination's per-period returns. */
  readonly overfitting: SweepOverfitting
}

/** The identity of a sweep (folder.ts) and the resolved space, without running anything. */
export function describeSweep(options: SweepOptions): {
  readonly identity: SweepIdentity
  readonly space: ParamSpace
  readonly rank: RankSpec
} {
  const fixed = options.params ?? {}
  const space =
    options.space === undefined
      ? resolveSpace(options.strategy, { fixed })
      : resolveSpace(options.strategy, { space: options.space, fixed })
  const rank = options.rank ?? DEFAULT_RANK
  const identity: SweepIdentity = {
    strategy: options.strategy.name,
    params: fixed,
    space,
    search: options.search,
    rank: options.search.kind === 'genetic' ? rank : null,
    config: resolveBacktestConfig(options.config ?? {}),
    data: options.data.map((d) => ({
      instrumentId: d.instrument.id,
      fingerprint: barsFingerprint(d.series),
    })),
  }
  return { identity, space, rank }
}

export async function runSweep(options: SweepOptions): Promise<SweepOutcome> {
  const { identity, space, rank } = describeSweep(options)
  const id = sweepId(identity)
  const search = createSearch(space, options.search)
  const workers = options.workers ?? availableParallelism()
  if (!Number.isSafeInteger(workers) || workers < 0)
    throw new RangeError(`workers must be a whole number >= 0, was ${workers}`)
  const strategyModule = workerModule(options, workers)
  options.signal?.throwIfAborted()

  let done: CombinationResult[] = []
  let dropped = 0
  let log: ResultsLog | undefined
  let returnsLog: ReturnsLog | undefined
  let returns = new Map<number, Float64Array>()
  if (options.folder !== undefined) {
    const file: SweepFile = {
      formatVersion: SWEEP_FORMAT_VERSION,
      sweepId: id,
      ...identity,
      strategyModule: strategyModule ?? options.strategy.name,
      sources: options.data.map((d) => ({
        instrumentId: d.instrument.id,
        source: d.source,
        bars: d.series.length,
      })),
      created: (options.now ?? (() => new Date()))().toISOString(),
    }
    ;({ done, dropped } = await openSweepFolder(options.folder, file))
    returns = await readReturns(join(options.folder, RETURNS_FILE))
    // Returns are synced before the results that refer to them; a result without its returns (a
    // folder from before returns.f64) is run again, so every trial has its series.
    done = done.filter((result) => 'error' in result || returns.has(result.index))
    const companion = await ReturnsLog.open(join(options.folder, RETURNS_FILE))
    returnsLog = companion
    log = await ResultsLog.open(join(options.folder, SWEEP_FILES.results), 64, 1000, () => companion.flush())
  }

  const evaluate = await startEvaluator(options, workers, strategyModule)
  const fixed = options.params ?? {}
  const schema = options.strategy.params as z.ZodType
  const previous = new Map(done.map((result) => [canonicalJson(result.params), result]))
  const indexByKey = new Map<string, number>()
  const results: CombinationResult[] = []
  let skipped = 0
  let settled = 0
  const progress = (): void => {
    options.onProgress?.(settled, Math.max(search.total, settled))
  }
  try {
    for (let batch = search.next(); batch !== undefined; batch = search.next()) {
      options.signal?.throwIfAborted()
      const scores = await Promise.all(
        batch.map(async (point) => {
          const params = { ...fixed, ...point }
          const key = canonicalJson(params)
          const known = indexByKey.get(key)
          if (known !== undefined) {
            const earlier = results.find((r) => r.index === known)
            return rankScore(
              rank,
              earlier !== undefined && 'metrics' in earlier ? earlier.metrics : undefined,
            )
          }
          const index = indexByKey.size
          indexByKey.set(key, index)
          let result: CombinationResult
          if (!schema.safeParse(params).success) {
            skipped++
            settled++
            progress()
            return Number.NEGATIVE_INFINITY
          }
          const stored = previous.get(key)
          if (stored !== undefined) result = stored
          else {
            const outcome = await evaluate(params, options.signal)
            if ('error' in outcome) result = { index, params, error: outcome.error }
            else {
              result = { index, params, metrics: outcome.metrics }
              returns.set(index, outcome.periodReturns)
              returnsLog?.append(index, outcome.periodReturns)
            }
            log?.append(result)
          }
          results.push(result)
          settled++
          progress()
          return rankScore(rank, 'metrics' in result ? result.metrics : undefined)
        }),
      )
      search.tell(scores)
    }
  } finally {
    await evaluate.close()
    await log?.close() // flushes returns.f64 first
    await returnsLog?.close()
  }

  results.sort((a, b) => a.index - b.index)
  const ranking = rankResults(results, rank)
  const best = ranking[0]
  const overfitting = sweepOverfitting(
    new Map(results.filter((r) => returns.has(r.index)).map((r) => [r.index, returns.get(r.index)!])),
    best,
  )
  if (options.folder !== undefined)
    await writeFileAtomically(
      join(options.folder, OVERFITTING_FILE),
      `${JSON.stringify({ sweepId: id, ...overfitting }, null, 2)}\n`,
    )
  const keptRuns =
    options.folder === undefined
      ? []
      : await keepTopRuns(options, ranking, join(options.folder, SWEEP_FILES.runs))
  if (options.folder !== undefined) {
    await writeFileAtomically(
      join(options.folder, SWEEP_FILES.ranking),
      `${JSON.stringify(
        {
          sweepId: id,
          rank,
          combinations: indexByKey.size,
          evaluated: results.length,
          failed: results.filter((r) => 'error' in r).length,
          skipped,
          unranked: results.length - ranking.length,
          ranking,
        },
        null,
        2,
      )}\n`,
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
    failed: results.filter((r) => 'error' in r).length,
    resumed: results.filter((r) => previous.has(canonicalJson(r.params))).length,
    dropped,
    keptRuns,
    overfitting,
  }
}

/** Best first; ties go to the lower index, so a ranking is the same every time. */
export function rankResults(results: readonly CombinationResult[], rank: RankSpec): RankedCombination[] {
  const ranked: { index: number; params: Readonly<Record<string, unknown>>; value: number }[] = []
  for (const result of results) {
    if (!('metrics' in result)) continue
    const value = rankValue(rank, result.metrics)
    if (value !== null) ranked.push({ index: result.index, params: result.params, value })
  }
  const sign = rank.direction === 'max' ? -1 : 1
  ranked.sort((a, b) => sign * (a.value - b.value) || a.index - b.index)
  return ranked.map((entry, i) => ({ position: i + 1, ...entry }))
}

type Evaluator = ((
  params: Readonly<Record<string, unknown>>,
  signal: AbortSignal | undefined,
) => Promise<CombinationEvaluation>) & { close(): Promise<void> }

function workerModule(options: SweepOptions, workers: number): string | undefined {
  if (options.strategyModule !== undefined) {
    const module = options.strategyModule
    // A relative path would be resolved against the worker's working directory; fix it here.
    return module.startsWith('.') && !isAbsolute(module) ? resolve(module) : module
  }
  if (findStrategy(options.strategy.name) === options.strategy) return options.strategy.name
  if (workers === 0) return undefined
  throw new TradePulseError(
    'STRATEGY_LOAD_FAILED',
    `a sweep on worker threads needs to know how to load strategy "${options.strategy.name}": give strategyModule (its path or package), or workers: 0`,
    { field: 'strategyModule' },
  )
}

async function startEvaluator(
  options: SweepOptions,
  workers: number,
  strategyModule: string | undefined,
): Promise<Evaluator> {
  if (workers === 0 || strategyModule === undefined) {
    const inThread = (
      params: Readonly<Record<string, unknown>>,
      signal: AbortSignal | undefined,
    ): Promise<CombinationEvaluation> => {
      signal?.throwIfAborted()
      return Promise.resolve(
        evaluateCombination({
          strategy: options.strategy,
          params,
          data: options.data,
          ...(options.config === undefined ? {} : { config: options.config }),
        }),
      )
    }
    return Object.assign(inThread, { close: () => Promise.resolve() })
  }
  const pool = await WorkerPool.start(workers, {
    strategyModule,
    cwd: process.cwd(),
    data: shareBars(options.data),
    ...(options.config === undefined ? {} : { config: options.config }),
  })
  const onAbort = (): void => {
    void pool.close()
  }
  options.signal?.addEventListener('abort', onAbort, { once: true })
  const run = async (
    params: Readonly<Record<string, unknown>>,
    signal: AbortSignal | undefined,
  ): Promise<CombinationEvaluation> => {
    signal?.throwIfAborted()
    try {
      return await pool.run(params)
    } catch (error) {
      // The pool was closed because of the abort: report the abort, not the closing.
      signal?.throwIfAborted()
      throw error
    }
  }
  return Object.assign(run, {
    close: async () => {
      options.signal?.removeEventListener('abort', onAbort)
      await pool.close()
    },
  })
}

async function keepTopRuns(
  options: SweepOptions,
  ranking: readonly RankedCombination[],
  dir: string,
): Promise<RunInfo[]> {
  const count = options.keepTop ?? 0
  if (!Number.isSafeInteger(count) || count < 0)
    throw new RangeError(`keepTop must be a whole number >= 0, was ${count}`)
  const kept: RunInfo[] = []
  for (const entry of ranking.slice(0, count)) {
    const result = runBacktest({
      strategy: options.strategy,
      params: entry.params,
      data: options.data,
      ...(options.config === undefined ? {} : { config: options.config }),
    })
    kept.push(await writeRun(result, computeMetrics(result), dir))
  }
  return kept
}
