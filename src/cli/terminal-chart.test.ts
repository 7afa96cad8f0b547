import { describe, expect, it } from 'vitest'
import { renderLineChart } from './terminal-chart.ts'

describe('renderLineChart', () => {
  it('draws a rising line from the bottom-left to the top-right with labelled extremes', () => {
    const chart = renderLineChart([1, 2, 3, 4], { width: 2, height: 1, formatY: (v) => v.toFixed(0) })
    // 4 dot columns, 4 dot rows: value k sits on row 4-k, so the cells read ⣠ ⠊ … as a diagonal.
    expect(chart).toBe('4 ┤⡠⠊\n')
  })

  it('spans min..max inside a dot column so a spike is never averaged away', () => {
    const values = [0, 0, 10, 0, 0, 0, 0, 0]
    const chart = renderLineChart(values, { width: 1, height: 1, formatY: (v) => v.toFixed(0) })
    expect(chart, 'the left dot column holds the spike and so is filled top to bottom').toBe('10 ┤⣇\n')
  })

  it('adds a title and x labels, and copes with no finite data', () => {
    const chart = renderLineChart([5, 5], { width: 10, height: 2, title: 'flat', xLabels: ['a', 'b'] })
    expect(chart.split('\n')[0]).toBe('flat')
    expect(chart.trimEnd().split('\n').at(-1)).toMatch(/^\s+a\s+b$/)
    expect(renderLineChart([Number.NaN], { title: 't' })).toBe('t\n(no data)\n')
    expect(renderLineChart([])).toBe('(no data)\n')
  })
})
