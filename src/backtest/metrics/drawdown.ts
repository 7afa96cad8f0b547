/**
 * Drawdowns of an equity series: the fall from the running peak, as a positive fraction of the
 * peak. The worst one is reported with its peak, its trough and its recovery (the first point
 * back at or above the peak), and its duration runs from the peak to the recovery, or to the last
 * point when the equity never got back.
 */
import type { UnixMillis } from '../../domain/time.ts'

export interface DrawdownStats {
  /** 0 for a series that never fell; 0.25 for a 25% fall from the peak. */
  readonly maxDrawdown: number
  readonly peakTime: UnixMillis | null
  readonly troughTime: UnixMillis | null
  /** null when the equity had not recovered by the end (or never fell). */
  readonly recoveryTime: UnixMillis | null
  readonly durationMs: number
}

/** dd[i] = 1 − v[i] / max(v[0..i]). */
export function drawdownSeries(values: readonly number[]): number[] {
  const drawdowns: number[] = []
  let peak = -Infinity
  for (const value of values) {
    if (value > peak) peak = value
    drawdowns.push(peak > 0 ? 1 - value / peak : 0)
  }
  return drawdowns
}

export function maxDrawdown(times: readonly number[], values: readonly number[]): DrawdownStats {
  let peakIndex = 0
  let worst = 0
  let worstPeak = -1
  let worstTrough = -1
  for (let i = 0; i < values.length; i++) {
    if (values[i]! > values[peakIndex]!) peakIndex = i
    const peak = values[peakIndex]!
    const drawdown = peak > 0 ? 1 - values[i]! / peak : 0
    if (drawdown > worst) {
      worst = drawdown
      worstPeak = peakIndex
      worstTrough = i
    }
  }
  if (worstPeak < 0)
    return { maxDrawdown: 0, peakTime: null, troughTime: null, recoveryTime: null, durationMs: 0 }
  let recovery = -1
  for (let i = worstTrough + 1; i < values.length; i++) {
    if (values[i]! >= values[worstPeak]!) {
      recovery = i
      break
    }
  }
  const end = recovery < 0 ? values.length - 1 : recovery
  return {
    maxDrawdown: worst,
    peakTime: times[worstPeak]! as UnixMillis,
    troughTime: times[worstTrough]! as UnixMillis,
    recoveryTime: recovery < 0 ? null : (times[recovery]! as UnixMillis),
    durationMs: times[end]! - times[worstPeak]!,
  }
}
