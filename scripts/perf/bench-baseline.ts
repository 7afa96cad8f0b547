/**
 * Baselines of benchmark ratios and the regression verdict against them.
 *
 * Calibration runs the suites K times and keeps, per ratio, the median and the run-to-run noise:
 * the median absolute deviation over the median, scaled by 1.4826 so that it estimates a
 * relative standard deviation for normal noise while one wild run (a neighbour on a shared host)
 * cannot inflate it. The ratio's threshold is `max(floor, factor × noise)`: by default 5% and 4
 * — a check compares one median with another, both noisy, and K is small, so the factor is
 * generous; a ratio that never moves still gets the 5% floor.
 *
 * A check is a regression when the ratio moved the wrong way (down for `higher`, up for `lower`)
 * by more than its threshold, relative to the baseline. A key in the baseline that the run did
 * not produce is `missing` and fails too: the check would otherwise pass by measuring nothing.
 * A key the baseline lacks is `new` and passes (refresh the baseline to start checking it).
 */
import type { BenchMetric, Better } from './bench-ratios.ts'

export interface BaselineMetric {
  readonly value: number
  readonly better: Better
  /** Relative noise: 1.4826 × MAD / |median| over the calibration runs. */
  readonly noise: number
  /** Relative change beyond which a move the wrong way is a regression. */
  readonly threshold: number
  readonly samples: readonly number[]
}

export interface ThresholdRule {
  /** Smallest threshold, relative (0.05 is 5%). */
  readonly floor: number
  /** Multiple of the measured noise. */
  readonly factor: number
}

export const DEFAULT_RULE: ThresholdRule = { floor: 0.05, factor: 4 }

export interface Baseline {
  readonly version: 1
  readonly createdAt: string
  readonly machine: Readonly<Record<string, string | number>>
  /** The arguments bench/run.ts was given: a baseline holds only at those sizes. */
  readonly benchArgs: readonly string[]
  readonly runs: number
  readonly rule: ThresholdRule
  readonly metrics: Readonly<Record<string, BaselineMetric>>
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values')
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** 1.4826 × MAD / |median|: a robust relative spread, 0 for a single value. */
export function relativeNoise(values: readonly number[]): number {
  const m = median(values)
  if (m === 0) return 0
  return (1.4826 * median(values.map((v) => Math.abs(v - m)))) / Math.abs(m)
}

/** Values per key across runs, and each key's direction (which must not change between runs). */
function collect(
  runs: readonly (readonly BenchMetric[])[],
): Map<string, { better: Better; values: number[] }> {
  const byKey = new Map<string, { better: Better; values: number[] }>()
  for (const run of runs) {
    for (const metric of run) {
      const entry = byKey.get(metric.key)
      if (entry === undefined) byKey.set(metric.key, { better: metric.better, values: [metric.value] })
      else entry.values.push(metric.value)
    }
  }
  return byKey
}

/** Per-key baseline from K runs of the suites: median, noise, threshold. */
export function calibrate(
  runs: readonly (readonly BenchMetric[])[],
  rule: ThresholdRule = DEFAULT_RULE,
): Record<string, BaselineMetric> {
  if (!(rule.floor > 0) || !(rule.factor > 0))
    throw new RangeError(`rule.floor and rule.factor must be > 0, were ${rule.floor} and ${rule.factor}`)
  const metrics: Record<string, BaselineMetric> = {}
  for (const [key, { better, values }] of [...collect(runs)].sort(([a], [b]) => a.localeCompare(b))) {
    const noise = relativeNoise(values)
    metrics[key] = {
      value: median(values),
      better,
      noise,
      threshold: Math.max(rule.floor, rule.factor * noise),
      samples: values,
    }
  }
  return metrics
}

export type Verdict = 'ok' | 'improved' | 'regression' | 'new' | 'missing'

export interface Comparison {
  readonly key: string
  readonly better: Better
  readonly baseline: number | undefined
  readonly now: number | undefined
  /** (now − baseline) / baseline; its sign is the raw direction, not better or worse. */
  readonly change: number | undefined
  readonly threshold: number | undefined
  readonly verdict: Verdict
}

/** Each baseline key against the median of this check's runs, then the keys the baseline lacks. */
export function compareWithBaseline(
  baseline: Readonly<Record<string, BaselineMetric>>,
  runs: readonly (readonly BenchMetric[])[],
): Comparison[] {
  const now = collect(runs)
  const rows: Comparison[] = []
  for (const [key, base] of Object.entries(baseline)) {
    const measured = now.get(key)
    if (measured === undefined) {
      rows.push({
        key,
        better: base.better,
        baseline: base.value,
        now: undefined,
        change: undefined,
        threshold: base.threshold,
        verdict: 'missing',
      })
      continue
    }
    const value = median(measured.values)
    const change =
      base.value === 0 ? (value === 0 ? 0 : Infinity) : (value - base.value) / Math.abs(base.value)
    const worse = base.better === 'higher' ? -change : change
    const verdict: Verdict =
      worse > base.threshold ? 'regression' : -worse > base.threshold ? 'improved' : 'ok'
    rows.push({
      key,
      better: base.better,
      baseline: base.value,
      now: value,
      change,
      threshold: base.threshold,
      verdict,
    })
  }
  for (const [key, measured] of now) {
    if (key in baseline) continue
    rows.push({
      key,
      better: measured.better,
      baseline: undefined,
      now: median(measured.values),
      change: undefined,
      threshold: undefined,
      verdict: 'new',
    })
  }
  return rows
}

/** The check fails on a regression or a ratio that is no longer measured. */
export function failed(rows: readonly Comparison[]): boolean {
  return rows.some((r) => r.verdict === 'regression' || r.verdict === 'missing')
}

/** A Markdown table of the comparison, for people and CI logs. */
export function comparisonTable(rows: readonly Comparison[]): string[] {
  const number = (x: number | undefined): string =>
    x === undefined
      ? '–'
      : Math.abs(x) >= 100
        ? x.toFixed(0)
        : Math.abs(x) >= 10
          ? x.toFixed(1)
          : x.toFixed(2)
  const percent = (x: number | undefined, signed: boolean): string =>
    x === undefined ? '–' : `${signed && x > 0 ? '+' : ''}${(100 * x).toFixed(1)}%`
  return [
    '| ratio | better | baseline | now | change | threshold | verdict |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.key} | ${r.better} | ${number(r.baseline)} | ${number(r.now)} | ${percent(r.change, true)} | ${percent(r.threshold, false)} | ${r.verdict === 'regression' || r.verdict === 'missing' ? `**${r.verdict}**` : r.verdict} |`,
    ),
  ]
}
