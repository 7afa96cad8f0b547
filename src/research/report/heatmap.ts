/**
 * The sweep report's heat map: for two parameters, one cell per pair of values they take, holding
 * the best rank value among the combinations that share that pair (the other parameters free), so
 * a bright region is one where some setting of the rest does well. Pure: rendering is render.ts'.
 */
import type { RankDirection } from '../sweep/rank.ts'

export interface HeatmapRow {
  readonly params: Readonly<Record<string, unknown>>
  readonly value: number | null
}

export interface HeatmapCell {
  readonly x: number
  readonly y: number
  readonly value: number
  /** Combinations sharing this pair that have a value. */
  readonly count: number
}

export interface Heatmap {
  readonly xParam: string
  readonly yParam: string
  readonly xValues: readonly number[]
  readonly yValues: readonly number[]
  readonly cells: readonly HeatmapCell[]
  readonly min: number
  readonly max: number
}

/** The first two parameters taking numbers in `rows`, in the space's order. */
export function defaultHeatmapParams(
  names: readonly string[],
  rows: readonly HeatmapRow[],
): readonly [string, string] | undefined {
  const numeric = names.filter((name) => rows.some((row) => typeof row.params[name] === 'number'))
  return numeric.length >= 2 ? [numeric[0]!, numeric[1]!] : undefined
}

/** The heat map of `rows` over `xParam` × `yParam`; undefined when no row has a value for both. */
export function heatmapOf(
  rows: readonly HeatmapRow[],
  xParam: string,
  yParam: string,
  direction: RankDirection,
): Heatmap | undefined {
  const best = new Map<string, HeatmapCell>()
  for (const row of rows) {
    const x = row.params[xParam]
    const y = row.params[yParam]
    if (typeof x !== 'number' || typeof y !== 'number' || row.value === null) continue
    const key = `${x}|${y}`
    const known = best.get(key)
    const better =
      known === undefined || (direction === 'max' ? row.value > known.value : row.value < known.value)
    best.set(key, {
      x,
      y,
      value: better ? row.value : known.value,
      count: (known?.count ?? 0) + 1,
    })
  }
  if (best.size === 0) return undefined
  const cells = [...best.values()].sort((a, b) => a.y - b.y || a.x - b.x)
  const values = cells.map((cell) => cell.value)
  return {
    xParam,
    yParam,
    xValues: [...new Set(cells.map((cell) => cell.x))].sort((a, b) => a - b),
    yValues: [...new Set(cells.map((cell) => cell.y))].sort((a, b) => a - b),
    cells,
    min: Math.min(...values),
    max: Math.max(...values),
  }
}

/** Equal-width bins over [min, max] of the finite `values`; empty when there are none. */
export function histogram(
  values: readonly number[],
  bins: number,
): { readonly lower: number; readonly upper: number; readonly count: number }[] {
  const finite = values.filter(Number.isFinite)
  if (finite.length === 0) return []
  const min = Math.min(...finite)
  const max = Math.max(...finite)
  const width = max > min ? (max - min) / bins : 1
  const counts = new Array<number>(max > min ? bins : 1).fill(0)
  for (const value of finite) {
    const bin = Math.min(counts.length - 1, Math.floor((value - min) / width))
    counts[bin]!++
  }
  return counts.map((count, b) => ({ lower: min + b * width, upper: min + (b + 1) * width, count }))
}
