/**
 * Intraday volume profile for a market that trades around the clock: activity peaks when the
 * European afternoon and the US morning overlap (about 14:30 UTC) and is lowest in the late
 * Asian night (about 02:30 UTC), with a smaller bump at the Asian open (about 01:00 UTC). The
 * factor averages to 1 over a day, so it shapes volume without changing its daily total.
 */
import { MS_PER_DAY } from '../../domain/time.ts'

const TWO_PI = 2 * Math.PI

export function intradayVolumeFactor(openTime: number): number {
  const dayFraction = (((openTime % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / MS_PER_DAY
  const main = 0.55 * Math.cos(TWO_PI * (dayFraction - 14.5 / 24))
  const asia = 0.15 * Math.cos(2 * TWO_PI * (dayFraction - 1 / 24))
  return 1 + main + asia
}
