/**
 * `npm run bench` — runs the benchmark suites and prints their tables to stdout, progress to
 * stderr. `npm run bench` raises the V8 heap limit: the libraries we compare against hold
 * millions of boxed objects at 10 million points.
 *
 *   node bench/run.ts [--rows N] [--reps N] [--only SUITE] [--json FILE]
 *
 * `--json FILE` also writes the run as JSON: per suite, the printed lines and the ratios read
 * from them under stable keys (scripts/perf/bench-ratios.ts), which `scripts/perf/bench-check.ts`
 * compares with a committed baseline.
 *
 * A suite is a module exporting a `BenchSuite`; add it to `SUITES` below. A suite that measures
 * memory asks for a fresh process with `probe(suite, args)`, which runs
 * `node bench/run.ts --probe SUITE …args` and returns the JSON that suite's `probe` printed.
 */
import { execFile } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { type BenchMetric, benchMetrics } from '../scripts/perf/bench-ratios.ts'
import { apiSuite } from './api.ts'
import { analyticsSuite } from './analytics.ts'
import { backtestSuite } from './backtest.ts'
import { executionSuite } from './execution.ts'
import { indicatorsSuite } from './indicators.ts'
import { ingestSuite } from './ingest.ts'
import { liveSuite } from './live.ts'
import { matchingSuite } from './matching.ts'
import { observabilitySuite } from './observability.ts'
import { researchSuite } from './research.ts'
import { researchQueueSuite } from './research-queue.ts'

export interface BenchRunOptions {
  readonly rows: number
  readonly repetitions: number | undefined
  /** The command line, for a suite's own flags. */
  readonly args: readonly string[]
  readonly log: (line: string) => void
  readonly probe: (suite: string, args: readonly string[]) => Promise<unknown>
}

export interface BenchSuite {
  readonly name: string
  readonly description: string
  /** Runs the suite and returns the lines to print. */
  run(options: BenchRunOptions): Promise<string[]>
  /** The child-process side of `probe`: its result is printed as JSON. */
  probe?(args: readonly string[]): Promise<unknown>
}

/** What `--json FILE` writes. */
export interface BenchRunRecord {
  readonly node: string
  readonly platform: string
  readonly args: readonly string[]
  readonly finishedAt: string
  readonly suites: readonly { name: string; lines: readonly string[]; metrics: readonly BenchMetric[] }[]
}

const SUITES: readonly BenchSuite[] = [
  ingestSuite,
  indicatorsSuite,
  matchingSuite,
  executionSuite,
  backtestSuite,
  researchSuite,
  researchQueueSuite,
  apiSuite,
  observabilitySuite,
  liveSuite,
  analyticsSuite,
]

const USAGE = `usage: node bench/run.ts [--rows N] [--points N] [--bars N] [--reps N] [--only ${SUITES.map((s) => s.name).join('|')}] [--json FILE]`

function integerFlag(args: readonly string[], flag: string): number | undefined {
  const i = args.indexOf(flag)
  if (i < 0) return undefined
  const text = args[i + 1] ?? ''
  const value = Number(text.replaceAll('_', ''))
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`${flag} wants a positive integer, got ${JSON.stringify(text)}\n${USAGE}`)
  return value
}

/** Runs `node bench/run.ts --probe SUITE …args` in a fresh process and parses the JSON it prints. */
async function probeInChild(suite: string, args: readonly string[]): Promise<unknown> {
  const self = fileURLToPath(import.meta.url)
  const { stdout } = await promisify(execFile)(process.execPath, [self, '--probe', suite, ...args], {
    maxBuffer: 1 << 20,
  })
  return JSON.parse(stdout) as unknown
}

async function main(args: readonly string[]): Promise<void> {
  if (args[0] === '--probe') {
    const suite = SUITES.find((s) => s.name === args[1])
    if (suite?.probe === undefined) throw new Error(`no probe for suite ${String(args[1])}`)
    process.stdout.write(`${JSON.stringify(await suite.probe(args.slice(2)))}\n`)
    return
  }
  if (args.includes('--help')) {
    process.stdout.write(`${USAGE}\n${SUITES.map((s) => `  ${s.name}: ${s.description}`).join('\n')}\n`)
    return
  }
  const rows = integerFlag(args, '--rows') ?? 1_000_000
  const repetitions = integerFlag(args, '--reps')
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined
  const json = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined
  if (args.includes('--json') && (json === undefined || json.startsWith('--')))
    throw new Error(`--json wants a file name\n${USAGE}`)
  const suites = SUITES.filter((s) => only === undefined || s.name === only)
  if (suites.length === 0) throw new Error(`no suite named ${String(only)}\n${USAGE}`)
  const started = performance.now()
  const log = (line: string): void => {
    process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}\n`)
  }
  process.stdout.write(`node ${process.version}, ${process.platform}/${process.arch}\n`)
  const ran: BenchRunRecord['suites'][number][] = []
  for (const suite of suites) {
    const lines = await suite.run({
      rows,
      repetitions,
      args,
      log,
      probe: probeInChild,
    })
    process.stdout.write(`\n${lines.join('\n')}\n`)
    ran.push({ name: suite.name, lines, metrics: benchMetrics(suite.name, lines) })
  }
  if (json !== undefined) {
    const record: BenchRunRecord = {
      node: process.version,
      platform: `${process.platform}/${process.arch}`,
      args,
      finishedAt: new Date().toISOString(),
      suites: ran,
    }
    await writeFile(json, `${JSON.stringify(record, null, 2)}\n`)
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
})
