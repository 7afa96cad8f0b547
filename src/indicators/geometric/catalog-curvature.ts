/** Geometric indicators: curvature. */
import type { AnyIndicator } from '../core/definition.ts'

export const CURVATURE_INDICATORS: readonly AnyIndicator[] = []
