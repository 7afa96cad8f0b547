/**
 * The Donchian breakout (src/strategy/builtin/breakout.ts) as array rules plus its ATR stop. Flat:
 * long on a close above the channel of the bars before it, short (with `allowShort`) on a close
 * below it, once both the channel and the ATR are known. A position is closed by the protective
 * stop alone: `stopAtr` ATRs of the signal bar from the entry's fill, then trailed to `stopAtr`
 * current ATRs from each close (vectorised-strategy.ts; the sweep walks the stop along the
 * venue's OHLC path, as the engine's stop order fills).
 */
import { type BreakoutParams, breakout } from '../../../strategy/builtin/breakout.ts'
import { parseStrategyParams } from '../../../strategy/define.ts'
import { averageTrueRange, donchianLower, donchianUpper } from '../indicator-arrays.ts'
import { STAY, type VectorisedStrategy, WANT_LONG, WANT_SHORT, decisions } from '../vectorised-strategy.ts'

export const breakoutVectorised: VectorisedStrategy<BreakoutParams> = {
  name: breakout.name,
  parse: (raw) => parseStrategyParams(breakout, raw),
  indicators: (p) => [donchianUpper(p.channel), donchianLower(p.channel), averageTrueRange(p.atrPeriod)],
  signals(arrays, p, out) {
    const close = arrays.bars.close
    const upper = arrays.get(donchianUpper(p.channel))
    const lower = arrays.get(donchianLower(p.channel))
    const atr = arrays.get(averageTrueRange(p.atrPeriod))
    if (out.length > 0) out[0] = STAY
    const long = decisions(STAY, WANT_LONG, STAY)
    const short = decisions(STAY, p.allowShort ? WANT_SHORT : STAY, STAY)
    for (let i = 1; i < out.length; i++) {
      // The channel a close is compared with is the previous bar's: its own high is never above it.
      const previousUpper = upper[i - 1]!
      if (Number.isNaN(atr[i]!) || Number.isNaN(previousUpper)) {
        out[i] = STAY
        continue
      }
      const c = close[i]!
      out[i] = c > previousUpper ? long : c < lower[i - 1]! ? short : STAY
    }
  },
  fraction: (p) => p.fraction,
  stop: (p) => ({ distance: averageTrueRange(p.atrPeriod), multiple: p.stopAtr }),
}
