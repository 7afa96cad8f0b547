/** Classic trend and momentum indicators, in the order `indicators list` shows them. */
import type { AnyIndicator } from '../core/definition.ts'
import { adxIndicator } from './adx.ts'
import { cciIndicator } from './cci.ts'
import { demaIndicator } from './dema.ts'
import { emaIndicator } from './ema.ts'
import { macdIndicator } from './macd.ts'
import { obvIndicator } from './obv.ts'
import { rocIndicator } from './roc.ts'
import { rsiIndicator } from './rsi.ts'
import { smaIndicator } from './sma.ts'
import { stochasticIndicator } from './stochastic.ts'
import { temaIndicator } from './tema.ts'
import { wmaIndicator } from './wma.ts'

export const TREND_MOMENTUM_INDICATORS: readonly AnyIndicator[] = [
  smaIndicator,
  emaIndicator,
  wmaIndicator,
  demaIndicator,
  temaIndicator,
  macdIndicator,
  adxIndicator,
  rsiIndicator,
  rocIndicator,
  stochasticIndicator,
  cciIndicator,
  obvIndicator,
]
