/**
 * Bollinger/RSI mean reversion (src/strategy/builtin/mean-reversion.ts) as array rules. Flat: long
 * when the close is at or below the lower band with RSI below `oversold`; with `allowShort`,
 * short at or above the upper band with RSI above `overbought`. Long: flat once the close is back
 * at or above the middle band; short: flat at or below it. Nothing is decided while the bands or
 * the RSI warm up.
 */
import { type MeanReversionParams, meanReversion } from '../../../strategy/builtin/mean-reversion.ts'
import { parseStrategyParams } from '../../../strategy/define.ts'
import { bollingerLower, bollingerMiddle, bollingerUpper, closeRsi } from '../indicator-arrays.ts'
import {
  STAY,
  type VectorisedStrategy,
  WANT_FLAT,
  WANT_LONG,
  WANT_SHORT,
  decisions,
} from '../vectorised-strategy.ts'

export const meanReversionVectorised: VectorisedStrategy<MeanReversionParams> = {
  name: meanReversion.name,
  parse: (raw) => parseStrategyParams(meanReversion, raw),
  indicators: (p) => [
    bollingerMiddle(p.period, p.multiplier),
    bollingerLower(p.period, p.multiplier),
    bollingerUpper(p.period, p.multiplier),
    closeRsi(p.rsiPeriod),
  ],
  signals(arrays, p, out) {
    const close = arrays.bars.close
    const middle = arrays.get(bollingerMiddle(p.period, p.multiplier))
    const lower = arrays.get(bollingerLower(p.period, p.multiplier))
    const upper = arrays.get(bollingerUpper(p.period, p.multiplier))
    const rsi = arrays.get(closeRsi(p.rsiPeriod))
    for (let i = 0; i < out.length; i++) {
      const m = middle[i]!
      const r = rsi[i]!
      if (Number.isNaN(m) || Number.isNaN(r)) {
        out[i] = STAY
        continue
      }
      const c = close[i]!
      const whenFlat =
        c <= lower[i]! && r < p.oversold
          ? WANT_LONG
          : p.allowShort && c >= upper[i]! && r > p.overbought
            ? WANT_SHORT
            : STAY
      out[i] = decisions(c <= m ? WANT_FLAT : STAY, whenFlat, c >= m ? WANT_FLAT : STAY)
    }
  },
  fraction: (p) => p.fraction,
}
