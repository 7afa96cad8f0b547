import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const root = new URL('../../', import.meta.url)

describe('bundled data', () => {
  it('ships the S&P 500 file unchanged from vega-datasets 3.2.1', () => {
    const bytes = readFileSync(new URL('data/sp500-2000.csv', root))
    expect(createHash('sha256').update(bytes).digest('hex')).toBe('9409e9342d0657c747324e4cfabce8a8c7f663bc485b95a3378f36b0a160f8c8')
    expect(bytes.toString('utf8').split('\n')).toHaveLength(5106)
  })
})
