/**
 * The contract every registered indicator keeps, checked by property tests over random series:
 * - streaming equals batch (to 1e-9 relative) at every row, non-finite rows included;
 * - causality: changing the data after row t never changes an output at or before t;
 * - warm-up: on finite data, rows before `warmup` have a NaN output and rows from it on have none;
 * - the non-finite rule: a row with a non-finite input is NaN in every output and is skipped;
 * - every output with a declared range stays inside it, on random walks with flat stretches;
 * - invalid parameters are an INDICATOR_INVALID_PARAMS error naming the parameter.
 *
 * It runs over the built-ins and over every indicator of the sample plugin in
 * examples/plugin-indicators, loaded through the allowlist as a project would load it: a plugin's
 * indicator is held to the same contract.
 */
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TradePulseError } from '../domain/errors.ts'
import type { AnyIndicator, InputName, OutputRange } from './core/definition.ts'
import { kuramotoFromPrices, kuramotoPanel } from './geometric/kuramoto.ts'
import { EXAMPLE_ALLOWLIST, EXAMPLE_PLUGIN_PATH, REPOSITORY_ROOT } from '../plugins/testing/example-plugin.ts'
import { loadIndicatorPlugins } from '../plugins/indicator-plugins.ts'
import { INDICATORS, getIndicator } from './registry.ts'
import { type RandomColumns, firstMismatch, randomInputs, rowAt } from './testing/random-inputs.ts'

interface IntegerParam {
  readonly name: string
  readonly min: number
  readonly fallback: number
}

function integerParams(indicator: AnyIndicator): IntegerParam[] {
  const schema = indicator.describeParams() as {
    properties?: Record<string, { type?: string; minimum?: number; default?: unknown }>
  }
  return Object.entries(schema.properties ?? {}).flatMap(([name, p]) =>
    p.type === 'integer' && typeof p.default === 'number'
      ? [{ name, min: p.minimum ?? 1, fallback: p.default }]
      : [],
  )
}

/** Small random integer parameters (so short series get past the warm-up), or the defaults. */
function paramsArbitrary(indicator: AnyIndicator): fc.Arbitrary<Record<string, number>> {
  const record: Record<string, fc.Arbitrary<number>> = {}
  for (const p of integerParams(indicator)) {
    record[p.name] = fc.integer({ min: p.min, max: Math.max(p.min, Math.min(p.fallback, p.min + 40)) })
  }
  return fc.record(record).map((candidate) => {
    try {
      indicator.resolve(candidate)
      return candidate
    } catch {
      return {}
    }
  })
}

function pick(indicator: AnyIndicator, columns: RandomColumns): Record<InputName, Float64Array> {
  const inputs = {} as Record<InputName, Float64Array>
  for (const name of indicator.inputs) inputs[name] = columns[name]
  return inputs
}

const RUNS = 25

const registry = await loadIndicatorPlugins([EXAMPLE_PLUGIN_PATH], {
  cwd: REPOSITORY_ROOT,
  allowlist: EXAMPLE_ALLOWLIST,
})
const PLUGIN_INDICATORS = registry.indicators.filter((i) => !INDICATORS.includes(i))

/**
 * Holds every price column at its value on row `from` for `length` rows (flat bars: open = high =
 * low = close), with no volume when `silent` — the degenerate data where the documented edge values
 * (RSI 50, %K 50, H 0.5…) apply and where rounding most easily crosses a bound.
 */
function flatten(columns: RandomColumns, from: number, length: number, silent: boolean): void {
  const to = Math.min(from + length, columns.close.length)
  const level = columns.close[from]
  const benchmark = columns.benchmark[from]
  if (level === undefined || benchmark === undefined) return
  for (const name of ['value', 'open', 'high', 'low', 'close'] as const) columns[name].fill(level, from, to)
  columns.benchmark.fill(benchmark, from, to)
  if (silent) {
    columns.volume.fill(0, from, to)
    columns.buyVolume.fill(0, from, to)
    columns.sellVolume.fill(0, from, to)
  }
}

/** The first value outside `range` in `values` (NaN aside), as a message, or undefined. */
function outsideRange(values: Float64Array, range: OutputRange): string | undefined {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (v < range.min || v > range.max) return `row ${i}: ${v} is outside [${range.min}, ${range.max}]`
  }
  return undefined
}

