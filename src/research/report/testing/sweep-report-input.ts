/** A small sweep's report input for the report's tests: a 3 × 4 grid with noise returns. */
import { sweepOverfitting } from '../../sweep/overfitting-summary.ts'
import type { SweepReportInput } from '../render.ts'

function noise(seed: number, count: number): Float64Array {
  let state = seed >>> 0
  return Float64Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return (state / 2 ** 32 - 0.5) * 0.02
  })
}

/** A 3 × 4 grid of fast × slow with a made-up Sharpe ratio per cell and noise returns. */
export function reportInput(): SweepReportInput {
  const rows = []
  const returns = new Map<number, Float64Array>()
  let index = 0
  for (const slow of [10, 20, 30, 40])
    for (const fast of [2, 4, 6]) {
      rows.push({
        index,
        params: { fast, slow },
        value: fast / slow,
        totalReturn: 0.1,
        sharpe: fast / slow,
        maxDrawdown: 0.05,
        trades: 7,
      })
      returns.set(index, noise(index + 1, 200))
      index++
    }
  const ranking = [...rows].sort((a, b) => b.value - a.value).map((r) => r.index)
  return {
    sweepId: 'abc<def',
    strategy: 'ma-crossover',
    engine: 'vectorised',
    space: { fast: { int: [2, 6], step: 2 }, slow: { int: [10, 40], step: 10 } },
    search: { kind: 'grid' },
    rank: { metric: 'sharpe', direction: 'max' },
    combinations: 12,
    rows,
    ranking,
    overfitting: sweepOverfitting(returns, { index: ranking[0]!, params: rows[ranking[0]!]!.params }),
  }
}
