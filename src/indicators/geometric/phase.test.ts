/**
 * The causal phase on sinusoids, where the answer is known: on average it advances by exactly
 * 2π/P per bar; bar by bar it wobbles because the last sample of a finite-window FFT Hilbert
 * transform sits on the window's edge. The tolerances below are the measured wobble, which shrinks
 * like 1/W when the window holds whole periods (docs/indicators-parts/phase-kuramoto.md has the
 * table). Stream = batch and causality are the contract test's.
 */
import { describe, expect, it } from 'vitest'
import { randomInputs } from '../testing/random-inputs.ts'
import { Phase, phase, phaseIndicator } from './phase.ts'

function wrap(a: number): number {
  const d = a % (2 * Math.PI)
  return d > Math.PI ? d - 2 * Math.PI : d <= -Math.PI ? d + 2 * Math.PI : d
}

function sine(length: number, period: number, level = 100): Float64Array {
  return Float64Array.from({ length }, (_, t) => level + Math.sin((2 * Math.PI * t) / period))
}

describe('phase', () => {
  it('advances by exactly 2π/P per bar on average over each period', () => {
    // Periods at which the kernel's response to the positive frequency beats its leakage to the
    // negative one (ratio 0.10 … 0.51, see the docs): the phase turns forward once per period.
    for (const [window, period] of [
      [64, 8],
      [64, 16],
      [64, 24],
      [64, 40],
      [128, 10],
    ] as const) {
      const x = sine(window + 5 * period, period)
      const out = phase(x, { window })
      for (let t = window; t + period <= x.length; t += period) {
        let turned = 0
        for (let k = t; k < t + period; k++) turned += wrap(out.phase[k]! - out.phase[k - 1]!)
        expect(turned, `W ${window}, P ${period}, t ${t}`).toBeCloseTo(2 * Math.PI, 9)
      }
    }
  })

  it('turns backwards where the end-of-window leakage wins (known limitation: W 64, P 20)', () => {
    // At W = 64, P = 20 the last sample picks up 1.8 times more of the negative frequency than of
    // the positive one, so the causal phase winds once per period the wrong way.
    const x = sine(64 + 100, 20)
    const out = phase(x, { window: 64 })
    for (let t = 64; t + 20 <= x.length; t += 20) {
      let turned = 0
      for (let k = t; k < t + 20; k++) turned += wrap(out.phase[k]! - out.phase[k - 1]!)
      expect(turned).toBeCloseTo(-2 * Math.PI, 9)
    }
  })

  it('advances by 2π/P every bar within ~25/W when the window holds whole periods', () => {
    for (const period of [8, 16]) {
      for (const window of [64, 128, 256, 512]) {
        const x = sine(window + 200, period)
        const out = phase(x, { window }).phase
        let worst = 0
        for (let t = window; t < x.length; t++) {
          worst = Math.max(worst, Math.abs(wrap(out[t]! - out[t - 1]! - (2 * Math.PI) / period)))
        }
        // Measured: P = 8 → 18.5/W … 21.5/W; P = 16 → 23.8/W … 28.6/W.
        expect(worst, `P ${period}, W ${window}`).toBeLessThan(30 / window)
      }
    }
  })

  it('tracks the true phase of sin(2πt/P), which is 2πt/P − π/2, up to the end effect', () => {
    const period = 8
    const window = 256
    const x = sine(window + 100, period)
    const out = phase(x, { window }).phase
    for (let t = window - 1; t < x.length; t++) {
      // Measured worst case 0.047 rad at W = 256, P = 8.
      expect(Math.abs(wrap(out[t]! - ((2 * Math.PI * t) / period - Math.PI / 2)))).toBeLessThan(0.05)
    }
  })

  it('does not care about level, trend or scale', () => {
    const base = randomInputs({ length: 300, seed: 21 }).value
    const reference = phase(base, { window: 40 })
    const moved = phase(
      base.map((v, t) => 3 * v + 1000 + 0.25 * t),
      { window: 40 },
    )
    for (let t = 39; t < 300; t++) {
      expect(moved.phase[t]).toBeCloseTo(reference.phase[t]!, 9)
      expect(moved.amplitude[t]! / reference.amplitude[t]!).toBeCloseTo(3, 9)
    }
  })

  it('has no phase (NaN) and zero amplitude on flat or straight-line windows', () => {
    for (const x of [
      new Float64Array(20).fill(0.1),
      Float64Array.from({ length: 20 }, (_, t) => 50 + 0.01 * t),
    ]) {
      const out = phase(x, { window: 8 })
      for (let t = 7; t < 20; t++) {
        expect(out.phase[t]).toBeNaN()
        expect(out.amplitude[t]).toBe(0)
      }
    }
  })

  it('is NaN for the first window − 1 bars, then in (−π, π]', () => {
    const x = randomInputs({ length: 200, seed: 2 }).value
    const out = phase(x, { window: 16 })
    expect(phaseIndicator.warmup(phaseIndicator.resolve({ window: 16 }))).toBe(15)
    for (let t = 0; t < 15; t++) expect(out.phase[t]).toBeNaN()
    for (let t = 15; t < 200; t++) {
      expect(out.phase[t]).toBeGreaterThan(-Math.PI)
      expect(out.phase[t]).toBeLessThanOrEqual(Math.PI)
      expect(out.amplitude[t]).toBeGreaterThan(0)
    }
  })

  it('streams the batch values, skipping non-finite inputs, and resets', () => {
    const x = randomInputs({ length: 60, seed: 8 }).value
    const batch = phase(x, { window: 10 })
    const stream = new Phase({ window: 10 })
    for (let t = 0; t < 60; t++) {
      if (t === 30) expect(stream.update(Number.NaN).phase).toBeNaN()
      const row = stream.update(x[t]!)
      expect(row.phase).toBe(batch.phase[t])
      expect(row.amplitude).toBe(batch.amplitude[t])
    }
    stream.reset()
    expect(stream.update(x[0]!).phase).toBeNaN()
  })

  it('defaults to a 64-bar window and refuses windows under 8', () => {
    expect(phaseIndicator.resolve({}).window).toBe(64)
    expect(() => phaseIndicator.resolve({ window: 7 })).toThrow(/window/)
  })
})
