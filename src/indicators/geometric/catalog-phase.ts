/** Geometric indicators: phase. */
import type { AnyIndicator } from '../core/definition.ts'

export const PHASE_INDICATORS: readonly AnyIndicator[] = []
