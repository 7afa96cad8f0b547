/**
 * OBV against hand-computed values and technicalindicators, which emits nothing for the first bar:
 * its i-th value is our value at bar i + 1.
 */
import { OBV as TiObv } from 'technicalindicators'
import { describe, expect, it } from 'vitest'
import { firstMismatch, randomInputs } from '../testing/random-inputs.ts'
import { Obv, obv } from './obv.ts'

describe('obv', () => {
  it('adds volume on up closes, subtracts it on down closes, from 0 on the first bar', () => {
    const close = Float64Array.of(10, 11, 11, 9, 12)
    const volume = Float64Array.of(5, 6, 7, 8, 9)
    expect(Array.from(obv(close, volume))).toEqual([0, 6, 6, -2, 7])
    const stream = new Obv()
    expect(Array.from(close, (c, i) => stream.update({ close: c, volume: volume[i]! }).value)).toEqual([
      0, 6, 6, -2, 7,
    ])
  })

  it('skips a bar with a non-finite close or volume', () => {
    const out = obv(
      Float64Array.of(10, 11, Number.NaN, 9),
      Float64Array.of(1, 2, 3, Number.POSITIVE_INFINITY),
    )
    expect(Array.from(out)).toEqual([0, 2, Number.NaN, Number.NaN])
  })

  it('matches technicalindicators, shifted by its missing first bar', () => {
    const { close, volume } = randomInputs({ length: 3000, seed: 114 })
    const theirs = TiObv.calculate({ close: Array.from(close), volume: Array.from(volume) })
    expect(theirs.length).toBe(close.length - 1)
    expect(firstMismatch(obv(close, volume).subarray(1), Float64Array.from(theirs))).toBe(-1)
  })
})
