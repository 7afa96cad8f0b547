/** Geometric indicators: curvature (Ollivier–Ricci curvature of the price graph). */
import type { AnyIndicator } from '../core/definition.ts'
import { ricciIndicator } from './ricci.ts'

export const CURVATURE_INDICATORS: readonly AnyIndicator[] = [ricciIndicator]
