/**
 * Intraday volume profile for a market that trades around the clock (as crypto does), so there
 * is no session open or close to give the U shape of an exchange-traded stock. Instead activity
 * follows the world's working day: it peaks when the European afternoon and the US morning
 * overlap (about 14:30 UTC), is lowest in the late Asian night (about 02:30 UTC) and has a
 * smaller second bump at the Asian open (about 01:00 UTC):
 *
 *   f(h) = 1 + 0.55·cos(2π(h − 14.5)/24) + 0.15·cos(4π(h − 1)/24),   h = hour of day, UTC
 *
 * f averages to exactly 1 over a day, so the profile shapes volume without changing its daily
 * total, and it stays between about 0.45 and 1.6. A bar gets the mean of f over its span (found
 * in closed form), so an hourly bar is not judged by its first minute and every daily or
 * weekly bar gets exactly 1.
 */
import { MS_PER_DAY } from '../../domain/time.ts'

const TWO_PI = 2 * Math.PI
const MAIN_AMPLITUDE = 0.55
const MAIN_PEAK = 14.5 / 24
const ASIA_AMPLITUDE = 0.15
const ASIA_PEAK = 1 / 24

/** Mean of the profile over `[openTime, openTime + durationMs)`; the value at `openTime` when the duration is 0. */
export function intradayVolumeFactor(openTime: number, durationMs = 0): number {
  const start = (((openTime % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / MS_PER_DAY
  if (durationMs <= 0) {
    return 1 + MAIN_AMPLITUDE * Math.cos(TWO_PI * (start - MAIN_PEAK)) + ASIA_AMPLITUDE * Math.cos(2 * TWO_PI * (start - ASIA_PEAK))
  }
  // Whole days cover every hour equally; saying so avoids a rounding residue of 1e-16.
  if (durationMs % MS_PER_DAY === 0) return 1
  const width = durationMs / MS_PER_DAY
  return 1 + meanCos(MAIN_AMPLITUDE, 1, start - MAIN_PEAK, width) + meanCos(ASIA_AMPLITUDE, 2, start - ASIA_PEAK, width)
}

/** Mean of a·cos(2πk·x) over x in [from, from + width]. */
function meanCos(amplitude: number, k: number, from: number, width: number): number {
  const w = TWO_PI * k
  return (amplitude * (Math.sin(w * (from + width)) - Math.sin(w * from))) / (w * width)
}
