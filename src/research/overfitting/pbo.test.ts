import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TradePulseError } from '../../domain/errors.ts'
import { type PerformanceMetric, probabilityOfBacktestOverfitting } from './pbo.ts'
import { sharpeMoments } from './sharpe-moments.ts'
import { noiseTrials, plantedTrials } from './testing/trials.ts'

/** Two rows per block, m + 1 and m − 1, so each block's mean is m. */
function twoRowBlocks(blockMeans: readonly number[]): Float64Array {
  return Float64Array.from(blockMeans.flatMap((m) => [m + 1, m - 1]))
}

function relativeDifference(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(1, Math.abs(expected))
}

/** Every S/2-subset of 0 … S − 1, in lexicographic order. */
function lexicographicHalves(partitions: number): number[][] {
  const halves: number[][] = []
  const extend = (prefix: number[], next: number): void => {
    if (prefix.length === partitions / 2) {
      halves.push(prefix)
      return
    }
    for (let b = next; b < partitions; b++) extend([...prefix, b], b + 1)
  }
  extend([], 0)
  return halves
}

describe('probabilityOfBacktestOverfitting', () => {
  it('works a three-trial, four-block example by hand', () => {
    // T = 8 returns (in percent, whole numbers so every sum is exact), N = 3 trials, S = 4 blocks
    // of 2 rows. Block means:      block 0  1  2  3
    //                      trial A:      0 −3  2 −3
    //                      trial B:      3  4  0 −3
    //                      trial C:      4  1  1  3
    // Scored by mean return. Half means are the averages of two block means; the table lists
    // them doubled (the sums) to stay whole. n* is the best in-sample trial, its rank among the
    // out-of-sample sums counts from 1 (worst), ω̄ = rank / 4, λ = ln(ω̄ / (1 − ω̄)):
    //   IS {0,1}: A −3, B 7, C 5 → B; OOS {2,3}: A −1, B −3, C 4 → rank 1, ω̄ ¼, λ = −ln 3
    //   IS {0,2}: A 2, B 3, C 5  → C; OOS {1,3}: A −6, B 1, C 4 → rank 3, ω̄ ¾, λ = ln 3
    //   IS {0,3}: A −3, B 0, C 7 → C; OOS {1,2}: A −1, B 4, C 2 → rank 2, ω̄ ½, λ = 0
    //   IS {1,2}: A −1, B 4, C 2 → B; OOS {0,3}: A −3, B 0, C 7 → rank 2, ω̄ ½, λ = 0
    //   IS {1,3}: A −6, B 1, C 4 → C; OOS {0,2}: A 2, B 3, C 5  → rank 3, ω̄ ¾, λ = ln 3
    //   IS {2,3}: A −1, B −3, C 4 → C; OOS {0,1}: A −3, B 7, C 5 → rank 2, ω̄ ½, λ = 0
    // λ ≤ 0 in 4 of 6 combinations (a median out-of-sample rank counts as overfit): PBO = 2/3.
    // n*'s out-of-sample means −1.5, 2, 1, 0, 2.5, 2.5: one loss in six.
    // In-sample means 3.5, 2.5, 3.5, 2, 2, 2. Least squares: mean in 31/12, mean out 13/12,
    // Σ(dx·dy) = −85/24, Σdx² = 65/24, slope −17/13, intercept 13/12 + 17/13 · 31/12 = 58/13.
    const performance = [
      twoRowBlocks([0, -3, 2, -3]),
      twoRowBlocks([3, 4, 0, -3]),
      twoRowBlocks([4, 1, 1, 3]),
    ]
    const result = probabilityOfBacktestOverfitting(performance, { partitions: 4, metric: 'mean' })
    const ln3 = Math.log(3) // ln(¾ / ¼); ln(¼ / ¾) is computed as ln(1/3), a hair away from −ln 3
    const third = Math.log(1 / 3)
    expect(result.combinations).toBe(6)
    expect(Array.from(result.selectedTrials)).toEqual([1, 2, 2, 1, 2, 2])
    expect(Array.from(result.relativeRanks)).toEqual([0.25, 0.75, 0.5, 0.5, 0.75, 0.5])
    expect(Array.from(result.logits)).toEqual([third, ln3, 0, 0, ln3, 0])
    expect(Array.from(result.inSample)).toEqual([3.5, 2.5, 3.5, 2, 2, 2])
    expect(Array.from(result.outOfSample)).toEqual([-1.5, 2, 1, 0, 2.5, 2.5])
    expect(result.probability).toBe(4 / 6)
    expect(result.probabilityOfLoss).toBe(1 / 6)
    expect(result.degradation.slope).toBeCloseTo(-17 / 13, 14)
    expect(result.degradation.intercept).toBeCloseTo(58 / 13, 14)
    expect(result).toMatchObject({ partitions: 4, trials: 3, observations: 8 })
  })

  it('breaks an in-sample tie against the selection, and shares ranks among out-of-sample ties', () => {
    // Block means A: 4 2 −1 −3, B: 0 1 2 1, C: −2 0 3 1 (mean return).
    //   IS {0,3}: A 1, B 1, C −1 (sums): A and B tie; OOS {1,2}: A 1, B 3, C 3. The tie goes to
    //   A, the lower out of sample: rank 1, λ = −ln 3 (picking B would have given rank 2.5).
    //   IS {1,2}: A 1, B 3, C 3: B and C tie; OOS {0,3}: A 1, B 1, C −1. The tie goes to C:
    //   rank 1, λ = −ln 3.
    //   IS {1,3}: A −1, B 2, C 1 → B; OOS {0,2}: A 3, B 2, C 1 → rank 2, λ = 0.
    const performance = [
      twoRowBlocks([4, 2, -1, -3]),
      twoRowBlocks([0, 1, 2, 1]),
      twoRowBlocks([-2, 0, 3, 1]),
    ]
    const result = probabilityOfBacktestOverfitting(performance, { partitions: 4, metric: 'mean' })
    expect(result.selectedTrials[2], 'IS {0,3}').toBe(0)
    expect(result.logits[2]).toBe(Math.log(1 / 3))
    expect(result.selectedTrials[3], 'IS {1,2}').toBe(2)
    expect(result.logits[3]).toBe(Math.log(1 / 3))
    expect(result.logits[4], 'IS {1,3}').toBe(0)
  })

  it('finds identical trials indistinguishable: every rank is the median and PBO is 1', () => {
    const column = Float64Array.from([0.01, -0.02, 0.03, 0.01, -0.01, 0.02, 0, 0.01])
    const result = probabilityOfBacktestOverfitting([column, column.slice(), column.slice()], {
      partitions: 4,
    })
    expect(Array.from(result.relativeRanks)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5])
    expect(result.probability).toBe(1)
  })

  it('scores halves by Sharpe ratio by default, as sharpeMoments does on the same rows', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 1, max: 3 }).map((k) => 2 * k),
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (trials, partitions, extraRows, seed) => {
          const observations = 2 * partitions + extraRows
          const performance = noiseTrials(seed, trials, observations)
          const result = probabilityOfBacktestOverfitting(performance, { partitions })
          const starts = Array.from({ length: partitions + 1 }, (_, b) =>
            Math.floor((b * observations) / partitions),
          )
          lexicographicHalves(partitions).forEach((inBlocks, c) => {
            const column = performance[result.selectedTrials[c]!]!
            const rows = (blocks: number[]): number[] =>
              blocks.flatMap((b) => Array.from(column.subarray(starts[b], starts[b + 1])))
            const outBlocks = starts.slice(0, partitions).flatMap((_, b) => (inBlocks.includes(b) ? [] : [b]))
            // Relative: a half of two close returns can have a Sharpe ratio in the hundreds.
            const direct = (blocks: number[]): number => sharpeMoments(rows(blocks)).sharpe
            expect(relativeDifference(result.inSample[c]!, direct(inBlocks))).toBeLessThan(1e-9)
            expect(relativeDifference(result.outOfSample[c]!, direct(outBlocks))).toBeLessThan(1e-9)
          })
        },
      ),
      { numRuns: 40 },
    )
  })

  it('finds pure noise overfit: over many data sets the in-sample winner is below the median half the time', () => {
    // One noise data set alone can give anything from about 0.2 to 0.9 (seeds 1–40 at N = 100,
    // T = 1000 ranged 0.17–0.91, mean 0.53): the trial whose full-sample Sharpe ratio is luckily
    // high tends to win both halves, and CSCV cannot tell that luck from skill. So the planted
    // answer is checked where it is sharp, on the average over 20 independent data sets.
    let pbo = 0
    let loss = 0
    const dataSets = 20
    for (let seed = 1; seed <= dataSets; seed++) {
      const result = probabilityOfBacktestOverfitting(noiseTrials(seed, 50, 500))
      expect(result.combinations).toBe(12_870)
      pbo += result.probability / dataSets
      loss += result.probabilityOfLoss / dataSets
    }
    expect(pbo).toBeGreaterThanOrEqual(0.4)
    expect(pbo).toBeLessThanOrEqual(0.65)
    expect(loss, 'zero-mean returns lose out of sample about half the time').toBeGreaterThan(0.3)
  })

  it('finds a genuine edge among noise trials not overfit', () => {
    // Trial 17 earns 0.2% a period on 1% volatility; the 99 others are noise.
    const drifts = Array.from({ length: 100 }, (_, n) => (n === 17 ? 0.002 : 0))
    const result = probabilityOfBacktestOverfitting(
      plantedTrials({ seed: 99, observations: 1000, volatility: 0.01, drifts }),
    )
    expect(result.probability).toBeLessThan(0.1)
    expect(result.probabilityOfLoss).toBeLessThan(0.01)
    const pickedEdge = result.selectedTrials.filter((n) => n === 17).length
    expect(pickedEdge / result.combinations, 'the edge wins in sample').toBeGreaterThan(0.9)
  })

  it('lies in [0, 1], with every relative rank inside (0, 1) and every λ finite', () => {
    fc.assert(
      fc.property(matrices(), ({ performance, partitions }) => {
        const result = probabilityOfBacktestOverfitting(performance, { partitions })
        expect(result.probability).toBeGreaterThanOrEqual(0)
        expect(result.probability).toBeLessThanOrEqual(1)
        for (const rank of result.relativeRanks) {
          expect(rank).toBeGreaterThan(0)
          expect(rank).toBeLessThan(1)
        }
        for (const logit of result.logits) expect(Number.isFinite(logit)).toBe(true)
      }),
    )
  })

  it('does not depend on the order of the trials, ties included', () => {
    fc.assert(
      fc.property(
        matrices().chain((m) =>
          fc
            .shuffledSubarray(
              m.performance.map((_, n) => n),
              { minLength: m.performance.length },
            )
            .map((order) => ({ ...m, order })),
        ),
        fc.constantFrom<PerformanceMetric>('sharpe', 'mean'),
        ({ performance, partitions, order }, metric) => {
          const original = probabilityOfBacktestOverfitting(performance, { partitions, metric })
          const permuted = probabilityOfBacktestOverfitting(
            order.map((n) => performance[n]!),
            { partitions, metric },
          )
          expect(permuted.probability).toBe(original.probability)
          expect(permuted.logits).toEqual(original.logits)
          expect(permuted.inSample).toEqual(original.inSample)
          expect(permuted.outOfSample).toEqual(original.outOfSample)
        },
      ),
    )
  })

  it('takes any metric of count, mean and standard deviation', () => {
    const performance = [
      twoRowBlocks([0, -3, 2, -3]),
      twoRowBlocks([3, 4, 0, -3]),
      twoRowBlocks([4, 1, 1, 3]),
    ]
    const byMean = probabilityOfBacktestOverfitting(performance, { partitions: 4, metric: 'mean' })
    const byTotal = probabilityOfBacktestOverfitting(performance, {
      partitions: 4,
      metric: ({ count, mean }) => count * mean,
    })
    expect(byTotal.logits).toEqual(byMean.logits)
    expect(Array.from(byTotal.inSample)).toEqual([14, 10, 14, 8, 8, 8])
  })

  it('refuses what it cannot use, naming the argument', () => {
    const column = Float64Array.from({ length: 8 }, (_, t) => (t % 3) - 1)
    const messageOf = (run: () => unknown): string => {
      try {
        run()
      } catch (error) {
        if (error instanceof TradePulseError && error.code === 'RESEARCH_INVALID_INPUT') return error.message
        throw error
      }
      return 'no error'
    }
    expect(messageOf(() => probabilityOfBacktestOverfitting([column]))).toBe(
      'performance: need at least 2 trials (columns) to compare, got 1',
    )
    expect(
      messageOf(() => probabilityOfBacktestOverfitting([column, column.subarray(1)], { partitions: 4 })),
    ).toBe('performance: trial 1 has 7 returns but trial 0 has 8: every trial needs the same periods')
    expect(
      messageOf(() =>
        probabilityOfBacktestOverfitting([column, [0, 0, NaN, 0, 0, 0, 0, 0]], { partitions: 4 }),
      ),
    ).toBe('performance: trial 1, period 2 is NaN, not a finite number')
    for (const partitions of [3, 0, 22, 2.5])
      expect(messageOf(() => probabilityOfBacktestOverfitting([column, column], { partitions }))).toBe(
        `partitions: must be an even whole number from 2 to 20, was ${partitions}`,
      )
    expect(messageOf(() => probabilityOfBacktestOverfitting([column, column]))).toBe(
      'partitions: 16 blocks need at least 16 periods, but the trials have 8',
    )
    expect(
      messageOf(() =>
        probabilityOfBacktestOverfitting([column, column], { partitions: 2, metric: () => NaN }),
      ),
    ).toBe('metric: returned NaN for trial 0 over 4 periods')
  })
})

/** Small matrices of whole-number returns, ties likely, with a partition count that fits them. */
function matrices(): fc.Arbitrary<{ performance: Float64Array[]; partitions: number }> {
  return fc
    .record({
      trials: fc.integer({ min: 2, max: 6 }),
      partitions: fc.constantFrom(2, 4, 6),
      extraRows: fc.integer({ min: 0, max: 12 }),
    })
    .chain(({ trials, partitions, extraRows }) =>
      fc
        .array(
          fc.array(fc.integer({ min: -3, max: 3 }), {
            minLength: partitions + extraRows,
            maxLength: partitions + extraRows,
          }),
          {
            minLength: trials,
            maxLength: trials,
          },
        )
        .map((columns) => ({
          performance: columns.map((c) => Float64Array.from(c, (x) => x / 100)),
          partitions,
        })),
    )
}
