import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { NormalSampler } from '../../data/simulator/normal.ts'
import { SeededRandom } from '../../data/simulator/random.ts'
import { TradePulseError } from '../../domain/errors.ts'
import { firstMismatch, randomInputs } from '../testing/random-inputs.ts'
import { erf } from './normal-cdf.ts'
import { VolumeBuckets, Vpin, type VpinParams, vpin, vpinEarliestBar, vpinIndicator } from './vpin.ts'

/** Prices alternating 100, 101, 100, 101…: returns ±ln 1.01, so r/σ = ±1/√2 with sigmaWindow 2. */
function alternating(length: number): Float64Array {
  return Float64Array.from({ length }, (_, i) => (i % 2 === 0 ? 100 : 101))
}

function firstDefined(values: Float64Array): number {
  return values.findIndex((v) => !Number.isNaN(v))
}

const SMALL: VpinParams = { sigmaWindow: 10, buckets: 5, calibrationBars: 10, barsPerBucket: 3 }

describe('vpin: known answers', () => {
  it('is 1 for all-buy flow: steadily rising prices with tiny noise', () => {
    const normal = new NormalSampler(new SeededRandom(3))
    const close = Float64Array.from(
      { length: 2000 },
      (_, i) => 100 * Math.exp(0.001 * i + 1e-5 * normal.next()),
    )
    const volume = Float64Array.from({ length: 2000 }, (_, i) => 1000 + 500 * Math.sin(i))
    const out = vpin(close, volume)
    // r/σ is about 70, so Φ(r/σ) is 1 to the last bit: every bucket is all buys.
    expect(out[1999]).toBeGreaterThan(1 - 1e-12)
    expect(out[1999]).toBeLessThanOrEqual(1)
  })

  it('is 0 for balanced flow: each bucket holds one up bar and one down bar', () => {
    const close = alternating(40)
    const volume = new Float64Array(40).fill(1)
    const out = vpin(close, volume, { sigmaWindow: 2, bucketVolume: 2, buckets: 3 })
    // Bars 2..39 are bucketed in pairs (down, up): buy Φ(−z) + Φ(z) = 1 = sell.
    expect(Math.abs(out[39]!)).toBeLessThan(1e-15)
  })

  it('is erf(½)/3 when buckets hold three alternating bars (hand computation)', () => {
    // Bucketing starts at bar 2 (the first with two returns), a down bar. Buckets of 3 hold
    // (down, up, down) or (up, down, up): with z = 1/√2, |buy − sell| = Φ(z) − Φ(−z) = erf(z/√2)
    // = erf(½), so each bucket's imbalance is erf(½)/3 ≈ 0.1734999592710155.
    const close = alternating(30)
    const volume = new Float64Array(30).fill(1)
    const out = vpin(close, volume, { sigmaWindow: 2, bucketVolume: 3, buckets: 2 })
    expect(firstDefined(out)).toBe(7) // buckets complete at bars 4 and 7
    expect(out[7]).toBeCloseTo(erf(0.5) / 3, 12)
    expect(out[7]).toBeCloseTo(0.1734999592710155, 12)
    // The value holds between completions: bars 7..9 share it, and so does every later bar.
    expect(out[8]).toBe(out[7])
    expect(out[29]).toBeCloseTo(erf(0.5) / 3, 12)
  })

  it('classifies flat prices (σ = 0) half and half: VPIN 0', () => {
    const out = vpin(new Float64Array(100).fill(10), new Float64Array(100).fill(7), {
      sigmaWindow: 5,
      bucketVolume: 20,
      buckets: 4,
    })
    expect(out[99]).toBe(0)
  })

  it('sizes automatic buckets from the calibration bars', () => {
    // Mean volume 100 over the first 5 bars × 2 bars per bucket = 200. Bucketing starts at bar
    // max(sigmaWindow 3, calibrationBars − 1 = 4) = 4; buckets complete at bars 5 and 7.
    const close = Float64Array.from({ length: 20 }, (_, i) => 100 + i)
    const volume = new Float64Array(20).fill(100)
    const params = { sigmaWindow: 3, calibrationBars: 5, barsPerBucket: 2, buckets: 2 }
    const out = vpin(close, volume, params)
    expect(vpinEarliestBar(vpinIndicator.resolve(params))).toBe(4)
    expect(firstDefined(out)).toBe(7)
  })

  it('extends calibration past bars without volume', () => {
    // No volume in bars 0..9; bar 10 trades 50: bucket size = 50/11 × 2 ≈ 9.09, so bar 10 alone
    // completes 5 buckets.
    const close = Float64Array.from({ length: 15 }, (_, i) => 100 + (i % 3))
    const volume = Float64Array.from({ length: 15 }, (_, i) => (i < 10 ? 0 : 50))
    const out = vpin(close, volume, { sigmaWindow: 3, calibrationBars: 5, barsPerBucket: 2, buckets: 5 })
    expect(firstDefined(out)).toBe(10)
  })
})

