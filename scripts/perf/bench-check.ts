/**
 * `make bench-check` / `make bench-baseline` — benchmark ratios against a committed baseline.
 *
 *   node scripts/perf/bench-check.ts [--runs R] [--reps N] [--suites a,b] [--baseline FILE]
 *   node scripts/perf/bench-check.ts --calibrate K [--reps N] [--suites a,b] [--baseline FILE]
 *
 * Each suite runs in its own `node bench/run.ts --only SUITE --json …` process at the small sizes
 * of `make test-all` (plus the backtest and research suites' shrink flags), `--reps N` timed
 * repetitions inside the suite (default: the baseline's, else 3). A check does that R times
 * (default 1), takes each ratio's median and compares it with the baseline
 * (scripts/perf/bench-baseline.ts has the rule); it exits 1 on a regression or a missing ratio.
 * `--calibrate K` runs the suites K times, interleaved so a burst of load spreads over all of
 * them, and writes the baseline: per ratio the median, the noise and the threshold, with the
 * machine, the date and the flags.
 *
 * The matching suite prints absolute figures only (no same-run ratio), so it is not checked.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { format, resolveConfig } from 'prettier'
import type { BenchRunRecord } from '../../bench/run.ts'
import {
  type Baseline,
  DEFAULT_RULE,
  calibrate,
  compareWithBaseline,
  comparisonTable,
  failed,
} from './bench-baseline.ts'
import type { BenchMetric } from './bench-ratios.ts'

/** The sizes `make test-all` runs the suites at, and the shrink flags of the backtest and research suites. */
export const BENCH_ARGS: readonly string[] = [
  '--rows', '200000', '--points', '200000', '--bars', '20000',
  '--bt-bars', '100000', '--bt-assets', '10', '--bt-asset-bars', '10000',
  '--rs-bars', '100000', '--rs-combos', '100', '--rs-engine', '2',
] // prettier-ignore

export const CHECKED_SUITES: readonly string[] = ['ingest', 'indicators', 'execution', 'backtest', 'research']
const DEFAULT_BASELINE = 'reports/performance/baseline.json'
const USAGE =
  'usage: node scripts/perf/bench-check.ts [--calibrate K | --runs R] [--reps N] [--suites a,b] [--baseline FILE]'

function log(line: string): void {
  process.stderr.write(`${line}\n`)
}