describe.each(registry.indicators.map((i) => [i.name, i] as const))('%s', (_name, indicator) => {
  it('streams exactly what the batch computes, non-finite rows included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.integer({ min: 0, max: 320 }),
        fc.constantFrom(0, 0.03),
        paramsArbitrary(indicator),
        (seed, length, nonFiniteRate, params) => {
          const columns = randomInputs({ length, seed, nonFiniteRate })
          const batch = indicator.compute(pick(indicator, columns), params)
          const stream = indicator.create(params)
          const streamed = indicator.outputs.map(() => new Float64Array(length))
          for (let i = 0; i < length; i++) {
            const row = stream.update(rowAt(columns, i))
            indicator.outputs.forEach((name, k) => (streamed[k]![i] = row[name]!))
          }
          indicator.outputs.forEach((name, k) => {
            const at = firstMismatch(streamed[k]!, batch[name]!)
            expect(
              at,
              `${name} differs at row ${at}: stream ${streamed[k]![at]} batch ${batch[name]![at]}`,
            ).toBe(-1)
          })
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('never lets later data change an earlier value', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.integer({ min: 2, max: 320 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        paramsArbitrary(indicator),
        (seed, length, cutFraction, params) => {
          const cut = Math.floor(cutFraction * (length - 1))
          const original = randomInputs({ length, seed })
          const altered = randomInputs({ length, seed: seed + 1 })
          for (const name of Object.keys(original) as InputName[]) {
            // Same past, different future: rows 0..cut are the original's.
            altered[name].set(original[name].subarray(0, cut + 1))
          }
          const before = indicator.compute(pick(indicator, original), params)
          const after = indicator.compute(pick(indicator, altered), params)
          for (const name of indicator.outputs) {
            const at = firstMismatch(before[name]!.subarray(0, cut + 1), after[name]!.subarray(0, cut + 1), 0)
            expect(at, `${name} at row ${at} depends on rows after ${cut}`).toBe(-1)
          }
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('is defined from its warm-up on (exactly, unless the warm-up depends on the data)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), paramsArbitrary(indicator), (seed, params) => {
        const dataDependent = indicator.dataDependentWarmup === true
        const length = indicator.warmup(indicator.resolve(params)) + (dataDependent ? 1500 : 40)
        const inputs = randomInputs({ length, seed })
        // Given the bars' times, the warm-up is counted on them; these are one-minute bars, which
        // indicators that bucket by time assume without them, so both give the same row.
        const warmup = indicator.warmup(indicator.resolve(params), inputs.time)
        expect(warmup).toBe(indicator.warmup(indicator.resolve(params)))
        const out = indicator.compute(pick(indicator, inputs), params)
        // A data-dependent warm-up is a lower bound: the outputs start at or after it, and stay.
        let defined = dataDependent ? Number.POSITIVE_INFINITY : warmup
        for (let i = 0; i < length; i++) {
          const undefinedOutputs = indicator.outputs.filter((name) => Number.isNaN(out[name]![i]))
          if (undefinedOutputs.length === 0 && i < defined) defined = i
          if (i < warmup)
            expect(undefinedOutputs.length, `row ${i} is before the warm-up ${warmup}`).toBeGreaterThan(0)
          else if (i >= defined)
            expect(undefinedOutputs, `row ${i} is after the outputs started at ${defined}`).toEqual([])
        }
        expect(defined, 'the outputs never started').toBeLessThan(length)
      }),
      { numRuns: 10 },
    )
  })

  it('skips a non-finite row as if it were absent', () => {
    const length = indicator.warmup(indicator.resolve({})) + 60
    const clean = randomInputs({ length, seed: 7 })
    const dirty = randomInputs({ length: length + 1, seed: 7 })
    const hole = Math.floor(length / 2)
    for (const name of Object.keys(clean) as InputName[]) {
      dirty[name].set(clean[name].subarray(0, hole))
      dirty[name].set(clean[name].subarray(hole), hole + 1)
      dirty[name][hole] = clean[name][hole]!
    }
    dirty[indicator.inputs[0]!][hole] = Number.NaN
    const expected = indicator.compute(pick(indicator, clean))
    const actual = indicator.compute(pick(indicator, dirty))
    for (const name of indicator.outputs) {
      expect(Number.isNaN(actual[name]![hole]), `${name} at the hole`).toBe(true)
      const merged = new Float64Array(length)
      merged.set(actual[name]!.subarray(0, hole))
      merged.set(actual[name]!.subarray(hole + 1), hole)
      expect(firstMismatch(merged, expected[name]!, 0)).toBe(-1)
    }
  })

  it('writes into caller buffers exactly what it would return', () => {
    for (const nonFiniteRate of [0, 0.05]) {
      const length = indicator.warmup(indicator.resolve({})) + 50
      const inputs = pick(indicator, randomInputs({ length, seed: 11, nonFiniteRate }))
      const expected = indicator.compute(inputs)
      const into = Object.fromEntries(
        indicator.outputs.map((name) => [name, new Float64Array(length).fill(42)]),
      )
      const actual = indicator.compute(inputs, {}, into)
      for (const name of indicator.outputs) {
        expect(actual[name], name).toBe(into[name])
        expect(firstMismatch(into[name]!, expected[name]!, 0), name).toBe(-1)
      }
    }
    expect(() =>
      indicator.compute(
        pick(indicator, randomInputs({ length: 5, seed: 1 })),
        {},
        { nope: new Float64Array(5) },
      ),
    ).toThrow(/"nope" is not an output/)
    const first = indicator.outputs[0]!
    expect(() =>
      indicator.compute(
        pick(indicator, randomInputs({ length: 5, seed: 1 })),
        {},
        { [first]: new Float64Array(4) },
      ),
    ).toThrow(/must be a Float64Array of length 5/)
  })

  it.runIf(indicator.ranges !== undefined)('keeps every output inside its declared range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.integer({ min: 0, max: 400 }),
        fc.constantFrom(0, 0.03),
        fc.constantFrom(0.0005, 0.01, 0.08),
        fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.nat(120) }),
        fc.boolean(),
        paramsArbitrary(indicator),
        (seed, length, nonFiniteRate, volatility, flat, silent, params) => {
          const columns = randomInputs({ length, seed, nonFiniteRate, volatility })
          flatten(columns, Math.floor(flat.at * length), flat.length, silent)
          const ranges = indicator.ranges?.(indicator.resolve(params)) ?? {}
          const batch = indicator.compute(pick(indicator, columns), params)
          const stream = indicator.create(params)
          const streamed = Object.fromEntries(
            indicator.outputs.map((name) => [name, new Float64Array(length)]),
          )
          for (let i = 0; i < length; i++) {
            const row = stream.update(rowAt(columns, i))
            for (const name of indicator.outputs) streamed[name]![i] = row[name]!
          }
          for (const [name, range] of Object.entries(ranges)) {
            if (range === undefined) continue
            expect(outsideRange(batch[name]!, range), `${name} (batch)`).toBeUndefined()
            expect(outsideRange(streamed[name]!, range), `${name} (stream)`).toBeUndefined()
          }
        },
      ),
      { numRuns: 40 },
    )
  })

  it('declares ranges only for outputs it has', () => {
    const ranges = indicator.ranges?.(indicator.resolve({})) ?? {}
    for (const [name, range] of Object.entries(ranges)) {
      expect(indicator.outputs, name).toContain(name)
      expect(range!.min, name).toBeLessThanOrEqual(range!.max)
    }
  })

  it('refuses parameters it does not have', () => {
    expect(() => indicator.resolve({ notAParameter: 1 })).toThrow(/unknown parameter "notAParameter"/)
  })

  it('refuses an out-of-range window', () => {
    for (const p of integerParams(indicator)) {
      const error = (() => {
        try {
          indicator.resolve({ [p.name]: p.min - 1 })
        } catch (e) {
          return e
        }
        return undefined
      })()
      expect(error, p.name).toBeInstanceOf(TradePulseError)
      expect((error as TradePulseError).code).toBe('INDICATOR_INVALID_PARAMS')
      expect((error as TradePulseError).location.field).toBe(`${indicator.name}.${p.name}`)
    }
  })

  it('is registered under its name', () => {
    expect(registry.get(indicator.name)).toBe(indicator)
  })
})

