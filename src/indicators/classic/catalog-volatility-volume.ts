/** Classic volatility, volume and statistical indicators, in the order `indicators list` shows them. */
import type { AnyIndicator } from '../core/definition.ts'
import { atrIndicator } from './atr.ts'
import { betaIndicator } from './beta.ts'
import { bollingerIndicator } from './bollinger.ts'
import { correlationIndicator } from './correlation.ts'
import { donchianIndicator } from './donchian.ts'
import { keltnerIndicator } from './keltner.ts'
import { logReturnsIndicator } from './log-returns.ts'
import { realisedVolatilityIndicator } from './realised-volatility.ts'
import { returnsIndicator } from './returns.ts'
import { rollingStdIndicator } from './rolling-std.ts'
import { vwapRollingIndicator } from './vwap-rolling.ts'
import { vwapSessionIndicator } from './vwap-session.ts'
import { zscoreIndicator } from './zscore.ts'

export const VOLATILITY_VOLUME_INDICATORS: readonly AnyIndicator[] = [
  bollingerIndicator,
  atrIndicator,
  keltnerIndicator,
  donchianIndicator,
  realisedVolatilityIndicator,
  vwapRollingIndicator,
  vwapSessionIndicator,
  rollingStdIndicator,
  zscoreIndicator,
  returnsIndicator,
  logReturnsIndicator,
  correlationIndicator,
  betaIndicator,
]
