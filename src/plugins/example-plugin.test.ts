/**
 * The sample plugin in examples/plugin-indicators, loaded by path through the allowlist with its
 * real pinned hash, checked against values worked out by hand. (The indicator contract test runs
 * over the same two indicators.)
 */
import { describe, expect, it } from 'vitest'
import type { InputName } from '../indicators/core/definition.ts'
import { checkAllowlist } from './allowlist.ts'
import { readPluginAllowlist } from './config.ts'
import { loadIndicatorPlugins } from './indicator-plugins.ts'
import {
  EXAMPLE_ALLOWLIST,
  EXAMPLE_PLUGIN_ENTRY,
  EXAMPLE_PLUGIN_PATH,
  REPOSITORY_ROOT,
} from './testing/example-plugin.ts'

/** The columns an indicator reads; the registry's erased type asks for every input name. */
function only<T>(columns: Partial<Record<InputName, T>>): Record<InputName, T> {
  return columns as Record<InputName, T>
}

const registry = await loadIndicatorPlugins([EXAMPLE_PLUGIN_PATH], {
  cwd: REPOSITORY_ROOT,
  allowlist: EXAMPLE_ALLOWLIST,
})

describe('the efficiency-ratio plugin indicator', () => {
  const er = registry.get('efficiency-ratio')

  it('is the net change over the path travelled', () => {
    // Closes 10 11 10 12 with period 3: net |12 − 10| = 2, path 1 + 1 + 2 = 4, so 0.5.
    // One more close, 13: net |13 − 11| = 2, path 1 + 2 + 1 = 4, again 0.5; then 14: net 4 / path 4 = 1.
    const out = er.compute(only({ value: Float64Array.from([10, 11, 10, 12, 13, 14]) }), { period: 3 })
    expect(Array.from(out.value!)).toEqual([NaN, NaN, NaN, 0.5, 0.5, 1])
  })

  it('is 0 on a flat window, where there was no path at all', () => {
    const out = er.compute(only({ value: Float64Array.from([5, 5, 5, 5]) }), { period: 2 })
    expect(Array.from(out.value!)).toEqual([NaN, NaN, 0, 0])
  })

  it('streams what it computes in batch, row by row', () => {
    const stream = er.create({ period: 3 })
    const rows = [10, 11, 10, 12, 13, 14].map((value) => stream.update(only({ value })).value)
    expect(rows).toEqual([NaN, NaN, NaN, 0.5, 0.5, 1])
  })

  it('names its parameter when it is out of range', () => {
    expect(() => er.resolve({ period: 0 })).toThrow('efficiency-ratio.period: Too small')
  })
})

describe('the close-zscore plugin indicator', () => {
  const zscore = registry.get('close-zscore')

  it('is the distance of the close from the window mean, in population deviations', () => {
    // Closes 1 2 3 4, period 4: mean 2.5, variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25,
    // z = 1.5 / √1.25 = 1.3416407864998738.
    const out = zscore.compute(only({ close: Float64Array.from([1, 2, 3, 4]) }), { period: 4 })
    expect(out.value![3]).toBeCloseTo(1.3416407864998738, 14)
    expect(Number.isNaN(out.value![2]!)).toBe(true)
  })

  it('is 0 on a flat window and reads the close, not the value column', () => {
    expect(zscore.inputs).toEqual(['close'])
    const out = zscore.compute(only({ close: Float64Array.from([7, 7, 7]) }), { period: 3 })
    expect(out.value![2]).toBe(0)
  })

  it('refuses a window of one close, which has no deviation', () => {
    expect(() => zscore.resolve({ period: 1 })).toThrow('close-zscore.period: Too small')
  })
})

describe('the pinned sample plugin', () => {
  it('is listed, unchanged, in the repository configuration with the hash the tests pin', () => {
    const allowlist = readPluginAllowlist(REPOSITORY_ROOT)
    expect(allowlist.plugins).toContainEqual(EXAMPLE_PLUGIN_ENTRY)
    expect(checkAllowlist(allowlist).map((c) => c.status)).toEqual(allowlist.plugins.map(() => 'ok'))
  })
})
