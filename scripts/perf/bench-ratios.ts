/**
 * The figures a benchmark regression check can trust, read from the Markdown lines the suites
 * print (bench/*.ts return lines, not data, and stay untouched).
 *
 * What counts: ratios measured in the same run — ours against a peer library, a C loop or a bare
 * loop on the same data — because a shared machine moves absolute timings far more than it moves
 * ratios; and bytes allocated per order, which load cannot move. Throughput and latency in
 * absolute units are left out (the matching suite prints only those, so it yields nothing).
 *
 * Read from:
 * - Markdown tables: a cell that starts with a number followed by `×` (`12.3×`, or `4.1× (3.9×)`,
 *   the median before the best) in a column whose header says `faster` (higher is better) or is a
 *   quotient `a / b` of times (lower is better); and cells of a `bytes/order` column (`3209
 *   (3200–3215)`: the median first). A column it cannot orient is skipped, never guessed.
 * - Sentences the suites print: `ours / csv-parse (…): 3.6×` and `… the sweep is 95× faster`.
 *
 * Keys are `suite: table title / row / column`, the title cut before its first figure, so they
 * stay the same from run to run at the same sizes (row labels name sizes, e.g. `1 instrument ×
 * 200,000 bars`: a baseline belongs to the flags it was measured with).
 */

export type Better = 'higher' | 'lower'

export interface BenchMetric {
  readonly key: string
  readonly value: number
  readonly better: Better
}

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim())
}

const isTableLine = (line: string): boolean => line.trimStart().startsWith('|')
const isDivider = (line: string): boolean => /^\|(\s*:?-+:?\s*\|)+\s*$/.test(line.trim())

/** The table's title: the last prose line above it, up to its first figure, parenthesis or colon. */
function titleAbove(lines: readonly string[], header: number): string {
  for (let i = header - 1; i >= 0; i--) {
    const line = lines[i]!.trim()
    if (line === '') continue
    if (isTableLine(line)) return ''
    return line.split(/[\d(:]/)[0]!.replace(/[\s,;]+$/, '')
  }
  return ''
}

function orientation(header: string): Better | 'bytes' | undefined {
  if (/faster/i.test(header)) return 'higher'
  if (/bytes\s*\/\s*order/i.test(header)) return 'bytes'
  if (/\S\s*\/\s*\S/.test(header)) return 'lower'
  return undefined
}

/** The leading number of a cell; `12.3×` when `times` is set. Thousands separators allowed. */
function leadingNumber(cell: string, times: boolean): number | undefined {
  const match = (times ? /^(-?[\d,]*\.?\d+)\s*×/ : /^(-?[\d,]*\.?\d+)(?![\d.,]*\s*×)/).exec(cell)
  if (match === null) return undefined
  const value = Number(match[1]!.replaceAll(',', ''))
  return Number.isFinite(value) ? value : undefined
}

const SENTENCES: readonly { pattern: RegExp; key: string; better: Better }[] = [
  { pattern: /^ours \/ csv-parse\b.*:\s*([\d.]+)×\s*$/, key: 'ours / csv-parse, rows/s', better: 'higher' },
  {
    pattern: /the sweep is ([\d,.]+)× faster/,
    key: 'vectorised sweep / runBacktest, per bar×combination',
    better: 'higher',
  },
]

/** Every ratio (and bytes-per-order figure) in one suite's printed lines. */
export function benchMetrics(suite: string, lines: readonly string[]): BenchMetric[] {
  const metrics: BenchMetric[] = []
  const seen = new Map<string, number>()
  const add = (key: string, value: number, better: Better): void => {
    // Two rows with one label would share a key: the second becomes `key #2`, in print order.
    const count = (seen.get(key) ?? 0) + 1
    seen.set(key, count)
    metrics.push({ key: count === 1 ? key : `${key} #${count}`, value, better })
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (isTableLine(line) && i + 1 < lines.length && isDivider(lines[i + 1]!) && !isDivider(line)) {
      const header = cells(line)
      const title = titleAbove(lines, i)
      let r = i + 2
      for (; r < lines.length && isTableLine(lines[r]!); r++) {
        const row = cells(lines[r]!)
        const label = row[0] ?? ''
        header.forEach((column, c) => {
          if (c === 0) return
          const kind = orientation(column)
          if (kind === undefined) return
          const value = leadingNumber(row[c] ?? '', kind !== 'bytes')
          if (value === undefined) return
          add(`${suite}: ${title} / ${label} / ${column}`, value, kind === 'bytes' ? 'lower' : kind)
        })
      }
      i = r - 1
      continue
    }
    for (const sentence of SENTENCES) {
      const match = sentence.pattern.exec(line)
      if (match === null) continue
      const value = Number(match[1]!.replaceAll(',', ''))
      if (Number.isFinite(value)) add(`${suite}: ${sentence.key}`, value, sentence.better)
    }
  }
  return metrics
}
