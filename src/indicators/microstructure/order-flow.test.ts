import { describe, expect, it } from 'vitest'
import { TradePulseError } from '../../domain/errors.ts'
import { BarSeries } from '../../data/bar-series.ts'
import type { Bar, Quote, TradeTick } from '../../domain/market-data.ts'
import type { InstrumentId } from '../../domain/instrument.ts'
import { parseInterval } from '../../domain/time.ts'
import { getIndicator } from '../registry.ts'
import { inputsFor, inputsFromSeries } from '../series-inputs.ts'
import { orderFlowColumns } from './order-flow-columns.ts'
import { classifyVolume } from './volume-classification.ts'

const f = (values: readonly number[]): Float64Array => Float64Array.from(values)
const list = (values: Float64Array): number[] => Array.from(values)

describe('volume classification of bars', () => {
  it('gives an up bar to buyers, a down bar to sellers, and an unchanged close the last direction', () => {
    const { buyVolume, sellVolume } = classifyVolume(
      f([10, 11, 11, 10.5, 10.5, 12]),
      f([100, 200, 300, 400, 500, 600]),
      'tick-rule',
    )
    expect(list(buyVolume), 'the first bar has no direction yet: half and half').toEqual([
      50, 200, 300, 0, 0, 600,
    ])
    expect(list(sellVolume)).toEqual([50, 0, 0, 400, 500, 0])
  })

  it('splits by Φ(r/σ) under bulk volume classification', () => {
    // r = ln(101/100), ln(100/101), ln(102/100); σ over two returns (n − 1).
    const { buyVolume, sellVolume } = classifyVolume(f([100, 101, 100, 102]), f([10, 10, 10, 10]), 'bulk', 2)
    expect(buyVolume[0]).toBe(5)
    expect(buyVolume[1], 'one return: no σ yet').toBe(5)
    expect(buyVolume[2]).toBeCloseTo(10 * 0.23975006109347674, 10)
    expect(buyVolume[3]).toBeCloseTo(10 * 0.8267131033435833, 10)
    expect(buyVolume[3]! + sellVolume[3]!).toBe(10)
  })
})

describe('cumulative-volume-delta', () => {
  it('adds bought minus sold volume from the first row', () => {
    const out = getIndicator('cumulative-volume-delta').compute({
      buyVolume: f([100, 0, 50, 30]),
      sellVolume: f([0, 100, 50, 70]),
    } as never)
    expect(list(out.value!)).toEqual([100, 0, 0, -40])
  })
})

describe('trade-imbalance', () => {
  it('is the window’s net bought volume over its traded volume', () => {
    const out = getIndicator('trade-imbalance').compute(
      { buyVolume: f([100, 0, 50, 30]), sellVolume: f([0, 100, 50, 70]) } as never,
      { period: 3 },
    )
    expect(out.value![1]).toBeNaN()
    expect(out.value![2], '(150 − 150) / 300').toBe(0)
    expect(out.value![3], '(80 − 220) / 300').toBeCloseTo(-140 / 300, 15)
  })
})

describe('queue-imbalance', () => {
  it('averages (bid size − ask size) / (bid size + ask size), 0 for empty queues', () => {
    const out = getIndicator('queue-imbalance').compute(
      { bidSize: f([300, 100, 0]), askSize: f([100, 100, 0]) } as never,
      { period: 2 },
    )
    expect(list(out.value!)).toEqual([Number.NaN, 0.25, 0])
  })
})

describe('order-aggression', () => {
  it('weights each trade’s position in the spread by its volume', () => {
    const out = getIndicator('order-aggression').compute(
      {
        close: f([10.02, 10.005]),
        bid: f([10, 10]),
        ask: f([10.02, 10.02]),
        volume: f([100, 300]),
      } as never,
      { period: 2 },
    )
    // At the ask (+1) for 100, halfway to the bid (−½) for 300: (100 − 150) / 400.
    expect(out.value![1]).toBeCloseTo(-0.125, 9)
  })

  it('gives a locked quote the sign of the trade against the mid', () => {
    const out = getIndicator('order-aggression').compute(
      { close: f([10.01]), bid: f([10]), ask: f([10]), volume: f([5]) } as never,
      { period: 1 },
    )
    expect(out.value![0]).toBe(1)
  })
})

