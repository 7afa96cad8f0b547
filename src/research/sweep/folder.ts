/**
 * A sweep's folder:
 * - `sweep.json`: what the sweep is — strategy, fixed parameters, space, search and seed, rank,
 *   resolved configuration, the data's fingerprints (the same sha256 a run folder records) — and
 *   when it was created. Written once, atomically, when the sweep starts.
 * - `results.jsonl`: one line per finished combination, `{index, params, metrics}` or
 *   `{index, params, error}`, appended as they finish and fsync'd in batches, so an interruption
 *   loses at most the last unsynced batch, and a crash mid-write leaves at most one torn line.
 * - `ranking.json`: the ranking, written when the sweep ends.
 * - `runs/`: with `keepTop`, the full run folders of the best combinations (run-store layout).
 * - `returns.f64`: each combination's per-period returns (returns-store.ts), and
 *   `overfitting.json`, the DSR and PBO computed from them when the sweep ends.
 *
 * The folder's name, like a run's, is a hash of what determines the sweep (`sweepId`), so the
 * same command lands in the same folder and resumes there.
 *
 * Resuming reads results.jsonl, keeps every line that is a whole result and drops the rest (the
 * torn last line of an interrupted write), rewriting the file without them before anything is
 * appended. A folder made for another sweep is refused, naming what differs.
 */
import { createHash } from 'node:crypto'
import { type FileHandle, mkdir, open, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { canonicalJson } from '../../backtest/run-store/run-id.ts'
import type { BacktestMetrics } from '../../backtest/metrics/metrics.ts'
import { writeFileAtomically } from '../../data/atomic-file.ts'
import { TradePulseError } from '../../domain/errors.ts'
import type { CombinationError } from './evaluate.ts'

export const SWEEP_FILES = {
  sweep: 'sweep.json',
  results: 'results.jsonl',
  ranking: 'ranking.json',
  runs: 'runs',
} as const

export const SWEEP_FORMAT_VERSION = 1

export type CombinationResult =
  | {
      readonly index: number
      readonly params: Readonly<Record<string, unknown>>
      readonly metrics: BacktestMetrics
    }
  | {
      readonly index: number
      readonly params: Readonly<Record<string, unknown>>
      readonly error: CombinationError
    }

/** What determines a sweep's results: a folder is resumed only by a sweep with the same identity. */
export interface SweepIdentity {
  readonly strategy: string
  readonly params: Readonly<Record<string, unknown>>
  readonly space: unknown
  readonly search: unknown
  /** The rank metric steers a genetic search, so it is part of that search's identity; null otherwise. */
  readonly rank: unknown
  readonly config: unknown
  readonly data: readonly { readonly instrumentId: string; readonly fingerprint: string }[]
  /** 'vectorised' for a sweep on the fast path (fast-sweep.ts); absent for the engine. */
  readonly engine?: 'vectorised'
}

export interface SweepFile extends SweepIdentity {
  readonly formatVersion: number
  readonly sweepId: string
  /** How a worker loads the strategy (a built-in name, a path or a package). */
  readonly strategyModule: string
  readonly sources: readonly {
    readonly instrumentId: string
    readonly source: string
    readonly bars: number
  }[]
  readonly created: string
}

const SWEEP_ID_LENGTH = 16

export function sweepId(identity: SweepIdentity): string {
  return createHash('sha256').update(canonicalJson(identity)).digest('hex').slice(0, SWEEP_ID_LENGTH)
}

const IDENTITY_FIELDS = ['strategy', 'params', 'space', 'search', 'rank', 'config', 'data', 'engine'] as const

/** The identity fields in which `stored` and `wanted` differ, in a fixed order. */
export function identityDifferences(
  stored: SweepIdentity,
  wanted: SweepIdentity,
): (typeof IDENTITY_FIELDS)[number][] {
  return IDENTITY_FIELDS.filter(
    (field) => canonicalJson(stored[field] ?? null) !== canonicalJson(wanted[field] ?? null),
  )
}

/**
 * Opens `folder` for the sweep `file` describes: creates it and writes sweep.json, or, when it
 * already holds a sweep, checks it is the same one and returns the results already there.
 */
export async function openSweepFolder(
  folder: string,
  file: SweepFile,
): Promise<{ readonly done: CombinationResult[]; readonly dropped: number }> {
  const sweepPath = join(folder, SWEEP_FILES.sweep)
  let storedText: string | undefined
  try {
    storedText = await readFile(sweepPath, 'utf8')
  } catch {
    storedText = undefined
  }
  if (storedText === undefined) {
    await mkdir(folder, { recursive: true })
    await writeFileAtomically(sweepPath, `${JSON.stringify(file, null, 2)}\n`)
    return { done: [], dropped: 0 }
  }
  let stored: SweepFile
  try {
    stored = JSON.parse(storedText) as SweepFile
  } catch {
    throw new TradePulseError('SWEEP_RESUME_MISMATCH', `${SWEEP_FILES.sweep} is not JSON`, {
      file: sweepPath,
    })
  }
  const differences = identityDifferences(stored, file)
  if (differences.length > 0) {
    const first = differences[0]!
    throw new TradePulseError(
      'SWEEP_RESUME_MISMATCH',
      `this folder holds a sweep with another ${differences.join(', ')}: it has ${first} ${canonicalJson(stored[first] ?? null)}, this sweep ${canonicalJson(file[first] ?? null)}`,
      { file: folder },
    )
  }
  return readResults(join(folder, SWEEP_FILES.results))
}

function isResult(value: unknown): value is CombinationResult {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  return (
    Number.isSafeInteger(record.index) &&
    typeof record.params === 'object' &&
    record.params !== null &&
    ((typeof record.metrics === 'object' && record.metrics !== null) ||
      (typeof record.error === 'object' && record.error !== null))
  )
}

/**
 * The whole results of results.jsonl; lines that are not (a torn write) are dropped, and the file
 * rewritten without them, so the next append starts on a line of its own.
 */
export async function readResults(
  path: string,
): Promise<{ readonly done: CombinationResult[]; readonly dropped: number }> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    return { done: [], dropped: 0 }
  }
  const lines = text.split('\n')
  // A file that ends in a newline splits into a last empty string; anything else there is a torn line.
  const complete = lines.slice(0, -1)
  const tail = lines[lines.length - 1]!
  const done: CombinationResult[] = []
  let dropped = tail === '' ? 0 : 1
  for (const line of complete) {
    let parsed: unknown
    try {
      parsed = JSON.parse(line)
    } catch {
      parsed = undefined
    }
    if (isResult(parsed)) done.push(parsed)
    else if (line.trim() !== '') dropped++
  }
  if (dropped > 0) await writeFileAtomically(path, done.map((r) => `${JSON.stringify(r)}\n`).join(''))
  return { done, dropped }
}

