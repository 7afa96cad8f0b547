/** Geometric indicators: statistics. */
import type { AnyIndicator } from '../core/definition.ts'

export const STATISTICS_INDICATORS: readonly AnyIndicator[] = []
