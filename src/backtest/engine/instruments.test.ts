import { describe, expect, it } from 'vitest'
import { formatDecimal } from '../../domain/decimal.ts'
import { instrumentForSeries } from './instruments.ts'
import { seriesOf } from './testing/bars.ts'

function tickOf(prices: readonly number[]): string {
  const series = seriesOf(prices.map((p) => [p, p, p, p, 1] as const))
  return formatDecimal(instrumentForSeries('T', series).tickSize)
}

describe('instrumentForSeries', () => {
  it('takes cents for prices in cents', () => {
    expect(tickOf([101.25, 99.5, 100])).toBe('0.01')
  })

  it('goes finer when the prices carry more decimals', () => {
    expect(tickOf([0.1234, 0.5])).toBe('0.0001')
  })

  it('keeps six significant digits for prices on no grid', () => {
    expect(tickOf([1 / 3, 2 / 3])).toBe('0.000001')
    expect(tickOf([100 / 3])).toBe('0.0001')
  })

  it('names the instrument, its currency and a lot of one', () => {
    const instrument = instrumentForSeries('SPY', seriesOf([[1, 1, 1, 1, 1]]), 'EUR')
    expect([instrument.id, instrument.quoteCurrency.code, formatDecimal(instrument.lotSize)]).toEqual([
      'SPY.BACKTEST',
      'EUR',
      '1',
    ])
  })
})
