/**
 * What an indicator is to the rest of TradePulse: a named kernel with a parameter schema, the
 * input columns it reads, the output columns it writes, its warm-up length, and its two faces —
 * batch over typed arrays, streaming one row at a time — which agree to 1e-9 (a property test over
 * the whole registry checks that, and causality, for every indicator).
 *
 * A kernel only ever sees finite inputs of one length. `defineIndicator` wraps it with the parts
 * every indicator shares: parameter validation, input checks, and the non-finite rule — a row
 * with a non-finite value in any input the indicator reads yields NaN in every output at that
 * row, and is otherwise skipped, as if it were not in the series (so a window of 20 covers the 20
 * most recent finite rows).
 */
import type { z } from 'zod'
import { TradePulseError } from '../../domain/errors.ts'
import { type ParamSchema, describeParams, parseParams } from './params.ts'
import { type StreamingIndicator, isFiniteNumber } from './streaming.ts'

export type IndicatorCategory = 'trend' | 'momentum' | 'volatility' | 'volume' | 'statistics' | 'geometric'

/**
 * Input columns. `value` is any single series (the close, unless the caller picks another
 * field); `time` is the bar's open time in Unix milliseconds; `benchmark` is a second series
 * aligned on the same bars (for correlation and beta).
 */
export type BarInputName = 'value' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'time' | 'benchmark'

/**
 * Order-flow columns, which bars alone do not carry: the volume bought and sold by aggressors
 * (`buyVolume`, `sellVolume`), and the best quotes and their sizes at the bar's close (`bid`,
 * `ask`, `bidSize`, `askSize`). Trade and quote data have them; for bar data
 * `inputsFromSeries` classifies the volume (tick rule or bulk volume classification) and leaves
 * the quote columns out, so an indicator that reads them fails naming the missing column.
 */
export type OrderFlowInputName = 'buyVolume' | 'sellVolume' | 'bid' | 'ask' | 'bidSize' | 'askSize'

export type InputName = BarInputName | OrderFlowInputName

export const BAR_INPUT_NAMES: readonly BarInputName[] = [
  'value',
  'open',
  'high',
  'low',
  'close',
  'volume',
  'time',
  'benchmark',
]
export const ORDER_FLOW_INPUT_NAMES: readonly OrderFlowInputName[] = [
  'buyVolume',
  'sellVolume',
  'bid',
  'ask',
  'bidSize',
  'askSize',
]

export type InputColumns<I extends InputName> = Readonly<Record<I, Float64Array>>
export type InputRow<I extends InputName> = Readonly<Record<I, number>>
export type OutputColumns<O extends string> = Record<O, Float64Array>
/** The row a streaming update returns. It is reused by the next update: copy what you keep. */
export type OutputRow<O extends string> = Readonly<Record<O, number>>

/** A closed interval an output never leaves (NaN aside); an infinite end leaves that side open. */
export interface OutputRange {
  readonly min: number
  readonly max: number
}

export interface IndicatorKernel<S extends ParamSchema, I extends InputName, O extends string> {
  /** Registry key: lower-case, digits and dashes (`sma`, `bollinger`, `ricci`). */
  readonly name: string
  readonly title: string
  readonly category: IndicatorCategory
  /** One or two sentences for `indicators list`; the full story is in docs/indicators.md. */
  readonly description: string
  readonly inputs: readonly I[]
  readonly outputs: readonly O[]
  readonly params: S
  /**
   * True when a non-finite value anywhere in the inputs is bound to make the last row of every
   * output non-finite (a running sum or a recursive average never recovers from NaN, and ±∞
   * turns into NaN once it leaves). The batch face then computes straight away and scans the
   * inputs only if the last row says it must, saving a pass over the data. A wrong claim is
   * caught by the contract test (stream and batch would disagree on data with non-finite rows).
   */
  readonly spreadsNonFinite?: boolean
  /**
   * The documented range of each bounded output under these parameters (an entropy's ceiling is
   * ln bins), on finite inputs whose bars are consistent (low ≤ open, close ≤ high; positive
   * prices where the indicator takes logarithms). Outputs left out are unbounded (%B, a moving
   * average). A promise, not a hope: where rounding could cross a bound the kernel clamps, and the
   * contract test checks every value of every declared output against it.
   */
  ranges?(params: z.output<S>): Partial<Record<O, OutputRange>>
  /** True when the warm-up depends on the data, so `warmup` is only a lower bound (see above). */
  readonly dataDependentWarmup?: boolean
  /**
   * Index of the first row at which every output is defined, when all inputs are finite: rows
   * before it are NaN in at least one output. `time`, the bars' open times, lets an indicator that
   * buckets by time (multi-scale Kuramoto, market phase) count the rows its buckets take in this
   * series — exact for any bar size, gaps and start; without it, it assumes contiguous one-minute
   * bars from a bucket boundary. Other indicators count rows and ignore it. With
   * `dataDependentWarmup`, the earliest such row: the outputs may start later, depending on the
   * data (VPIN waits for volume to fill buckets).
   */
  warmup(params: z.output<S>, time?: Float64Array): number
  /**
   * Computes every output over inputs that are finite and of one length. A kernel may write into
   * the arrays of `into` (same length as the inputs) instead of allocating; one that does not is
   * still correct, the wrapper copies.
   */
  batch(inputs: InputColumns<I>, params: z.output<S>, into?: Partial<OutputColumns<O>>): OutputColumns<O>
  /** A streaming object that will only ever be fed finite rows. */
  stream(params: z.output<S>): StreamingIndicator<InputRow<I>, OutputRow<O>>
}

