/**
 * The probability of backtest overfitting (PBO), estimated by combinatorially symmetric
 * cross-validation (CSCV): Bailey, Borwein, López de Prado & Zhu, "The Probability of Backtest
 * Overfitting", Journal of Computational Finance 20(4), 2017 (working paper 2015, SSRN 2326253).
 *
 * Input: N trials (strategy configurations), each a column of the same T period returns. The T
 * rows are cut into S contiguous blocks. For each of the C(S, S/2) ways of taking S/2 blocks as
 * the in-sample set (the other S/2 out-of-sample):
 * 1. every trial is scored on its in-sample rows (Sharpe ratio unless another metric is given)
 *    and the best in-sample trial n* is selected, as a researcher would;
 * 2. n*'s out-of-sample score is ranked among all N trials' out-of-sample scores:
 *    rank 1 is the worst, N the best, and the relative rank is ω̄ = rank / (N + 1), the paper's
 *    convention, which keeps ω̄ inside (0, 1);
 * 3. its logit λ = ln(ω̄ / (1 − ω̄)) is positive when n* stays above the out-of-sample median.
 * PBO is the share of combinations with λ ≤ 0: how often the in-sample winner is no better than
 * the median out of sample. Pure noise gives PBO ≈ ½; a real edge, PBO near 0.
 *
 * Also returned, per combination: n*, its in- and out-of-sample scores (the performance
 * degradation pairs, with the least-squares slope of out- on in-sample; a negative slope is the
 * paper's sign of overfitting), and the probability of loss, the share of combinations whose n*
 * scores below 0 out of sample.
 *
 * Choices the paper leaves open:
 * - When T is not a multiple of S, block b holds rows ⌊b·T/S⌋ … ⌊(b+1)·T/S⌋ − 1, so block sizes
 *   differ by at most one and no row is dropped.
 * - Ties: a tie for best in-sample goes to the tied trial with the lowest out-of-sample score (a
 *   tie never flatters the selection), and tied out-of-sample scores share their average rank.
 *   Both make the result independent of the order of the trials.
 * - A trial with no dispersion over a half (constant returns) has a Sharpe ratio of +∞, −∞ or 0
 *   by the sign of its mean, so it still ranks.
 * - Combinations are enumerated in lexicographic order of their in-sample block indices:
 *   combination 0 is blocks {0, 1, …, S/2 − 1} in-sample.
 *
 * Cost: each block's count, sum and sum of squares is computed once per trial (two passes over
 * the T × N matrix: one for the trial's mean, one for the blocks); a combination then costs
 * O(N·S/2): the in-sample figures add up S/2 blocks and the out-of-sample ones are the trial's
 * totals minus them. Sums are taken about each trial's overall mean, so the variance from
 * Σx² − (Σx)²/n does not cancel catastrophically.
 * Metrics are therefore functions of a half's count, mean and standard deviation; a metric
 * that needs the path (drawdown) cannot be expressed, a known limit of this implementation.
 */
import { invalidInput } from './input-error.ts'

/** What a metric sees of a trial over a set of blocks. */
export interface ReturnSummary {
  readonly count: number
  readonly mean: number
  /** Sample standard deviation (n − 1 in the denominator); 0 for a single return. */
  readonly standardDeviation: number
}

/**
 * How trials are scored: 'sharpe' (mean / sample standard deviation, per period), 'mean' (mean
 * return), or a function of the summary. Larger is better.
 */
export type PerformanceMetric = 'sharpe' | 'mean' | ((summary: ReturnSummary) => number)

export interface OverfittingOptions {
  /** S, the number of blocks: even, from 2 to MAX_PARTITIONS; 16 unless given. */
  readonly partitions?: number
  readonly metric?: PerformanceMetric
}

export interface PerformanceDegradation {
  /** Least-squares slope of out-of-sample on in-sample scores; null when undefined. */
  readonly slope: number | null
  readonly intercept: number | null
}

export interface BacktestOverfitting {
  /** PBO: the share of combinations with λ ≤ 0. */
  readonly probability: number
  /** The share of combinations whose selected trial scores below 0 out of sample. */
  readonly probabilityOfLoss: number
  readonly degradation: PerformanceDegradation
  /** S. */
  readonly partitions: number
  /** C(S, S/2). */
  readonly combinations: number
  /** N. */
  readonly trials: number
  /** T. */
  readonly observations: number
  /** λ per combination. */
  readonly logits: Float64Array
  /** ω̄ = rank / (N + 1) per combination. */
  readonly relativeRanks: Float64Array
  /** n*, the index of the best in-sample trial, per combination. */
  readonly selectedTrials: Int32Array
  /** n*'s in-sample score per combination. */
  readonly inSample: Float64Array
  /** n*'s out-of-sample score per combination. */
  readonly outOfSample: Float64Array
}