describe('the Kuramoto panel', () => {
  it('keeps R and ψ inside their declared ranges, identical assets included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 8, max: 40 }),
        (seed, distinct, copies, window) => {
          const prices = Array.from(
            { length: distinct },
            (_, j) => randomInputs({ length: 160, seed: seed + j }).close,
          )
          for (let j = 0; j < copies; j++) prices.push(prices[0]!)
          const { r, psi } = kuramotoFromPrices(prices, { window })
          expect(outsideRange(r, kuramotoPanel.ranges.r), 'r').toBeUndefined()
          expect(outsideRange(psi, kuramotoPanel.ranges.psi), 'psi').toBeUndefined()
        },
      ),
      { numRuns: 60 },
    )
  })
})

describe('the registry', () => {
  it('names an unknown indicator and lists the known ones', () => {
    expect(() => getIndicator('nope')).toThrow(/no indicator named "nope"; known: sma, ema/)
  })

  it('is catalogued in docs/indicators.md, with each warm-up (a lower bound marked ≥)', () => {
    const doc = readFileSync(new URL('../../docs/indicators.md', import.meta.url), 'utf8')
    for (const i of INDICATORS) {
      const bound = i.dataDependentWarmup === true ? '≥ ' : ''
      // A note may follow the figure in parentheses (the bars it assumes).
      expect(doc, i.name).toMatch(
        new RegExp(
          `^\\| \`${i.name}\` +\\|.*\\| ${bound}${i.warmup(i.resolve({}))}( \\([^|]*\\))? +\\|$`,
          'm',
        ),
      )
    }
  })

  it('holds the sample plugin indicators after the built-ins', () => {
    expect(PLUGIN_INDICATORS.map((i) => i.name)).toEqual(['efficiency-ratio', 'close-zscore'])
    expect(registry.indicators.slice(0, INDICATORS.length)).toEqual(INDICATORS)
  })

  it('has unique names', () => {
    expect(new Set(INDICATORS.map((i) => i.name)).size).toBe(INDICATORS.length)
  })

  it('refuses missing and misaligned inputs', () => {
    const sma = getIndicator('sma')
    expect(() => sma.compute({} as never)).toThrow(/input "value" is missing/)
    expect(() => sma.create().update({} as never)).toThrow(/input "value" is missing from the row/)
  })
})
