import { describe, expect, it } from 'vitest'
import { renderSweepReport } from './render.ts'
import { reportInput } from './testing/sweep-report-input.ts'

describe('renderSweepReport', () => {
  const html = renderSweepReport(reportInput())

  it('draws one heat map cell per pair of values, with its value and hover text', () => {
    expect(html.match(/<rect class="cell"/g)).toHaveLength(12)
    expect(html).toContain('data-x="6" data-y="10" data-value="0.6"')
    expect(html).toContain('<title>fast=6, slow=10: best sharpe 0.6000 of 1 combination(s)</title>')
    expect(html).toContain('0.6000 (best)')
  })

  it('lists the best combinations first and states the verdict', () => {
    expect(html).toContain('<td class="best">fast=6 slow=10</td>')
    expect(html).toMatch(/<p class="verdict">[^<]+<\/p>/)
    expect(html).toContain('class="logits"')
  })

  it('escapes text and loads nothing from elsewhere', () => {
    expect(html).toContain('Sweep abc&lt;def')
    expect(html).not.toMatch(/<script|https?:\/\//)
  })

  it('maps the parameters asked for, and says so when there are none to map', () => {
    const none = renderSweepReport({ ...reportInput(), heatmap: ['fast', 'missing'] })
    expect(none).toContain('No two numeric parameters with values to map.')
  })
})