export const DEFAULT_PARTITIONS = 16

/** C(20, 10) = 184,756 combinations; each further step of 2 multiplies the work by about 4. */
export const MAX_PARTITIONS = 20

/**
 * PBO and its companions for `performance`, N columns of T period returns. Throws
 * RESEARCH_INVALID_INPUT naming `performance`, `partitions` or `metric`.
 */
export function probabilityOfBacktestOverfitting(
  performance: readonly ArrayLike<number>[],
  options: OverfittingOptions = {},
): BacktestOverfitting {
  const partitions = options.partitions ?? DEFAULT_PARTITIONS
  const metric = options.metric ?? 'sharpe'
  const observations = checkPerformance(performance)
  checkPartitions(partitions, observations)
  const trials = performance.length
  const half = partitions / 2
  const blocks = blockSums(performance, partitions)
  const score = scorer(metric)

  const combinations = binomial(partitions, half)
  const logits = new Float64Array(combinations)
  const relativeRanks = new Float64Array(combinations)
  const selectedTrials = new Int32Array(combinations)
  const inSample = new Float64Array(combinations)
  const outOfSample = new Float64Array(combinations)
  const inScores = new Float64Array(trials)
  const outScores = new Float64Array(trials)
  const chosen = Int32Array.from({ length: half }, (_, i) => i)

  for (let c = 0; c < combinations; c++) {
    let inCount = 0
    for (let k = 0; k < half; k++) inCount += blocks.counts[chosen[k]!]!
    const outCount = observations - inCount
    for (let n = 0; n < trials; n++) {
      const row = n * partitions
      let sum = 0
      let squares = 0
      for (let k = 0; k < half; k++) {
        const b = row + chosen[k]!
        sum += blocks.sums[b]!
        squares += blocks.squares[b]!
      }
      const shift = blocks.shifts[n]!
      inScores[n] = score(inCount, shift, sum, squares, n)
      outScores[n] = score(outCount, shift, blocks.totalSums[n]! - sum, blocks.totalSquares[n]! - squares, n)
    }
    const selected = selectBest(inScores, outScores)
    const relativeRank = averageRank(outScores, outScores[selected]!) / (trials + 1)
    logits[c] = Math.log(relativeRank / (1 - relativeRank))
    relativeRanks[c] = relativeRank
    selectedTrials[c] = selected
    inSample[c] = inScores[selected]!
    outOfSample[c] = outScores[selected]!
    nextCombination(chosen, partitions)
  }

  let overfit = 0
  let losses = 0
  for (let c = 0; c < combinations; c++) {
    if (logits[c]! <= 0) overfit++
    if (outOfSample[c]! < 0) losses++
  }
  return {
    probability: overfit / combinations,
    probabilityOfLoss: losses / combinations,
    degradation: leastSquares(inSample, outOfSample),
    partitions,
    combinations,
    trials,
    observations,
    logits,
    relativeRanks,
    selectedTrials,
    inSample,
    outOfSample,
  }
}

/** T, after checking that there are at least 2 columns, all of it, all finite. */
function checkPerformance(performance: readonly ArrayLike<number>[]): number {
  if (performance.length < 2)
    throw invalidInput(
      'performance',
      `need at least 2 trials (columns) to compare, got ${performance.length}`,
    )
  const observations = performance[0]!.length
  for (let n = 0; n < performance.length; n++) {
    const column = performance[n]!
    if (column.length !== observations)
      throw invalidInput(
        'performance',
        `trial ${n} has ${column.length} returns but trial 0 has ${observations}: every trial needs the same periods`,
      )
    for (let t = 0; t < observations; t++) {
      const value = column[t]!
      if (!Number.isFinite(value))
        throw invalidInput('performance', `trial ${n}, period ${t} is ${value}, not a finite number`)
    }
  }
  return observations
}

function checkPartitions(partitions: number, observations: number): void {
  if (!Number.isInteger(partitions) || partitions < 2 || partitions % 2 !== 0 || partitions > MAX_PARTITIONS)
    throw invalidInput(
      'partitions',
      `must be an even whole number from 2 to ${MAX_PARTITIONS}, was ${partitions}`,
    )
  if (observations < partitions)
    throw invalidInput(
      'partitions',
      `${partitions} blocks need at least ${partitions} periods, but the trials have ${observations}`,
    )
}

/** Per trial and block (index n·S + b): count, and sum and sum of squares about the trial's mean. */
interface BlockSums {
  readonly counts: Int32Array
  readonly shifts: Float64Array
  readonly sums: Float64Array
  readonly squares: Float64Array
  readonly totalSums: Float64Array
  readonly totalSquares: Float64Array
}

