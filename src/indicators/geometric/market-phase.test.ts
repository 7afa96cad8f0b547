import { describe, expect, it } from 'vitest'
import { weekdayOpenTimes } from '../testing/bar-times.ts'
import { randomInputs } from '../testing/random-inputs.ts'
import { DEFAULT_PHASE_THRESHOLDS, MARKET_PHASES, classifyMarketPhase } from './market-phase-rules.ts'
import { marketPhase, marketPhaseIndicator } from './market-phase.ts'
import { multiscaleKuramotoIndicator } from './multiscale-kuramoto.ts'
import { ricciIndicator } from './ricci.ts'
import { TrendMeter } from './trend-meter.ts'

const params = { timeframes: ['1m', '5m'], phaseWindow: 16, curvatureWindow: 40, trendWindow: 30 }

describe('market-phase', () => {
  const data = randomInputs({ length: 600, seed: 42, volatility: 0.002 })
  const out = marketPhase(data.time, data.close, params)

  it('is the decision table applied to its components, row by row', () => {
    const sync = multiscaleKuramotoIndicator.compute(
      { time: data.time, value: data.close },
      { timeframes: params.timeframes, window: params.phaseWindow },
    )
    const curvature = ricciIndicator.compute({ value: data.close }, { window: params.curvatureWindow })
    const trend = new TrendMeter(params.trendWindow)
    let classified = 0
    for (let i = 0; i < data.close.length; i++) {
      const measurements = {
        consensus: sync.consensus[i]!,
        coherence: sync.coherence[i]!,
        curvature: curvature.curvature[i]!,
        temporal: curvature.temporal[i]!,
        transition: curvature.transition[i]!,
        trend: trend.update(data.close[i]!),
      }
      if (Object.values(measurements).some(Number.isNaN)) {
        expect(out.phase[i], `row ${i}`).toBeNaN()
        continue
      }
      const reading = classifyMarketPhase(measurements, DEFAULT_PHASE_THRESHOLDS)
      expect(MARKET_PHASES[out.phase[i]!], `row ${i}`).toBe(reading.phase)
      expect(out.entry[i]).toBe(reading.entry)
      expect(out.confidence[i]).toBe(reading.confidence)
      for (const [name, value] of Object.entries(measurements))
        expect(out[name as keyof typeof out][i], name).toBe(value)
      classified++
    }
    expect(classified).toBeGreaterThan(400)
  })

  it('starts when its slowest component does', () => {
    const warmup = marketPhaseIndicator.warmup(marketPhaseIndicator.resolve(params))
    expect(warmup).toBe(
      Math.max(params.curvatureWindow - 1 + params.curvatureWindow, 15 * 5 + 4, params.trendWindow),
    )
    expect(out.phase[warmup - 1]).toBeNaN()
    expect(out.phase[warmup]).not.toBeNaN()
  })

  it('keeps its controls in range', () => {
    for (let i = 0; i < out.phase.length; i++) {
      if (Number.isNaN(out.phase[i])) continue
      expect(Math.abs(out.entry[i]!)).toBeLessThanOrEqual(1)
      expect(out.exitUrgency[i]).toBeGreaterThanOrEqual(0)
      expect(out.riskMultiplier[i]).toBeLessThanOrEqual(1)
    }
  })

  it('refuses inverted thresholds', () => {
    expect(() => marketPhaseIndicator.resolve({ consensusLow: 0.8, consensusHigh: 0.5 })).toThrow(
      'market-phase.consensusLow: consensusLow must be below consensusHigh',
    )
  })

  it('counts its warm-up exactly on daily bars given their times', () => {
    const time = weekdayOpenTimes(2200, Date.UTC(2000, 0, 3))
    const close = randomInputs({ length: time.length, seed: 43, volatility: 0.01 }).close
    const daily = marketPhaseIndicator.resolve({ timeframes: ['1d', '5d', '15d', '60d'] })
    const columns = marketPhase(time, close, daily)
    const first = columns.phase.findIndex((x) => !Number.isNaN(x))
    expect(first).toBeGreaterThan(1000)
    expect(marketPhaseIndicator.warmup(daily, time)).toBe(first)
    // On minute bars the times agree with the one-minute assumption.
    expect(marketPhaseIndicator.warmup(marketPhaseIndicator.resolve(params), data.time)).toBe(
      marketPhaseIndicator.warmup(marketPhaseIndicator.resolve(params)),
    )
  })
})