describe('VolumeBuckets', () => {
  it('spills a bar over bucket boundaries, each part keeping its buy fraction (hand computation)', () => {
    const buckets = new VolumeBuckets(10, 5)
    expect(buckets.add(4, 0.5)).toBe(0) // partial: buy 2, sell 2
    expect(buckets.add(15, 1)).toBe(1) // completes 1 (buy 2 + 6, sell 2); 9 buy left over
    expect(buckets.add(3, 0)).toBe(1) // completes 2 (buy 9, sell 1); 2 sell left over
    expect(buckets.add(30, 0.25)).toBe(3) // 3: buy 2, sell 2 + 6; 4 and 5: buy 2.5, sell 7.5
    expect(buckets.partialVolume).toBe(2)
    const contents = Array.from({ length: buckets.held }, (_, i) => [
      buckets.buyVolume(i),
      buckets.sellVolume(i),
    ])
    expect(contents).toEqual([
      [8, 2],
      [9, 1],
      [2, 8],
      [2.5, 7.5],
      [2.5, 7.5],
    ])
    // Imbalances 0.6, 0.8, 0.6, 0.5, 0.5.
    expect(buckets.meanImbalance()).toBeCloseTo(0.6, 15)
  })

  it('conserves volume: completed buckets plus the unfinished one hold exactly what was fed', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            volume: fc.double({ min: 0, max: 500, noNaN: true }),
            fraction: fc.double({ min: 0, max: 1, noNaN: true }),
          }),
          { maxLength: 60 },
        ),
        fc.double({ min: 1, max: 100, noNaN: true }),
        (bars, size) => {
          const buckets = new VolumeBuckets(size, 100_000)
          let fed = 0
          let completed = 0
          for (const { volume, fraction } of bars) {
            fed += volume
            completed += buckets.add(volume, fraction)
          }
          expect(completed).toBe(buckets.completed)
          let inBuckets = 0
          for (let i = 0; i < buckets.held; i++) {
            const volume = buckets.buyVolume(i) + buckets.sellVolume(i)
            expect(Math.abs(volume - size)).toBeLessThanOrEqual(1e-9 * size)
            inBuckets += volume
          }
          expect(Math.abs(inBuckets + buckets.partialVolume - fed)).toBeLessThanOrEqual(
            1e-9 * Math.max(1, fed),
          )
          expect(buckets.partialVolume).toBeLessThan(size)
        },
      ),
    )
  })

  it('skips buckets a huge bar would overwrite anyway, keeping the count', () => {
    const buckets = new VolumeBuckets(1, 3)
    expect(buckets.add(100.5, 0.9)).toBe(100)
    expect(buckets.completed).toBe(100)
    expect(buckets.held).toBe(3)
    expect(buckets.partialVolume).toBeCloseTo(0.5, 12)
    expect(buckets.meanImbalance()).toBeCloseTo(0.8, 12)
  })

  it('refuses a size that is not positive', () => {
    expect(() => new VolumeBuckets(0, 5)).toThrow(TradePulseError)
    expect(() => new VolumeBuckets(10, 0)).toThrow(/capacity/)
  })
})

