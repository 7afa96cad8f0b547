import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_PHASE_THRESHOLDS as T,
  MARKET_PHASES,
  type PhaseMeasurements,
  classifyMarketPhase,
} from './market-phase-rules.ts'

const calm: PhaseMeasurements = {
  consensus: 0.12,
  coherence: 0.5,
  curvature: 0.5,
  temporal: 0,
  transition: 0.1,
  trend: 0.4,
}

describe('the market-phase decision table', () => {
  it('calls a rewired price graph a transition, whatever the synchrony', () => {
    const reading = classifyMarketPhase({ ...calm, consensus: 0.95, coherence: 0.9, transition: 0.97 }, T)
    expect(reading).toMatchObject({ phase: 'transition', entry: 0, exitUrgency: 0.97 })
    expect(reading.riskMultiplier).toBeCloseTo(0.03, 12)
    expect(reading.confidence).toBeCloseTo(0.5 + 0.5 * (0.02 / 0.05), 12)
  })

  it('calls low synchrony chaotic and stays out', () => {
    expect(classifyMarketPhase({ ...calm, consensus: 0.05 }, T)).toMatchObject({
      phase: 'chaotic',
      entry: 0,
      riskMultiplier: 0.5,
    })
  })

  it('enters with the trend when scales are synchronised and agree on a stretched graph', () => {
    const up = classifyMarketPhase({ ...calm, consensus: 0.2, coherence: 0.8, curvature: 0.1, trend: 1 }, T)
    expect(up.phase).toBe('strong-emergent')
    expect(up.entry).toBeCloseTo(0.16, 12)
    const down = classifyMarketPhase(
      { ...calm, consensus: 0.2, coherence: 0.8, curvature: 0.1, trend: -1 },
      T,
    )
    expect(down.entry).toBeCloseTo(-0.16, 12)
  })

  it('asks for an exit when curvature collapses after synchrony', () => {
    expect(classifyMarketPhase({ ...calm, temporal: -0.2 }, T)).toMatchObject({
      phase: 'post-emergent',
      entry: 0,
      exitUrgency: 1,
    })
  })

  it('calls forming synchrony proto-emergent with a small entry', () => {
    const reading = classifyMarketPhase(calm, T)
    expect(reading.phase).toBe('proto-emergent')
    expect(reading.entry).toBeCloseTo(0.5 * 0.4 * 0.12, 12)
  })

  it('keeps every control in range for any measurements', () => {
    const unit = fc.double({ min: 0, max: 1, noNaN: true })
    fc.assert(
      fc.property(
        unit,
        unit,
        fc.double({ min: -2, max: 1, noNaN: true }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        unit,
        fc.double({ min: -3, max: 3, noNaN: true }),
        (consensus, coherence, curvature, temporal, transition, trend) => {
          const r = classifyMarketPhase({ consensus, coherence, curvature, temporal, transition, trend }, T)
          expect(MARKET_PHASES).toContain(r.phase)
          expect(r.confidence).toBeGreaterThanOrEqual(0.5)
          expect(r.confidence).toBeLessThanOrEqual(1)
          expect(Math.abs(r.entry)).toBeLessThanOrEqual(1)
          expect(r.exitUrgency).toBeGreaterThanOrEqual(0)
          expect(r.exitUrgency).toBeLessThanOrEqual(1)
          expect(r.riskMultiplier).toBeGreaterThanOrEqual(0)
          expect(r.riskMultiplier).toBeLessThanOrEqual(1)
          if (r.phase !== 'strong-emergent' && r.phase !== 'proto-emergent') expect(r.entry).toBe(0)
        },
      ),
    )
  })
})
