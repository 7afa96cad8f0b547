/**
 * The market-phase label in force at each bar of an instrument, from the market-phase composite
 * indicator (src/indicators/geometric/market-phase.ts) over the instrument's closes. Before the
 * indicator is warm there is no label: those bars are `warm-up`.
 */
import { marketPhase, type MarketPhaseParams } from '../../indicators/geometric/market-phase.ts'
import { MARKET_PHASES, type MarketPhaseLabel } from '../../indicators/geometric/market-phase-rules.ts'

export type PhaseLabel = MarketPhaseLabel | 'warm-up'

export interface PhaseTimeline {
  readonly times: ArrayLike<number>
  readonly labels: readonly PhaseLabel[]
}

export function phaseTimeline(
  times: ArrayLike<number>,
  closes: ArrayLike<number>,
  params: MarketPhaseParams = {},
): PhaseTimeline {
  const phase = marketPhase(Float64Array.from(times), Float64Array.from(closes), params).phase
  const labels = Array.from(phase, (index): PhaseLabel =>
    Number.isNaN(index) ? 'warm-up' : (MARKET_PHASES[index] ?? 'warm-up'),
  )
  return { times, labels }
}
