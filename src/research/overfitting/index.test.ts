import { describe, expect, it } from 'vitest'
import * as overfitting from './index.ts'

describe('the overfitting entry point', () => {
  it('exports the statistics, their constants and the normal distribution, nothing else', () => {
    expect(Object.keys(overfitting).sort()).toEqual([
      'DEFAULT_CONFIDENCE',
      'DEFAULT_PARTITIONS',
      'EULER_MASCHERONI',
      'MAX_PARTITIONS',
      'deflateSharpeEstimate',
      'deflatedSharpeRatio',
      'expectedMaximumSharpe',
      'normalCdf',
      'normalDensity',
      'normalQuantile',
      'probabilisticSharpeRatio',
      'probabilityOfBacktestOverfitting',
      'sharpeMoments',
      'sharpeStandardError',
    ])
  })
})
