import { describe, expect, it } from 'vitest'
import * as metrics from './index.ts'

describe('the metrics entry point', () => {
  it('exports the computation and its parts, nothing else', () => {
    expect(Object.keys(metrics).sort()).toEqual([
      'computeMetrics',
      'drawdownSeries',
      'inferAnnualisation',
      'maxDrawdown',
      'performanceStats',
      'tradeStats',
      'weekdayMillisBetween',
    ])
  })
})
