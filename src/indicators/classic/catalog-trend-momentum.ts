/** Classic trend and momentum indicators, in the order `indicators list` shows them. */
import type { AnyIndicator } from '../core/definition.ts'
import { emaIndicator } from './ema.ts'
import { smaIndicator } from './sma.ts'

export const TREND_MOMENTUM_INDICATORS: readonly AnyIndicator[] = [smaIndicator, emaIndicator]
