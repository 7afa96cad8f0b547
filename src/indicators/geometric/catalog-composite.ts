/** Composite indicators built from the geometric ones. */
import type { AnyIndicator } from '../core/definition.ts'
import { directionIndexIndicator } from './direction-index.ts'
import { ismIndicator } from './ism.ts'
import { marketPhaseIndicator } from './market-phase.ts'

export const COMPOSITE_INDICATORS: readonly AnyIndicator[] = [
  marketPhaseIndicator,
  directionIndexIndicator,
  ismIndicator,
]
