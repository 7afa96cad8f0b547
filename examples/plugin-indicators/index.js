/**
 * A TradePulse indicator plugin: the default export is a list of indicator definitions, the same
 * objects the built-ins pass to `defineIndicator` (see docs/plugins.md). TradePulse checks each
 * one and adds the shared parts (parameter validation, the non-finite rule, the batch face with
 * caller buffers); the contract test that every built-in keeps runs over these too.
 *
 * Both indicators compute their batch face by feeding their own stream, so the two faces agree
 * by construction; a kernel only ever sees finite inputs.
 */
// Plain JavaScript, as a package is published: the shapes are TradePulse's IndicatorKernel.
/* eslint-disable @typescript-eslint/explicit-function-return-type, @typescript-eslint/explicit-module-boundary-types */
import { z } from 'zod'

const period = (fallback, min, description) =>
  z.number().int().min(min).default(fallback).describe(description)

/** Feeds every value to `stream`, writing each answer into `out`. */
function runOver(values, stream, out = new Float64Array(values.length)) {
  for (let i = 0; i < values.length; i++) out[i] = stream.update(values[i])
  return out
}

/**
 * Kaufman's efficiency ratio over `period` changes: |x_t − x_{t−period}| divided by the sum of
 * |x_i − x_{i−1}| over the same span. 1 is a straight line, 0 a walk that went nowhere (and a flat
 * window, where there was no path at all). O(1) per update: a ring of the last period + 1 values
 * and a running sum of absolute changes; the ratio is clamped to [0, 1] because rounding in the
 * running sum can carry it an ulp past its bounds.
 */
class EfficiencyRatio {
  constructor(period) {
    this.period = period
    this.window = new Float64Array(period + 1)
    this.reset()
  }

  update(x) {
    const n = this.window.length
    if (this.count > 0) this.path += Math.abs(x - this.window[(this.next + n - 1) % n])
    if (this.count === n) {
      const oldest = this.window[this.next]
      this.path -= Math.abs(this.window[(this.next + 1) % n] - oldest)
    }
    this.window[this.next] = x
    this.next = (this.next + 1) % n
    if (this.count < n) this.count++
    if (this.count < n) return Number.NaN
    const net = Math.abs(x - this.window[this.next])
    if (net === 0 || !(this.path > 0)) return 0
    return Math.min(1, net / this.path)
  }

  reset() {
    this.window.fill(0)
    this.next = 0
    this.count = 0
    this.path = 0
  }
}

/**
 * The z-score of the close over `period` closes, with the population deviation: how far the
 * latest close sits from the window's mean. The mean and deviation are recomputed from the
 * window at each update (two passes, O(period)), so a large price level with a small spread does
 * not cancel; a flat window has z = 0. |z| cannot exceed √(period − 1) (Samuelson's inequality),
 * and is clamped there against rounding.
 */
class CloseZscore {
  constructor(period) {
    this.period = period
    this.window = new Float64Array(period)
    this.bound = Math.sqrt(period - 1)
    this.reset()
  }

  update(x) {
    this.window[this.next] = x
    this.next = (this.next + 1) % this.period
    if (this.count < this.period) this.count++
    if (this.count < this.period) return Number.NaN
    let sum = 0
    let lowest = x
    let highest = x
    for (const v of this.window) {
      sum += v
      if (v < lowest) lowest = v
      if (v > highest) highest = v
    }
    if (lowest === highest) return 0
    const mean = sum / this.period
    let squares = 0
    for (const v of this.window) squares += (v - mean) * (v - mean)
    const std = Math.sqrt(squares / this.period)
    const z = (x - mean) / std
    return Math.max(-this.bound, Math.min(this.bound, z))
  }

  reset() {
    this.window.fill(0)
    this.next = 0
    this.count = 0
  }
}

/** A stream reading one input column of the row and writing the output `value`. */
function valueStream(input, inner) {
  const out = { value: Number.NaN }
  return {
    update(row) {
      out.value = inner.update(row[input])
      return out
    },
    reset() {
      inner.reset()
    },
  }
}

const efficiencyRatioParams = z.strictObject({
  period: period(10, 1, 'Number of bar-to-bar changes in the window'),
})

export const efficiencyRatio = {
  name: 'efficiency-ratio',
  title: 'Kaufman efficiency ratio',
  category: 'trend',
  description:
    'Net change over `period` bars divided by the sum of the absolute bar-to-bar changes: 1 a straight line, 0 no progress.',
  inputs: ['value'],
  outputs: ['value'],
  params: efficiencyRatioParams,
  ranges: () => ({ value: { min: 0, max: 1 } }),
  warmup: (p) => p.period,
  batch: (inputs, p, into) => ({ value: runOver(inputs.value, new EfficiencyRatio(p.period), into?.value) }),
  stream: (p) => valueStream('value', new EfficiencyRatio(p.period)),
}

const closeZscoreParams = z.strictObject({
  period: period(20, 2, 'Number of closes in the window'),
})

export const closeZscore = {
  name: 'close-zscore',
  title: 'Z-score of the close',
  category: 'statistics',
  description:
    'Distance of the latest close from the mean of the last `period` closes, in population standard deviations (0 on a flat window).',
  inputs: ['close'],
  outputs: ['value'],
  params: closeZscoreParams,
  ranges: (p) => ({ value: { min: -Math.sqrt(p.period - 1), max: Math.sqrt(p.period - 1) } }),
  warmup: (p) => p.period - 1,
  batch: (inputs, p, into) => ({ value: runOver(inputs.close, new CloseZscore(p.period), into?.value) }),
  stream: (p) => valueStream('close', new CloseZscore(p.period)),
}

export default [efficiencyRatio, closeZscore]