function blockSums(performance: readonly ArrayLike<number>[], partitions: number): BlockSums {
  const trials = performance.length
  const observations = performance[0]!.length
  const starts = Int32Array.from({ length: partitions + 1 }, (_, b) =>
    Math.floor((b * observations) / partitions),
  )
  const counts = Int32Array.from({ length: partitions }, (_, b) => starts[b + 1]! - starts[b]!)
  const shifts = new Float64Array(trials)
  const sums = new Float64Array(trials * partitions)
  const squares = new Float64Array(trials * partitions)
  const totalSums = new Float64Array(trials)
  const totalSquares = new Float64Array(trials)
  for (let n = 0; n < trials; n++) {
    const column = performance[n]!
    let total = 0
    for (let t = 0; t < observations; t++) total += column[t]!
    const shift = total / observations
    shifts[n] = shift
    let trialSum = 0
    let trialSquares = 0
    for (let b = 0; b < partitions; b++) {
      let sum = 0
      let square = 0
      for (let t = starts[b]!; t < starts[b + 1]!; t++) {
        const deviation = column[t]! - shift
        sum += deviation
        square += deviation * deviation
      }
      sums[n * partitions + b] = sum
      squares[n * partitions + b] = square
      trialSum += sum
      trialSquares += square
    }
    totalSums[n] = trialSum
    totalSquares[n] = trialSquares
  }
  return { counts, shifts, sums, squares, totalSums, totalSquares }
}

/** Scores a trial from the count, shift, and shifted sum and sum of squares of its rows. */
type Scorer = (count: number, shift: number, sum: number, squares: number, trial: number) => number

function scorer(metric: PerformanceMetric): Scorer {
  if (metric === 'mean') return (count, shift, sum) => shift + sum / count
  if (metric === 'sharpe')
    return (count, shift, sum, squares) => {
      const mean = shift + sum / count
      const deviation = standardDeviation(count, sum, squares)
      if (deviation > 0) return mean / deviation
      return mean > 0 ? Infinity : mean < 0 ? -Infinity : 0
    }
  if (typeof metric !== 'function')
    throw invalidInput('metric', `must be 'sharpe', 'mean' or a function, was ${String(metric)}`)
  return (count, shift, sum, squares, trial) => {
    const value = metric({
      count,
      mean: shift + sum / count,
      standardDeviation: standardDeviation(count, sum, squares),
    })
    if (Number.isNaN(value))
      throw invalidInput('metric', `returned NaN for trial ${trial} over ${count} periods`)
    return value
  }
}

/** Sample standard deviation from sums about a shift; rounding below 0 is clamped. */
function standardDeviation(count: number, sum: number, squares: number): number {
  if (count < 2) return 0
  return Math.sqrt(Math.max(0, squares - (sum * sum) / count) / (count - 1))
}

/** The best in-sample trial; among ties, the one that scores lowest out of sample. */
function selectBest(inScores: Float64Array, outScores: Float64Array): number {
  let best = 0
  for (let n = 1; n < inScores.length; n++) {
    const score = inScores[n]!
    const top = inScores[best]!
    if (score > top || (score === top && outScores[n]! < outScores[best]!)) best = n
  }
  return best
}

/** 1-based rank of `value` among `scores`, ascending; ties share their average rank. */
function averageRank(scores: Float64Array, value: number): number {
  let below = 0
  let equal = 0
  for (let n = 0; n < scores.length; n++) {
    const score = scores[n]!
    if (score < value) below++
    else if (score === value) equal++
  }
  return below + (equal + 1) / 2
}

/** Advances `chosen` (ascending block indices) to the next combination in lexicographic order. */
function nextCombination(chosen: Int32Array, partitions: number): void {
  const size = chosen.length
  let i = size - 1
  while (i >= 0 && chosen[i] === partitions - size + i) i--
  if (i < 0) return // the last combination
  chosen[i] = chosen[i]! + 1
  for (let j = i + 1; j < size; j++) chosen[j] = chosen[j - 1]! + 1
}

function binomial(n: number, k: number): number {
  let result = 1
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i
  return Math.round(result)
}

/** out = intercept + slope · in, by least squares; null when in does not vary or a score is infinite. */
function leastSquares(x: Float64Array, y: Float64Array): PerformanceDegradation {
  const count = x.length
  let meanX = 0
  let meanY = 0
  for (let i = 0; i < count; i++) {
    meanX += x[i]!
    meanY += y[i]!
  }
  meanX /= count
  meanY /= count
  if (!Number.isFinite(meanX) || !Number.isFinite(meanY)) return { slope: null, intercept: null }
  let covariance = 0
  let variance = 0
  for (let i = 0; i < count; i++) {
    const dx = x[i]! - meanX
    covariance += dx * (y[i]! - meanY)
    variance += dx * dx
  }
  if (variance === 0) return { slope: null, intercept: null }
  const slope = covariance / variance
  return { slope, intercept: meanY - slope * meanX }
}