describe('vpin: the registry contract, with a warm-up that depends on the data', () => {
  it('streams exactly what the batch computes, non-finite rows included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.constantFrom(0, 0.03),
        fc.constantFrom<VpinParams>(SMALL, { ...SMALL, bucketVolume: 2500 }, { sigmaWindow: 2, buckets: 1 }),
        (seed, nonFiniteRate, params) => {
          const { close, volume } = randomInputs({ length: 320, seed, nonFiniteRate })
          const batch = vpinIndicator.compute({ close, volume }, params).value
          const stream = vpinIndicator.create(params)
          const streamed = close.map((c, i) => stream.update({ close: c, volume: volume[i]! }).value)
          expect(firstMismatch(streamed, batch)).toBe(-1)
        },
      ),
      { numRuns: 25 },
    )
  })

  it('never lets later data change an earlier value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), fc.integer({ min: 0, max: 318 }), (seed, cut) => {
        const original = randomInputs({ length: 320, seed })
        const altered = randomInputs({ length: 320, seed: seed + 1 })
        altered.close.set(original.close.subarray(0, cut + 1))
        altered.volume.set(original.volume.subarray(0, cut + 1))
        const before = vpin(original.close, original.volume, SMALL)
        const after = vpin(altered.close, altered.volume, SMALL)
        expect(firstMismatch(before.subarray(0, cut + 1), after.subarray(0, cut + 1), 0)).toBe(-1)
      }),
      { numRuns: 25 },
    )
  })

  it('skips a non-finite row as if it were absent', () => {
    const clean = randomInputs({ length: 200, seed: 7 })
    const close = new Float64Array(201)
    const volume = new Float64Array(201)
    close.set(clean.close.subarray(0, 100))
    close.set(clean.close.subarray(100), 101)
    volume.set(clean.volume.subarray(0, 100))
    volume.set(clean.volume.subarray(100), 101)
    close[100] = Number.NaN
    volume[100] = 1e9 // would complete every bucket if it were not skipped
    const expected = vpin(clean.close, clean.volume, SMALL)
    const actual = vpin(close, volume, SMALL)
    expect(actual[100]).toBeNaN()
    const merged = Float64Array.of(...actual.subarray(0, 100), ...actual.subarray(101))
    expect(firstMismatch(merged, expected, 0)).toBe(-1)
  })

  it('is NaN before warmup(params) and defined ever after its first value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), (seed) => {
        const { close, volume } = randomInputs({ length: 320, seed })
        const out = vpin(close, volume, SMALL)
        const first = firstDefined(out)
        expect(first).toBeGreaterThanOrEqual(vpinIndicator.warmup(vpinIndicator.resolve(SMALL)))
        for (let i = first; i < out.length; i++) expect(out[i]).not.toBeNaN()
      }),
      { numRuns: 10 },
    )
  })

  it('has a first value whose row depends on the volumes, so no warmup(params) can be exact', () => {
    const { close, volume } = randomInputs({ length: 320, seed: 12 })
    // Same calibration (bars 0..9), triple volume afterwards: buckets fill three times as fast.
    const heavier = volume.map((v, i) => (i >= 10 ? 3 * v : v))
    expect(firstDefined(vpin(close, heavier, SMALL))).toBeLessThan(firstDefined(vpin(close, volume, SMALL)))
  })

  it('starts where the volume bucketed since bar max(sigmaWindow, calibrationBars − 1) fills `buckets` buckets', () => {
    // The estimate docs/indicators.md gives for the real start, exact on positive volumes.
    for (const params of [SMALL, {}, { ...SMALL, bucketVolume: 2500 }] as VpinParams[]) {
      const p = vpinIndicator.resolve(params)
      const { close, volume } = randomInputs({ length: 2000, seed: 31 })
      let calibration = 0
      for (let i = 0; i < p.calibrationBars; i++) calibration += volume[i]!
      const size = p.bucketVolume > 0 ? p.bucketVolume : (calibration / p.calibrationBars) * p.barsPerBucket
      let bucketed = 0
      let expected = -1
      for (let t = vpinEarliestBar(p); t < close.length && expected < 0; t++) {
        bucketed += volume[t]!
        if (bucketed >= p.buckets * size) expected = t
      }
      expect(expected, JSON.stringify(params)).toBeGreaterThan(vpinEarliestBar(p))
      expect(firstDefined(vpin(close, volume, params)), JSON.stringify(params)).toBe(expected)
    }
  })

  it('refuses a negative bucket volume and non-positive bars per bucket, naming them', () => {
    for (const [params, field] of [
      [{ bucketVolume: -1 }, 'vpin.bucketVolume'],
      [{ barsPerBucket: 0 }, 'vpin.barsPerBucket'],
      [{ sigmaWindow: 1 }, 'vpin.sigmaWindow'],
      [{ buckets: 0 }, 'vpin.buckets'],
    ] as const) {
      expect(() => vpinIndicator.resolve(params)).toThrow(TradePulseError)
      try {
        vpinIndicator.resolve(params)
      } catch (e) {
        expect((e as TradePulseError).location.field).toBe(field)
      }
    }
  })

  it('streams through the typed class too, and resets', () => {
    const { close, volume } = randomInputs({ length: 300, seed: 21 })
    const batch = vpin(close, volume, SMALL)
    const stream = new Vpin(SMALL)
    const first = close.map((c, i) => stream.update({ close: c, volume: volume[i]! }))
    expect(first).toEqual(batch)
    expect(stream.update({ close: Number.NaN, volume: 1 })).toBeNaN()
    stream.reset()
    expect(close.map((c, i) => stream.update({ close: c, volume: volume[i]! }))).toEqual(batch)
  })
})
