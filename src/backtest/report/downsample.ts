/**
 * Thinning a long series for drawing: a chart a few thousand pixels wide shows no more than a
 * few thousand points, and a report of a minute-bar run would otherwise embed millions. The
 * series is cut into equal runs of points and each run keeps its lowest and its highest point, in
 * time order, so every peak and trough — what a reader looks for in equity and drawdown — is
 * still drawn; the first and last points are always kept. O(n).
 */
import type { ChartPoint } from './chart-data.ts'

export function downsampleMinMax(points: readonly ChartPoint[], maxPoints: number): ChartPoint[] {
  if (!Number.isSafeInteger(maxPoints) || maxPoints < 4)
    throw new RangeError(`maxPoints must be an integer >= 4, was ${maxPoints}`)
  const n = points.length
  if (n <= maxPoints) return [...points]
  const buckets = Math.floor((maxPoints - 2) / 2)
  const kept: ChartPoint[] = [points[0]!]
  for (let bucket = 0; bucket < buckets; bucket++) {
    // Buckets cover the points strictly between the first and the last.
    const start = 1 + Math.floor((bucket * (n - 2)) / buckets)
    const end = 1 + Math.floor(((bucket + 1) * (n - 2)) / buckets)
    let low = start
    let high = start
    for (let i = start + 1; i < end; i++) {
      if (points[i]!.value < points[low]!.value) low = i
      if (points[i]!.value > points[high]!.value) high = i
    }
    if (start >= end) continue
    if (low === high) kept.push(points[low]!)
    else kept.push(points[Math.min(low, high)]!, points[Math.max(low, high)]!)
  }
  kept.push(points[n - 1]!)
  return kept
}
