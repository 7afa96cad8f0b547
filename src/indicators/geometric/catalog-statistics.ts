/** Geometric indicators: statistics of the return distribution, of its memory, and of order flow. */
import type { AnyIndicator } from '../core/definition.ts'
import { deltaEntropyIndicator } from './delta-entropy.ts'
import { entropyIndicator } from './entropy.ts'
import { hurstIndicator } from './hurst.ts'
import { vpinIndicator } from './vpin.ts'

export const STATISTICS_INDICATORS: readonly AnyIndicator[] = [
  entropyIndicator,
  deltaEntropyIndicator,
  hurstIndicator,
  vpinIndicator,
]