export interface Indicator<
  S extends ParamSchema,
  I extends InputName,
  O extends string,
> extends IndicatorKernel<S, I, O> {
  /** Validates parameters and fills in defaults; throws INDICATOR_INVALID_PARAMS. */
  resolve(params?: z.input<S>): z.output<S>
  /**
   * Batch face with validation and the non-finite rule. With `into`, the named outputs are
   * written into the caller's arrays (which must have the inputs' length) and returned: a loop
   * that recomputes over the same length allocates nothing.
   */
  compute(inputs: InputColumns<I>, params?: z.input<S>, into?: Partial<OutputColumns<O>>): OutputColumns<O>
  /** Streaming face with validation and the non-finite rule. */
  create(params?: z.input<S>): StreamingIndicator<InputRow<I>, OutputRow<O>>
  /** The parameter schema as JSON Schema. */
  describeParams(): Record<string, unknown>
}

/** Any registered indicator, with its types erased for the registry, the CLI and the API. */
export type AnyIndicator = Indicator<ParamSchema, InputName, string>

const NAME_PATTERN = /^[a-z][a-z0-9-]*$/

export function defineIndicator<S extends ParamSchema, I extends InputName, O extends string>(
  kernel: IndicatorKernel<S, I, O>,
): Indicator<S, I, O> {
  if (!NAME_PATTERN.test(kernel.name))
    throw new Error(`indicator name "${kernel.name}" is not lower-case-dashed`)
  const resolve = (params?: z.input<S>): z.output<S> => parseParams(kernel.name, kernel.params, params)
  return {
    ...kernel,
    warmup: (params, time) => kernel.warmup(params, time),
    batch: (inputs, params, into) => kernel.batch(inputs, params, into),
    stream: (params) => kernel.stream(params),
    resolve,
    compute: (inputs, params, into) => computeSkippingNonFinite(kernel, inputs, resolve(params), into),
    create: (params) => new SkippingStream(kernel, kernel.stream(resolve(params))),
    describeParams: () => describeParams(kernel.params),
  }
}

function computeSkippingNonFinite<S extends ParamSchema, I extends InputName, O extends string>(
  kernel: IndicatorKernel<S, I, O>,
  inputs: InputColumns<I>,
  params: z.output<S>,
  into: Partial<OutputColumns<O>> | undefined,
): OutputColumns<O> {
  const columns = checkedColumns(kernel, inputs)
  const length = columns[0]?.length ?? 0
  if (into !== undefined) checkInto(kernel, into, length)
  if (kernel.spreadsNonFinite === true && length > 0) {
    const computed = kernel.batch(inputs, params, into)
    if (kernel.outputs.every((name) => isFiniteNumber(computed[name][length - 1]!))) {
      return adopt(kernel.outputs, computed, into)
    }
  }
  const valid = finiteRows(columns, length)
  if (valid === undefined) return adopt(kernel.outputs, kernel.batch(inputs, params, into), into)

  let kept = 0
  for (let i = 0; i < length; i++) kept += valid[i]!
  const compact = {} as Record<I, Float64Array>
  for (const name of kernel.inputs) {
    const source = inputs[name]
    const target = new Float64Array(kept)
    for (let i = 0, j = 0; i < length; i++) if (valid[i] === 1) target[j++] = source[i]!
    compact[name] = target
  }
  const computed = kernel.batch(compact, params)
  const result = {} as OutputColumns<O>
  for (const name of kernel.outputs) {
    const source = computed[name]
    const target = into?.[name] ?? new Float64Array(length)
    for (let i = 0, j = 0; i < length; i++) target[i] = valid[i] === 1 ? source[j++]! : Number.NaN
    result[name] = target
  }
  return result
}

