import { describe, expect, it } from 'vitest'
import * as report from './index.ts'

describe('the report entry point', () => {
  it('exports the renderer and the data it draws, nothing else', () => {
    expect(Object.keys(report).sort()).toEqual([
      'monthlyReturns',
      'renderReport',
      'reportChartData',
      'yearRows',
    ])
  })
})
