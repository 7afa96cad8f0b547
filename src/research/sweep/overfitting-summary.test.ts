import { describe, expect, it } from 'vitest'
import { MIN_BLOCK_PERIODS, partitionsFor, pboVerdict, sweepOverfitting } from './overfitting-summary.ts'

/** A deterministic pseudo-random stream (no Math.random in tests that assert values). */
function noise(seed: number, count: number, drift = 0): Float64Array {
  let state = seed >>> 0
  const out = new Float64Array(count)
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    out[i] = drift + (state / 2 ** 32 - 0.5) * 0.02
  }
  return out
}

describe('partitionsFor', () => {
  it('is 16 with enough periods and the largest even count of whole blocks below that', () => {
    expect(partitionsFor(1000)).toBe(16)
    expect(partitionsFor(16 * MIN_BLOCK_PERIODS)).toBe(16)
    expect(partitionsFor(16 * MIN_BLOCK_PERIODS - 1)).toBe(14)
    expect(partitionsFor(2 * MIN_BLOCK_PERIODS)).toBe(2)
    expect(partitionsFor(2 * MIN_BLOCK_PERIODS - 1)).toBe(0)
  })
})

describe('sweepOverfitting', () => {
  it('finds a real edge among noise: DSR high, PBO near 0, verdict genuine', () => {
    const returns = new Map<number, Float64Array>()
    for (let i = 0; i < 20; i++) returns.set(i, noise(i + 1, 500))
    returns.set(20, noise(99, 500, 0.004)) // a steady edge: Sharpe ≈ 0.7 per period
    const summary = sweepOverfitting(returns, { index: 20, params: { fast: 3 } })
    expect(summary.trials).toBe(21)
    expect(summary.observations).toBe(500)
    if (!('deflatedSharpe' in summary.deflatedSharpe) || !('probability' in summary.pbo))
      throw new Error('both statistics should be available')
    expect(summary.deflatedSharpe.index).toBe(20)
    expect(summary.deflatedSharpe.trials).toBe(21)
    expect(summary.deflatedSharpe.deflatedSharpe).toBeGreaterThan(0.99)
    expect(summary.pbo.partitions).toBe(16)
    expect(summary.pbo.combinations).toBe(12870)
    expect(summary.pbo.logits).toHaveLength(12870)
    expect(summary.pbo.probability).toBeLessThan(0.05)
    expect(summary.verdict).toMatch(/^likely genuine/)
  })

  it('reads noise as not distinguishable from luck', () => {
    const returns = new Map<number, Float64Array>()
    for (let i = 0; i < 30; i++) returns.set(i, noise(1000 + i, 300))
    const summary = sweepOverfitting(returns, { index: 0, params: {} })
    if (!('deflatedSharpe' in summary.deflatedSharpe)) throw new Error('DSR should be available')
    expect(summary.deflatedSharpe.genuine).toBe(false)
    expect(summary.verdict).not.toMatch(/^likely genuine/)
  })

  it('uses fewer partitions for a short history and none below two blocks', () => {
    const short = new Map([
      [0, noise(1, 30)],
      [1, noise(2, 30)],
    ])
    const summary = sweepOverfitting(short, { index: 0, params: {} })
    expect('partitions' in summary.pbo && summary.pbo.partitions).toBe(6)
    const tiny = new Map([
      [0, noise(1, 5)],
      [1, noise(2, 5)],
    ])
    expect(sweepOverfitting(tiny, { index: 0, params: {} }).pbo).toEqual({
      unavailable: '5 periods; CSCV needs at least 8 (two blocks of 4)',
    })
  })

  it('records why a statistic is unavailable instead of failing', () => {
    const flat = new Map([[0, new Float64Array(40)]])
    const summary = sweepOverfitting(flat, { index: 0, params: {} })
    expect('unavailable' in summary.deflatedSharpe && summary.deflatedSharpe.unavailable).toMatch(
      /RESEARCH_INVALID_INPUT/,
    )
    expect(summary.pbo).toEqual({ unavailable: '1 trial(s) with returns; CSCV needs at least 2' })
    expect(summary.verdict).toBe('not enough data to judge overfitting')
    expect(sweepOverfitting(new Map(), undefined).deflatedSharpe).toEqual({
      unavailable: 'no ranked combination with returns',
    })
  })
})

describe('pboVerdict', () => {
  it('says what a PBO means in words', () => {
    expect(pboVerdict(0.1)).toMatch(/^the selection holds out of sample/)
    expect(pboVerdict(0.3)).toMatch(/^the selection is uncertain/)
    expect(pboVerdict(0.6)).toMatch(/^the selection looks overfit/)
  })
})