function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name)
  if (i < 0) return undefined
  const value = args[i + 1]
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} wants a value\n${USAGE}`)
  return value
}

function count(args: readonly string[], name: string): number | undefined {
  const text = option(args, name)
  if (text === undefined) return undefined
  const value = Number(text)
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`${name} wants a positive integer, got ${JSON.stringify(text)}`)
  return value
}

/** One suite in a fresh process; its metrics. */
async function runSuite(suite: string, reps: number, dir: string): Promise<BenchMetric[]> {
  const file = join(dir, `${suite}.json`)
  const run = fileURLToPath(new URL('../../bench/run.ts', import.meta.url))
  const started = performance.now()
  await promisify(execFile)(
    process.execPath,
    [
      '--max-old-space-size=4096',
      run,
      ...BENCH_ARGS,
      '--reps',
      String(reps),
      '--only',
      suite,
      '--json',
      file,
    ],
    { maxBuffer: 1 << 24 },
  )
  const record = JSON.parse(await readFile(file, 'utf8')) as BenchRunRecord
  const metrics = record.suites.flatMap((s) => s.metrics)
  log(`  ${suite}: ${metrics.length} ratios in ${((performance.now() - started) / 1000).toFixed(0)} s`)
  return metrics
}

async function runAll(suites: readonly string[], times: number, reps: number): Promise<BenchMetric[][]> {
  const dir = await mkdtemp(join(tmpdir(), 'tradepulse-bench-check-'))
  try {
    const runs: BenchMetric[][] = []
    for (let k = 0; k < times; k++) {
      log(`run ${k + 1}/${times} (--reps ${reps})`)
      const metrics: BenchMetric[] = []
      for (const suite of suites) metrics.push(...(await runSuite(suite, reps, dir)))
      runs.push(metrics)
    }
    return runs
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

function machine(): Record<string, string | number> {
  const cpu = cpus()
  return {
    node: process.version,
    platform: `${process.platform}/${process.arch}`,
    kernel: release(),
    cpuModel: cpu[0]?.model ?? 'unknown',
    logicalCpus: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverage1mAtStart: Number(loadavg()[0]!.toFixed(2)),
  }
}

async function main(args: readonly string[]): Promise<void> {
  if (args.includes('--help')) {
    process.stdout.write(`${USAGE}\n`)
    return
  }
  const baselineFile = option(args, '--baseline') ?? DEFAULT_BASELINE
  const suites = option(args, '--suites')?.split(',') ?? CHECKED_SUITES
  const unknown = suites.filter((s) => !CHECKED_SUITES.includes(s))
  if (unknown.length > 0)
    throw new Error(`--suites: ${unknown.join(', ')} not checked (choose from ${CHECKED_SUITES.join(', ')})`)
  const calibrations = count(args, '--calibrate')
  if (calibrations !== undefined) {
    if (calibrations < 3) throw new Error('--calibrate wants at least 3 runs: noise needs a spread')
    const reps = count(args, '--reps') ?? 3
    const description = machine()
    const runs = await runAll(suites, calibrations, reps)
    const baseline: Baseline = {
      version: 1,
      createdAt: new Date().toISOString(),
      machine: description,
      benchArgs: [...BENCH_ARGS, '--reps', String(reps)],
      runs: calibrations,
      rule: DEFAULT_RULE,
      metrics: calibrate(runs, DEFAULT_RULE),
    }
    // Formatted as `make lint` expects, so a refreshed baseline commits cleanly.
    const options = (await resolveConfig(baselineFile)) ?? {}
    await writeFile(
      baselineFile,
      await format(JSON.stringify(baseline, null, 2), { ...options, parser: 'json' }),
    )
    const rows = Object.entries(baseline.metrics).map(
      ([key, m]) =>
        `| ${key} | ${m.better} | ${m.value} | ${(100 * m.noise).toFixed(1)}% | ${(100 * m.threshold).toFixed(1)}% |`,
    )
    process.stdout.write(
      `${[`baseline written to ${baselineFile} (${calibrations} runs)`, '', '| ratio | better | median | noise | threshold |', '|---|---|---|---|---|', ...rows].join('\n')}\n`,
    )
    return
  }
  const baseline = JSON.parse(await readFile(baselineFile, 'utf8')) as Baseline
  const baselineReps = baseline.benchArgs[baseline.benchArgs.indexOf('--reps') + 1]
  const reps = count(args, '--reps') ?? Number(baselineReps ?? 3)
  const expected = [...BENCH_ARGS, '--reps', String(reps)].join(' ')
  if (baseline.benchArgs.join(' ') !== expected)
    log(
      `warning: the baseline was measured with ${baseline.benchArgs.join(' ')}; this check runs ${expected}`,
    )
  const runs = await runAll(suites, count(args, '--runs') ?? 1, reps)
  // Only the suites this check ran are held to their baseline keys.
  const scoped = Object.fromEntries(
    Object.entries(baseline.metrics).filter(([key]) => suites.some((s) => key.startsWith(`${s}: `))),
  )
  const rows = compareWithBaseline(scoped, runs)
  const verdict = failed(rows)
  process.stdout.write(
    `${[
      `baseline ${baselineFile}: ${baseline.createdAt} on ${String(baseline.machine.cpuModel)} (${String(baseline.machine.logicalCpus)} CPUs)`,
      `now: ${String(machine().cpuModel)}, load average ${loadavg()[0]!.toFixed(2)}`,
      '',
      ...comparisonTable(rows),
      '',
      verdict
        ? 'FAILED: a ratio regressed beyond its threshold or is no longer measured (see docs/performance.md)'
        : 'passed',
    ].join('\n')}\n`,
  )
  if (verdict) process.exitCode = 1
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
})
