/** Composite indicators built from the geometric ones. */
import type { AnyIndicator } from '../core/definition.ts'
import { marketPhaseIndicator } from './market-phase.ts'

export const COMPOSITE_INDICATORS: readonly AnyIndicator[] = [marketPhaseIndicator]