/**
 * Appends results to results.jsonl: kept in memory until `batch` of them wait or `maxDelayMs` has
 * passed since the last sync, then written and fsync'd together.
 */
export class ResultsLog {
  readonly #handle: FileHandle
  readonly #batch: number
  readonly #maxDelayMs: number
  #pending: string[] = []
  #lastSync = performance.now()
  #writing: Promise<void> = Promise.resolve()
  readonly #beforeWrite: (() => Promise<void>) | undefined

  private constructor(
    handle: FileHandle,
    batch: number,
    maxDelayMs: number,
    beforeWrite: (() => Promise<void>) | undefined,
  ) {
    this.#handle = handle
    this.#batch = batch
    this.#maxDelayMs = maxDelayMs
    this.#beforeWrite = beforeWrite
  }

  /**
   * `beforeWrite` runs before each batch is written: a companion file (returns.f64) synced
   * first never lags the results that refer to it.
   */
  static async open(
    path: string,
    batch = 64,
    maxDelayMs = 1000,
    beforeWrite?: () => Promise<void>,
  ): Promise<ResultsLog> {
    return new ResultsLog(await open(path, 'a'), batch, maxDelayMs, beforeWrite)
  }

  /** A result line: a CombinationResult, or a fast sweep's record (fast-sweep.ts). */
  append(result: { readonly index: number; readonly params: Readonly<Record<string, unknown>> }): void {
    this.#pending.push(`${JSON.stringify(result)}\n`)
    if (this.#pending.length >= this.#batch || performance.now() - this.#lastSync >= this.#maxDelayMs)
      this.flush().catch(() => undefined) // kept in #writing: close() reports it
  }

  /** Writes and syncs what is pending; resolves when everything appended so far is on disk. */
  flush(): Promise<void> {
    const text = this.#pending.join('')
    this.#pending = []
    this.#lastSync = performance.now()
    if (text !== '') {
      this.#writing = this.#writing.then(async () => {
        await this.#beforeWrite?.()
        await this.#handle.write(text)
        await this.#handle.datasync()
      })
    }
    return this.#writing
  }

  async close(): Promise<void> {
    try {
      await this.flush()
    } finally {
      await this.#handle.close()
    }
  }
}
