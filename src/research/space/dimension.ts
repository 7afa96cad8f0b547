/**
 * The values one dimension of a parameter space takes (src/strategy/space.ts declares them): the
 * list a grid walks, a seeded draw for random search, and a nearby value for a genetic mutation.
 * Every value produced is inside the dimension: on its step grid when it has one, within its
 * bounds always, so a search never proposes what the space did not declare.
 *
 * Grid values are computed as lo + k·step (never by repeated addition) and rounded to 12
 * significant digits, so 0.1 + 2·0.1 is written 0.3 in results and keys, not 0.30000000000000004.
 */
import type { UniformSource } from '../../data/simulator/random.ts'
import { DEFAULT_FLOAT_STEPS, type SpaceDimension, type SpaceValue } from '../../strategy/space.ts'

/** A point of a space: one value per dimension, in the space's key order. */
export type ParamPoint = Readonly<Record<string, SpaceValue>>

interface Range {
  readonly lo: number
  readonly hi: number
  /** Undefined: continuous. */
  readonly step: number | undefined
  readonly log: boolean
  readonly integer: boolean
}

function rangeOf(dimension: SpaceDimension): Range | undefined {
  if ('int' in dimension) {
    const [lo, hi] = dimension.int
    return { lo, hi, step: dimension.step ?? 1, log: dimension.log ?? false, integer: true }
  }
  if ('float' in dimension) {
    const [lo, hi] = dimension.float
    return { lo, hi, step: dimension.step, log: dimension.log ?? false, integer: false }
  }
  return undefined
}

/** `x` to 12 significant digits, kept within the bounds the rounding might cross. */
function tidy(range: Range, x: number): number {
  return Math.min(range.hi, Math.max(range.lo, Number(x.toPrecision(12))))
}

/** How many grid points a stepped range has: lo + k·step for k = 0 … count − 1, all ≤ hi. */
function stepCount(range: Range, step: number): number {
  // The 1e-9 tolerance keeps hi itself when (hi − lo) / step is a whole number in decimal but not in binary.
  return Math.floor((range.hi - range.lo) / step + 1e-9) + 1
}

/** The values a grid search takes, in order. */
export function gridValues(dimension: SpaceDimension): readonly SpaceValue[] {
  const range = rangeOf(dimension)
  if (range === undefined) return (dimension as { choice: readonly SpaceValue[] }).choice
  if (range.step !== undefined) {
    const step = range.step
    return Array.from({ length: stepCount(range, step) }, (_, k) => tidy(range, range.lo + k * step))
  }
  const steps = 'float' in dimension ? (dimension.steps ?? DEFAULT_FLOAT_STEPS) : DEFAULT_FLOAT_STEPS
  if (range.hi === range.lo || steps === 1) return [range.lo]
  const values: number[] = []
  for (let k = 0; k < steps; k++) {
    const t = k / (steps - 1)
    values.push(
      k === steps - 1
        ? range.hi
        : tidy(
            range,
            range.log ? range.lo * (range.hi / range.lo) ** t : range.lo + (range.hi - range.lo) * t,
          ),
    )
  }
  return values
}

/** The number of values a grid takes along this dimension. */
export function gridLength(dimension: SpaceDimension): number {
  const range = rangeOf(dimension)
  if (range === undefined) return (dimension as { choice: readonly SpaceValue[] }).choice.length
  if (range.step !== undefined) return stepCount(range, range.step)
  return gridValues(dimension).length
}

/** The value nearest `x` that the dimension can take: clamped, and snapped to its step. */
function snap(range: Range, x: number): number {
  const clamped = Math.min(range.hi, Math.max(range.lo, x))
  if (range.step === undefined) return clamped
  const k = Math.min(
    stepCount(range, range.step) - 1,
    Math.max(0, Math.round((clamped - range.lo) / range.step)),
  )
  return tidy(range, range.lo + k * range.step)
}

/** A uniform draw (in log space with `log`). */
export function sampleValue(dimension: SpaceDimension, random: UniformSource): SpaceValue {
  const range = rangeOf(dimension)
  if (range === undefined) {
    const choices = (dimension as { choice: readonly SpaceValue[] }).choice
    return choices[Math.floor(random.nextFloat() * choices.length)]!
  }
  if (!range.log && range.step !== undefined) {
    // Uniform over the grid points, not over the line: each value is equally likely.
    const k = Math.floor(random.nextFloat() * stepCount(range, range.step))
    return tidy(range, range.lo + k * range.step)
  }
  const u = random.nextFloat()
  if (range.log) return snap(range, range.lo * (range.hi / range.lo) ** u)
  // Continuous, so a float range always; an int range always has a step.
  return range.lo + (range.hi - range.lo) * u
}

/**
 * A value near `value`: a choice is replaced by another one (never itself, when there is another);
 * a number moves by a normal step of a tenth of the range (of log(range) with `log`), at least one
 * grid step, then is clamped and snapped. `normal` supplies N(0, 1) draws.
 */
export function mutateValue(
  dimension: SpaceDimension,
  value: SpaceValue,
  random: UniformSource,
  normal: () => number,
): SpaceValue {
  const range = rangeOf(dimension)
  if (range === undefined) {
    const choices = (dimension as { choice: readonly SpaceValue[] }).choice
    if (choices.length < 2) return choices[0]!
    const at = choices.indexOf(value)
    const k = Math.floor(random.nextFloat() * (choices.length - 1))
    return choices[at < 0 || k < at ? k : k + 1]!
  }
  if (range.hi === range.lo) return range.lo
  const x = value as number
  if (range.log) {
    const span = Math.log(range.hi / range.lo)
    return snap(range, x * Math.exp(0.1 * span * normal()))
  }
  let delta = 0.1 * (range.hi - range.lo) * normal()
  if (range.step !== undefined && Math.abs(delta) < range.step) delta = delta < 0 ? -range.step : range.step
  return snap(range, x + delta)
}