function checkedColumns<I extends InputName>(
  kernel: { readonly name: string; readonly inputs: readonly I[] },
  inputs: InputColumns<I>,
): Float64Array[] {
  const columns: Float64Array[] = []
  for (const name of kernel.inputs) {
    const column = (inputs as Partial<Record<I, Float64Array>>)[name]
    if (!(column instanceof Float64Array)) {
      throw new TradePulseError(
        'INDICATOR_INVALID_INPUT',
        `${kernel.name}: input "${name}" is missing${missingHint(name)}`,
        {
          field: name,
        },
      )
    }
    const first = columns[0]
    if (first !== undefined && column.length !== first.length) {
      throw new TradePulseError(
        'INDICATOR_INVALID_INPUT',
        `${kernel.name}: input "${name}" has ${column.length} values, "${kernel.inputs[0]!}" has ${first.length}`,
        { field: name },
      )
    }
    columns.push(column)
  }
  return columns
}

/** Why a column can be missing, for the order-flow columns bar data does not have. */
export function missingHint(name: InputName): string {
  switch (name) {
    case 'bid':
    case 'ask':
    case 'bidSize':
    case 'askSize':
      return ' (bars carry no quotes: it comes from quote or book data)'
    case 'buyVolume':
    case 'sellVolume':
      return ' (trade data carries it; inputsFromSeries classifies bar volume into it)'
    default:
      return ''
  }
}

/** The computed columns, moved into the caller's buffers where the kernel did not write there itself. */
function adopt<O extends string>(
  outputs: readonly O[],
  computed: OutputColumns<O>,
  into: Partial<OutputColumns<O>> | undefined,
): OutputColumns<O> {
  if (into === undefined) return computed
  for (const name of outputs) {
    const target = into[name]
    if (target === undefined || target === computed[name]) continue
    target.set(computed[name])
    computed[name] = target
  }
  return computed
}

function checkInto<O extends string>(
  kernel: { readonly name: string; readonly outputs: readonly O[] },
  into: Partial<OutputColumns<O>>,
  length: number,
): void {
  for (const [name, target] of Object.entries<Float64Array | undefined>(into)) {
    if (!kernel.outputs.includes(name as O)) {
      throw new TradePulseError('INDICATOR_INVALID_INPUT', `${kernel.name}: "${name}" is not an output`, {
        field: name,
      })
    }
    if (!(target instanceof Float64Array) || target.length !== length) {
      throw new TradePulseError(
        'INDICATOR_INVALID_INPUT',
        `${kernel.name}: output buffer "${name}" must be a Float64Array of length ${length}`,
        { field: name },
      )
    }
  }
}

/** undefined when every row is finite (the common case, one pass); else 1 for a finite row. */
function finiteRows(columns: readonly Float64Array[], length: number): Uint8Array | undefined {
  let firstBad = -1
  for (const column of columns) {
    for (let i = 0; i < length; i++) {
      const x = column[i]!
      if (x - x !== 0) {
        firstBad = firstBad === -1 ? i : Math.min(firstBad, i)
        break
      }
    }
  }
  if (firstBad === -1) return undefined
  const valid = new Uint8Array(length).fill(1)
  for (const column of columns) {
    for (let i = firstBad; i < length; i++) if (!isFiniteNumber(column[i]!)) valid[i] = 0
  }
  return valid
}

class SkippingStream<I extends InputName, O extends string> implements StreamingIndicator<
  InputRow<I>,
  OutputRow<O>
> {
  readonly #inputs: readonly I[]
  readonly #inner: StreamingIndicator<InputRow<I>, OutputRow<O>>
  readonly #skipped: OutputRow<O>

  constructor(
    kernel: { readonly inputs: readonly I[]; readonly outputs: readonly O[] },
    inner: StreamingIndicator<InputRow<I>, OutputRow<O>>,
  ) {
    this.#inputs = kernel.inputs
    this.#inner = inner
    const skipped = {} as Record<O, number>
    for (const name of kernel.outputs) skipped[name] = Number.NaN
    this.#skipped = Object.freeze(skipped)
  }

  update(row: InputRow<I>): OutputRow<O> {
    for (let i = 0; i < this.#inputs.length; i++) {
      const name = this.#inputs[i]!
      const value = row[name] as number | undefined
      if (typeof value !== 'number') {
        throw new TradePulseError(
          'INDICATOR_INVALID_INPUT',
          `input "${name}" is missing from the row${missingHint(name)}`,
          {
            field: name,
          },
        )
      }
      if (!isFiniteNumber(value)) return this.#skipped
    }
    return this.#inner.update(row)
  }

  reset(): void {
    this.#inner.reset()
  }
}