describe('order-flow inputs from bars', () => {
  const minute = parseInterval('1m')
  const bar = (openTime: number, close: number, volume: number): Bar =>
    ({
      openTime,
      knownAt: openTime + minute.ms,
      interval: minute,
      open: 10,
      high: 12,
      low: 9,
      close,
      volume,
    }) as Bar
  const series = BarSeries.fromBars([bar(0, 10, 100), bar(60_000, 11, 200)], minute)

  it('classifies the volume by the tick rule', () => {
    const inputs = inputsFromSeries(series)
    expect(list(inputs.buyVolume!)).toEqual([50, 200])
    expect(list(inputs.sellVolume!)).toEqual([50, 0])
  })

  it('names the quote column a bar series lacks', () => {
    const error = (() => {
      try {
        inputsFor(getIndicator('queue-imbalance'), inputsFromSeries(series))
      } catch (e) {
        return e
      }
      return undefined
    })()
    expect(error).toBeInstanceOf(TradePulseError)
    expect((error as TradePulseError).code).toBe('INDICATOR_INVALID_INPUT')
    expect((error as TradePulseError).message).toMatch(
      /queue-imbalance reads "bidSize", which this data does not have \(bars carry no quotes/,
    )
  })

  it('takes quote columns supplied from quote data', () => {
    const inputs = inputsFromSeries(series, 'close', undefined, {
      orderFlow: { bidSize: f([300, 100]), askSize: f([100, 100]) },
    })
    const out = getIndicator('queue-imbalance').compute(inputsFor(getIndicator('queue-imbalance'), inputs))
    expect(list(out.value!)).toEqual([0.5, 0])
  })
})

describe('order-flow columns from trades and quotes', () => {
  const instrumentId = 'BTC-USD.SIM' as InstrumentId
  const trade = (tsEvent: number, size: number, aggressor: TradeTick['aggressor']): TradeTick =>
    ({ instrumentId, tsEvent, price: 100, size, aggressor }) as TradeTick
  const quote = (tsEvent: number, bidSize: number, askSize: number): Quote =>
    ({ instrumentId, tsEvent, bidPrice: 99.5, bidSize, askPrice: 100.5, askSize }) as Quote

  it('sums aggressor volume per bar and keeps the quote in force at each close', () => {
    const columns = orderFlowColumns(
      f([0, 60_000, 120_000]),
      60_000,
      [
        trade(1_000, 3, 'buy'),
        trade(59_999, 2, 'sell'),
        trade(60_000, 4, 'unknown'),
        trade(130_000, 1, 'buy'),
      ],
      [quote(500, 10, 30), quote(70_000, 20, 20), quote(120_000, 5, 15)],
    )
    expect(list(columns.buyVolume)).toEqual([3, 2, 1])
    expect(list(columns.sellVolume)).toEqual([2, 2, 0])
    expect(list(columns.bidSize), 'the quote at 120 000 is in force by the third close').toEqual([10, 20, 5])
    expect(list(columns.askSize)).toEqual([30, 20, 15])
  })

  it('leaves the quotes NaN before the first quote', () => {
    const columns = orderFlowColumns(f([0, 60_000]), 60_000, [], [quote(90_000, 1, 1)])
    expect(list(columns.bid)).toEqual([Number.NaN, 99.5])
  })

  it('refuses trades out of time order, naming the trade', () => {
    expect(() => orderFlowColumns(f([0]), 60_000, [trade(2_000, 1, 'buy'), trade(1_000, 1, 'buy')])).toThrow(
      /trade 1 at 1000 is earlier than the trade before it/,
    )
  })
})
