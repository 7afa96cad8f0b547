/**
 * The moving-average crossover (src/strategy/builtin/ma-crossover.ts) as array rules: long while
 * the fast average is above the slow one; below it flat, or short with `allowShort`. A bar where
 * either average is still warming up, or where they are equal, decides nothing.
 */
import { type MaCrossoverParams, maCrossover } from '../../../strategy/builtin/ma-crossover.ts'
import { parseStrategyParams } from '../../../strategy/define.ts'
import { type IndicatorSpec, closeEma, closeSma } from '../indicator-arrays.ts'
import {
  STAY,
  type VectorisedStrategy,
  WANT_FLAT,
  WANT_LONG,
  WANT_SHORT,
  always,
} from '../vectorised-strategy.ts'

const average = (p: MaCrossoverParams, period: number): IndicatorSpec =>
  p.average === 'sma' ? closeSma(period) : closeEma(period)

export const maCrossoverVectorised: VectorisedStrategy<MaCrossoverParams> = {
  name: maCrossover.name,
  parse: (raw) => parseStrategyParams(maCrossover, raw),
  indicators: (p) => [average(p, p.fast), average(p, p.slow)],
  signals(arrays, p, out) {
    const fast = arrays.get(average(p, p.fast))
    const slow = arrays.get(average(p, p.slow))
    const above = always(WANT_LONG)
    const below = always(p.allowShort ? WANT_SHORT : WANT_FLAT)
    for (let i = 0; i < out.length; i++) {
      const f = fast[i]!
      const s = slow[i]!
      // NaN compares false both ways: warm-up falls through to STAY, as a tie does.
      out[i] = f > s ? above : f < s ? below : STAY
    }
  },
  fraction: (p) => p.fraction,
}
