import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type BaselineMetric,
  calibrate,
  compareWithBaseline,
  comparisonTable,
  failed,
  median,
  relativeNoise,
} from './bench-baseline.ts'
import type { BenchMetric, Better } from './bench-ratios.ts'

const metric = (key: string, value: number, better: Better = 'higher'): BenchMetric => ({
  key,
  value,
  better,
})

function base(value: number, threshold: number, better: Better = 'higher'): BaselineMetric {
  return { value, better, noise: threshold / 4, threshold, samples: [value] }
}

describe('relativeNoise', () => {
  it('is the scaled median absolute deviation over the median, untouched by one wild run', () => {
    // median 10, deviations 0.5, 0.5, 0, 0.5, 40 → MAD 0.5
    expect(relativeNoise([9.5, 10.5, 10, 9.5, 50])).toBeCloseTo((1.4826 * 0.5) / 10, 12)
    expect(relativeNoise([7, 7, 7])).toBe(0)
    expect(median([3, 1, 2, 10])).toBe(2.5)
  })
})

describe('calibrate', () => {
  it('keeps per ratio the median and sets the threshold to max(floor, factor × noise)', () => {
    const runs = [
      [metric('quiet', 10), metric('noisy', 100, 'lower')],
      [metric('quiet', 10), metric('noisy', 80, 'lower')],
      [metric('quiet', 10), metric('noisy', 120, 'lower')],
    ]
    const baseline = calibrate(runs, { floor: 0.05, factor: 4 })
    expect(baseline.quiet).toEqual({
      value: 10,
      better: 'higher',
      noise: 0,
      threshold: 0.05,
      samples: [10, 10, 10],
    })
    // median 100, MAD 20 → noise 0.29652, threshold 4 × that
    expect(baseline.noisy!.value).toBe(100)
    expect(baseline.noisy!.better).toBe('lower')
    expect(baseline.noisy!.noise).toBeCloseTo(0.29652, 10)
    expect(baseline.noisy!.threshold).toBeCloseTo(1.18608, 10)
  })

  it('refuses a rule without a positive floor and factor, naming them', () => {
    expect(() => calibrate([], { floor: 0, factor: 4 })).toThrow(/rule\.floor and rule\.factor/)
  })
})

describe('compareWithBaseline', () => {
  it('catches a ratio that moved the wrong way beyond its threshold, in either orientation', () => {
    const rows = compareWithBaseline({ faster: base(10, 0.05), time: base(2, 0.1, 'lower') }, [
      [metric('faster', 9.4), metric('time', 2.3, 'lower')],
    ])
    expect(rows.map((r) => [r.key, r.verdict])).toEqual([
      ['faster', 'regression'],
      ['time', 'regression'],
    ])
    expect(rows[0]!.change).toBeCloseTo(-0.06, 12)
    expect(rows[1]!.change).toBeCloseTo(0.15, 12)
    expect(failed(rows)).toBe(true)
  })

  it('tolerates noise within the threshold and calls a large move the right way an improvement', () => {
    const rows = compareWithBaseline({ a: base(10, 0.2), b: base(10, 0.2, 'lower'), c: base(10, 0.05) }, [
      [metric('a', 8.2), metric('b', 11.9, 'lower'), metric('c', 12)],
    ])
    expect(rows.map((r) => r.verdict)).toEqual(['ok', 'ok', 'improved'])
    expect(failed(rows)).toBe(false)
  })

  it('compares the median of several runs, so one bad run does not fail the check', () => {
    const rows = compareWithBaseline({ a: base(10, 0.05) }, [
      [metric('a', 10.1)],
      [metric('a', 3)],
      [metric('a', 9.9)],
    ])
    expect(rows[0]).toMatchObject({ now: 9.9, verdict: 'ok' })
  })

  it('reports a ratio no longer measured as missing (a failure) and an unknown one as new (not one)', () => {
    const missing = compareWithBaseline({ gone: base(5, 0.05) }, [[metric('fresh', 3, 'lower')]])
    expect(missing).toEqual([
      {
        key: 'gone',
        better: 'higher',
        baseline: 5,
        now: undefined,
        change: undefined,
        threshold: 0.05,
        verdict: 'missing',
      },
      {
        key: 'fresh',
        better: 'lower',
        baseline: undefined,
        now: 3,
        change: undefined,
        threshold: undefined,
        verdict: 'new',
      },
    ])
    expect(failed(missing)).toBe(true)
    expect(failed(compareWithBaseline({}, [[metric('fresh', 3)]]))).toBe(false)
  })

  it('never calls a move within the threshold a regression, whatever the figures', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        fc.double({ min: 0.05, max: 2, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.constantFrom<Better>('higher', 'lower'),
        (value, threshold, fraction, better) => {
          // A move of up to 99% of the threshold, in either direction.
          const now = value * (1 + 0.99 * fraction * Math.min(threshold, 0.99))
          const [row] = compareWithBaseline({ k: base(value, threshold, better) }, [
            [metric('k', now, better)],
          ])
          return row!.verdict === 'ok'
        },
      ),
    )
  })
})

describe('comparisonTable', () => {
  it('prints baseline, now, change, threshold and verdict per ratio, failures in bold', () => {
    const rows = compareWithBaseline({ 'ingest: ours / csv-parse, rows/s': base(3.6, 0.12) }, [
      [metric('ingest: ours / csv-parse, rows/s', 2.7)],
    ])
    expect(comparisonTable(rows)).toEqual([
      '| ratio | better | baseline | now | change | threshold | verdict |',
      '|---|---|---|---|---|---|---|',
      '| ingest: ours / csv-parse, rows/s | higher | 3.60 | 2.70 | -25.0% | 12.0% | **regression** |',
    ])
  })
})
