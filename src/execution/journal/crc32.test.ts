import { crc32 as zlibCrc32 } from 'node:zlib'

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { crc32, crc32Hex } from './crc32.ts'

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text)

describe('crc32', () => {
  it('matches the published CRC-32/IEEE check values', () => {
    expect(crc32Hex(ascii('123456789')), 'the catalogue check value').toBe('cbf43926')
    expect(crc32(ascii(''))).toBe(0)
    expect(crc32Hex(ascii('a'))).toBe('e8b7be43')
    expect(crc32Hex(ascii('abc'))).toBe('352441c2')
    expect(crc32Hex(ascii('The quick brown fox jumps over the lazy dog'))).toBe('414fa339')
    expect(crc32Hex(new Uint8Array(32))).toBe('190a55ad')
    expect(crc32Hex(new Uint8Array(32).fill(0xff))).toBe('ff6cab0b')
  })

  it('zero-pads the hex form to eight digits', () => {
    // One CRC in sixteen is below 0x10000000 and needs a leading zero; find a short input with one.
    const input = Array.from({ length: 64 }, (_, i) => ascii(`x${i}`)).find(
      (bytes) => crc32(bytes) < 0x10000000,
    )
    expect(input).toBeDefined()
    expect(crc32Hex(input!)).toMatch(/^0[0-9a-f]{7}$/)
  })

  it('agrees with zlib on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        expect(crc32(bytes)).toBe(zlibCrc32(bytes))
      }),
    )
  })

  it('checksums a sequence in pieces: crc32(b, crc32(a)) is the CRC of a then b', () => {
    fc.assert(
      fc.property(fc.uint8Array(), fc.uint8Array(), (a, b) => {
        const whole = new Uint8Array(a.length + b.length)
        whole.set(a)
        whole.set(b, a.length)
        expect(crc32(b, crc32(a))).toBe(crc32(whole))
      }),
    )
  })
})
