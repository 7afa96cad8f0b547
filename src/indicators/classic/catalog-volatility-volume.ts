/** Classic volatility, volume and statistical indicators, in the order `indicators list` shows them. */
import type { AnyIndicator } from '../core/definition.ts'

export const VOLATILITY_VOLUME_INDICATORS: readonly AnyIndicator[] = []
