/** Geometric indicators: phase (causal Hilbert phase and multi-scale Kuramoto). */
import type { AnyIndicator } from '../core/definition.ts'
import { multiscaleKuramotoIndicator } from './multiscale-kuramoto.ts'
import { phaseIndicator } from './phase.ts'

export const PHASE_INDICATORS: readonly AnyIndicator[] = [phaseIndicator, multiscaleKuramotoIndicator]
